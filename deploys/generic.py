"""
The body any CI sends to `POST /webhooks/deploy` (GitLab, Jenkins, Argo Workflows, a script).

    {"app": "web", "namespace": "staging", "image": "ghcr.io/acme/web:1.4.2",
     "channel": "C0DEPLOYS", "commit": "3484a3f…", "author": "alice",
     "url": "https://ci.example.com/runs/163", "message": "Fix checkout"}

`channel`, `commit`, `author`, `url`, `message` and `container` are optional.
The token is CI's permission (within the policy's namespaces); a deploy rule
for the same app and namespace that asks for approval asks for it here too,
so the generic route is no way around an approval.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bodies import InvalidJson, parse_json
from deploys import errors, rules
from deploys.request import Approval, DeployRequest, Source

__all__ = ["CiDeployBody", "parse_ci_body"]

# Used with `fullmatch` only: a value with a trailing newline is refused, not stored as sent.
_URL = re.compile(r"https?://[^\s<>|]{1,2000}")
_COMMIT = re.compile(r"[0-9a-fA-F]{4,64}")


class CiDeployBody(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    app: rules.KubeName
    namespace: rules.KubeName
    image: str
    container: rules.KubeName | None = None
    channel: rules.ChannelRef | None = None
    commit: str | None = None
    author: str | None = Field(default=None, max_length=100)
    url: str | None = None
    message: str | None = Field(default=None, max_length=2000)

    @field_validator("image")
    @classmethod
    def _image(cls, value: str) -> str:
        if not rules.IMAGE.fullmatch(value):
            raise ValueError(f"{value[:80]!r} is not an image reference")
        return value

    @field_validator("commit")
    @classmethod
    def _commit(cls, value: str | None) -> str | None:
        if value is not None and not _COMMIT.fullmatch(value):
            raise ValueError("commit must be a hexadecimal sha")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not _URL.fullmatch(value):
            raise ValueError("url must be an http(s) URL")
        return value

    def request(self, deploy_rules: rules.DeployRules) -> DeployRequest:
        """The deploy to run; approval follows the strictest rule for this app and namespace."""
        matching = [r for r in deploy_rules if r.app == self.app and r.namespace in (self.namespace, None)]
        approval = Approval.REQUIRED if any(r.approval is Approval.REQUIRED for r in matching) else Approval.NONE
        return DeployRequest(
            app=self.app,
            namespace=self.namespace,
            image=self.image,
            source=Source.CI,
            container=self.container,
            channel=self.channel or deploy_rules.channel_for(self.app, self.namespace),
            commit=self.commit,
            author=self.author,
            author_slack=deploy_rules.slack_user(self.author),
            url=self.url,
            message=(self.message or "").splitlines()[0][:200] if self.message else None,
            approval=approval,
            two_person=any(r.two_person for r in matching),
        )


def parse_ci_body(body: bytes) -> CiDeployBody:
    """Validate the JSON body; raises InvalidPayload listing what is wrong."""
    try:
        data: Any = parse_json(body)
    except InvalidJson as exc:
        raise errors.InvalidPayload("deploy request", [exc.sentence]) from exc
    try:
        return CiDeployBody.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(map(str, e['loc'])) or 'body'}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors(include_url=False)
        ]
        raise errors.InvalidPayload("deploy request", problems[:5]) from exc
