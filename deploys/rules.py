"""
Which CI events deploy which app, from the deploy rules file (`KLEPAAS_DEPLOYS`).

    channel: "C0DEPLOYS"             # default channel for rules without one and for outside deploys
    language: en                     # what the bot writes in deploy messages: en or ko
    people: {alice: U0123ABCD}       # GitHub login -> Slack user ID (two_person, mentions)
    watch: [staging]                 # namespaces whose outside deploys are announced
    deploys:
      - repo: acme/web
        events: [workflow_run]       # push, release, workflow_run, registry_package, deployment
        branch: main                 # push / workflow_run / deployment: only this branch
        workflow: build              # workflow_run: only this workflow (optional)
        environment: production      # deployment: only this environment (optional)
        app: web
        namespace: staging
        container: web               # omit = the Deployment's only container
        image: ghcr.io/acme/web:{sha}   # {sha}, {short_sha}, {tag}, {digest}
        channel: "C0DEPLOYS"
        approval: none               # none | required
        two_person: false            # true: the author may not approve their own deploy

A rule is itself CI's permission to deploy that app there (DESIGN.md). The file
is validated on load; an error is one sentence naming the bad rule.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from deploys import errors
from deploys.request import Approval
from templates.slack_ids import is_user_id

__all__ = ["IMAGE", "PLACEHOLDERS", "ChannelRef", "DeployRule", "DeployRules", "EventName", "KubeName"]

# Every pattern here judges a whole value: use it with `fullmatch` only. (`match` with a final `$`
# also accepts the value followed by a newline, "nginx:1.27\n", which the cluster then got stripped
# while the record, the audit row and the message kept the newline.)
# RFC 1123 label: Deployment, container and namespace names.
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
_BRANCH = re.compile(r"[^\s~^:?*\[\\]{1,255}")  # git check-ref-format, roughly
_CHANNEL = re.compile(r"#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{2,}")
# What an image reference may look like once filled in (the Command frame's rule).
IMAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}")


class EventName(enum.StrEnum):
    PUSH = "push"
    RELEASE = "release"
    WORKFLOW_RUN = "workflow_run"
    REGISTRY_PACKAGE = "registry_package"
    DEPLOYMENT = "deployment"


# Which placeholders each event can fill (push fills {tag} only for a tag push).
PLACEHOLDERS: dict[EventName, frozenset[str]] = {
    EventName.WORKFLOW_RUN: frozenset({"sha", "short_sha"}),
    EventName.PUSH: frozenset({"sha", "short_sha", "tag"}),
    EventName.RELEASE: frozenset({"sha", "short_sha", "tag"}),
    EventName.REGISTRY_PACKAGE: frozenset({"tag", "digest"}),
    EventName.DEPLOYMENT: frozenset({"sha", "short_sha"}),
}
_ALL_PLACEHOLDERS = frozenset().union(*PLACEHOLDERS.values())
_SAMPLE = {"sha": "0" * 40, "short_sha": "0" * 7, "tag": "v1.0.0", "digest": "sha256:" + "0" * 64}


def _dns_label(value: str) -> str:
    """Refuse what is not a Kubernetes name (Deployments, containers, namespaces)."""
    if not _DNS_LABEL.fullmatch(value):
        raise ValueError(f"{value!r} is not a Kubernetes name (lowercase letters, digits and '-')")
    return value


def _channel(value: str) -> str:
    """Refuse what is neither a #channel-name nor a Slack channel ID."""
    if not _CHANNEL.fullmatch(value):
        raise ValueError(f"{value!r} is neither a #channel-name nor a channel ID")
    return value


