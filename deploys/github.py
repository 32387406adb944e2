"""
The GitHub webhook events that can start a deploy, as typed values.

Field names follow GitHub's documented example payloads (octokit/webhooks'
`payload-examples`, PROTOCOLS.md §9). Only the fields a deploy needs are
modelled; GitHub adds fields over time, so unknown keys are ignored rather
than refused. `parse_event` picks the model from the `X-GitHub-Event` header.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from bodies import InvalidJson, parse_json
from deploys import errors

__all__ = [
    "EVENTS",
    "Account",
    "DeploymentEvent",
    "GitHubEvent",
    "PingEvent",
    "PushEvent",
    "RegistryPackageEvent",
    "ReleaseEvent",
    "Repository",
    "WorkflowRunEvent",
    "parse_event",
]


# A commit sha as GitHub sends it (40 hex digits; 64 in SHA-256 repositories), judged whole:
# "0123abc\n" is refused, so what fills {sha} and what is recorded are the same text.
_SHA = re.compile(r"[0-9a-fA-F]{4,64}")


def _sha(value: str) -> str:
    if not _SHA.fullmatch(value):
        raise ValueError(f"{value[:80]!r} is not a commit sha")
    return value


Sha = Annotated[str, AfterValidator(_sha)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Account(_Model):
    login: str


class Repository(_Model):
    full_name: str  # owner/name
    html_url: str | None = None


class GitActor(_Model):
    name: str | None = None
    email: str | None = None
    username: str | None = None  # push commits only


class Commit(_Model):
    id: str
    message: str = ""
    url: str | None = None
    author: GitActor | None = None


class _RepositoryEvent(_Model):
    repository: Repository
    sender: Account | None = None


class PingEvent(_Model):
    """Sent once when the webhook is created; answered, never acted on."""

    zen: str = ""
    hook_id: int | None = None


class PushEvent(_RepositoryEvent):
    ref: str  # refs/heads/main or refs/tags/v1.4.2
    before: str = ""
    after: Sha  # all zeros when the ref was deleted
    deleted: bool = False
    compare: str | None = None
    head_commit: Commit | None = None  # null on delete
    pusher: GitActor | None = None

    @property
    def branch(self) -> str | None:
        return self.ref.removeprefix("refs/heads/") if self.ref.startswith("refs/heads/") else None

    @property
    def tag(self) -> str | None:
        return self.ref.removeprefix("refs/tags/") if self.ref.startswith("refs/tags/") else None


class Workflow(_Model):
    name: str = ""
    path: str = ""


class WorkflowHeadCommit(_Model):
    id: str
    message: str = ""
    author: GitActor | None = None


class WorkflowRun(_Model):
    id: int
    name: str | None = None
    head_branch: str | None = None
    head_sha: Sha
    event: str | None = None
    status: str | None = None
    conclusion: str | None = None  # null until the run completes
    run_number: int | None = None
    html_url: str | None = None
    head_commit: WorkflowHeadCommit | None = None
    actor: Account | None = None  # newer payloads: who started the run


class WorkflowRunEvent(_RepositoryEvent):
    action: str  # requested, in_progress, completed
    workflow_run: WorkflowRun
    workflow: Workflow | None = None


class Release(_Model):
    id: int
    tag_name: str
    target_commitish: str | None = None  # a branch name or a sha
    name: str | None = None
    draft: bool = False
    prerelease: bool = False
    html_url: str | None = None
    author: Account | None = None


class ReleaseEvent(_RepositoryEvent):
    action: str  # published, created, edited, released, ...
    release: Release


class ContainerTag(_Model):
    name: str = ""  # empty for the per-platform manifests of a multi-arch image
    digest: str = ""


class ContainerMetadata(_Model):
    tag: ContainerTag = Field(default_factory=ContainerTag)


class PackageVersion(_Model):
    id: int | None = None
    version: str = ""  # for containers: the digest
    html_url: str | None = None
    package_url: str | None = None  # ghcr.io/owner/name:tag
    target_commitish: str | None = None
    target_oid: str | None = None
    container_metadata: ContainerMetadata | None = None


class RegistryPackage(_Model):
    name: str
    namespace: str | None = None
    ecosystem: str | None = None
    package_type: str | None = None  # CONTAINER for ghcr.io images
    html_url: str | None = None
    package_version: PackageVersion | None = None

    @property
    def is_container(self) -> bool:
        kinds = {(self.package_type or "").lower(), (self.ecosystem or "").lower()}
        return bool(kinds & {"container", "docker"})


class RegistryPackageEvent(_RepositoryEvent):
    action: str  # published, updated
    registry_package: RegistryPackage


class Deployment(_Model):
    id: int
    sha: Sha
    ref: str
    task: str = "deploy"
    environment: str = ""
    description: str | None = None
    creator: Account | None = None
    url: str | None = None


class DeploymentEvent(_RepositoryEvent):
    action: str = "created"
    deployment: Deployment


GitHubEvent = PingEvent | PushEvent | WorkflowRunEvent | ReleaseEvent | RegistryPackageEvent | DeploymentEvent

EVENTS: dict[str, type[_Model]] = {
    "ping": PingEvent,
    "push": PushEvent,
    "workflow_run": WorkflowRunEvent,
    "release": ReleaseEvent,
    "registry_package": RegistryPackageEvent,
    "deployment": DeploymentEvent,
}


def parse_event(name: str, body: bytes, *, content_type: str = "application/json") -> GitHubEvent | None:
    """The event named by `X-GitHub-Event`, parsed; None for an event we never act on.

    A hook set to `application/x-www-form-urlencoded` sends the JSON as the form field `payload`.
    """
    model = EVENTS.get(name)
    if model is None:
        return None
    try:
        if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode(), strict_parsing=False)
            body = (form.get("payload") or [""])[0].encode()
        data: Any = parse_json(body)
    except UnicodeDecodeError as exc:
        raise errors.InvalidPayload(f"GitHub {name} event", ["The body is not UTF-8; send UTF-8."]) from exc
    except InvalidJson as exc:
        raise errors.InvalidPayload(f"GitHub {name} event", [exc.sentence]) from exc
    try:
        return model.model_validate(data)  # type: ignore[return-value]
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors(include_url=False)]
        raise errors.InvalidPayload(f"GitHub {name} event", problems[:5]) from exc