KubeName = Annotated[str, AfterValidator(_dns_label)]
ChannelRef = Annotated[str, AfterValidator(_channel)]


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` fields of an image template; raises ValueError on anything else."""
    found = set()
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if field not in _ALL_PLACEHOLDERS or spec or conversion:
            known = ", ".join(f"{{{p}}}" for p in sorted(_ALL_PLACEHOLDERS))
            raise ValueError(f"image template may use only {known}, not {{{field}}}")
        found.add(field)
    return frozenset(found)


class DeployRule(BaseModel):
    """One rule: these events of this repository deploy this image to this app."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    repo: str
    events: tuple[EventName, ...] = Field(min_length=1)
    branch: str | None = None
    workflow: str | None = None
    environment: str | None = None
    app: KubeName
    namespace: KubeName | None = None
    container: KubeName | None = None
    image: str
    channel: ChannelRef | None = None
    approval: Approval = Approval.NONE
    two_person: bool = False

    @field_validator("repo")
    @classmethod
    def _repo(cls, value: str) -> str:
        if not _REPO.fullmatch(value):
            raise ValueError(f"{value!r} is not a GitHub owner/name")
        return value

    @field_validator("events", mode="before")
    @classmethod
    def _one_event(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("branch")
    @classmethod
    def _branch(cls, value: str | None) -> str | None:
        if value is not None and not _BRANCH.fullmatch(value):
            raise ValueError(f"{value!r} is not a branch name")
        return value

    @field_validator("image")
    @classmethod
    def _image(cls, value: str) -> str:
        placeholders(value)
        if not IMAGE.fullmatch(value.format_map(_SAMPLE)):
            raise ValueError(f"{value!r} does not make an image reference")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> DeployRule:
        used = placeholders(self.image)
        if not any(used <= PLACEHOLDERS[event] for event in self.events):
            missing = sorted(used - PLACEHOLDERS[self.events[0]])
            events = " or ".join(e.value for e in self.events)
            raise ValueError(f"{events} events give no {', '.join(f'{{{m}}}' for m in missing)}")
        if self.two_person and self.approval is not Approval.REQUIRED:
            raise ValueError("two_person: true needs approval: required")
        return self

    def fill(self, values: Mapping[str, str]) -> str | None:
        """The image for these values; None when the template needs one the event did not give."""
        if not placeholders(self.image) <= {k for k, v in values.items() if v}:
            return None
        return self.image.format_map(values)


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: ChannelRef | None = None
    language: Literal["en", "ko"] = "en"
    people: dict[str, str] = Field(default_factory=dict)
    watch: tuple[KubeName, ...] = ()
    deploys: tuple[DeployRule, ...] = ()

    @field_validator("people")
    @classmethod
    def _people(cls, value: dict[str, str]) -> dict[str, str]:
        for login, user in value.items():
            if not is_user_id(str(user)):
                raise ValueError(f"{login}: {user!r} is not a Slack user ID (U…)")
        return {login.lower(): user for login, user in value.items()}

    @model_validator(mode="after")
    def _channels(self) -> _RulesFile:
        for index, rule in enumerate(self.deploys):
            if rule.channel is None and self.channel is None:
                raise errors.InvalidRules(
                    f"deploy rule #{index + 1} ({rule.repo} → {rule.app}): channel: "
                    "give the rule a channel or the file a default `channel:`.",
                    rule=index,
                )
        return self


@dataclasses.dataclass(frozen=True, slots=True)
class DeployRules:
    """The loaded file; an empty one deploys nothing."""

    rules: tuple[DeployRule, ...] = ()
    default_channel: str | None = None
    people: Mapping[str, str] = dataclasses.field(default_factory=dict)
    watch: tuple[str, ...] = ()
    language: Literal["en", "ko"] = "en"

    @classmethod
    def empty(cls) -> DeployRules:
        return cls(rules=(), default_channel=None, people={}, watch=())

    @classmethod
    def from_yaml(cls, source: str | Path) -> DeployRules:
        """Load rules from YAML text or a file path; raises InvalidRules, one sentence naming the rule."""
        where = f"deploy rules file {source}" if isinstance(source, Path) else "deploy rules"
        try:
            text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
        except OSError as exc:
            raise errors.InvalidRules(f"{where} cannot be read: {exc.strerror or exc}.") from exc
        try:
            data: Any = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" (line {mark.line + 1})" if mark is not None else ""
            raise errors.InvalidRules(f"{where} is not valid YAML{at}.") from exc
        if data is None:
            data = {}
        if isinstance(data, list):
            data = {"deploys": data}
        if not isinstance(data, Mapping):
            raise errors.InvalidRules(f"{where} must be a mapping with a `deploys:` list.")
        try:
            parsed = _RulesFile.model_validate(data)
        except ValidationError as exc:
            raise _explained(exc, data) from exc
        return cls(
            rules=parsed.deploys,
            default_channel=parsed.channel,
            people=parsed.people,
            watch=parsed.watch,
            language=parsed.language,
        )

    def __iter__(self) -> Iterator[DeployRule]:
        return iter(self.rules)

    def for_repo(self, repo: str, event: EventName) -> list[DeployRule]:
        """The rules for this repository and event (GitHub names are case-insensitive)."""
        return [r for r in self.rules if r.repo.lower() == repo.lower() and event in r.events]

    def channel_for(self, app: str, namespace: str) -> str | None:
        """The channel of the first rule for this app there, else the file's default."""
        for rule in self.rules:
            if rule.app == app and rule.namespace in (namespace, None) and rule.channel:
                return rule.channel
        return self.default_channel

    def slack_user(self, login: str | None) -> str | None:
        """The Slack user ID of a GitHub login (or of a Slack user ID given as the author)."""
        if not login:
            return None
        if is_user_id(login):
            return login
        return self.people.get(login.lower())


def _explained(exc: ValidationError, data: Mapping[str, Any]) -> errors.InvalidRules:
    """Turn pydantic's first error into one sentence that points at the rule by number and repo."""
    first = exc.errors(include_url=False)[0]
    message = str(first["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    message = message[:1].lower() + message[1:]
    loc = list(first["loc"])
    if len(loc) >= 2 and loc[0] == "deploys" and isinstance(loc[1], int):
        index = loc[1]
        rule = data["deploys"][index]
        what = ""
        if isinstance(rule, Mapping) and rule.get("repo"):
            what = f" ({rule.get('repo')}" + (f" → {rule['app']}" if rule.get("app") else "") + ")"
        field = "".join(f"{p}: " for p in loc[2:3])
        return errors.InvalidRules(f"deploy rule #{index + 1}{what}: {field}{message}.", rule=index)
    field = ".".join(str(p) for p in loc[:1]) or "file"
    return errors.InvalidRules(f"deploy rules: {field}: {message}.")
