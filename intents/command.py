"""
The Command frame: what every parser produces and what cluster/ executes.

A Command crosses a trust boundary (people's text, an LLM's answer), so it is a
pydantic model that validates like user input: names look like Kubernetes
names, numbers are bounded, nothing else is accepted.
"""

from __future__ import annotations

import enum
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Both judge a whole value, with `fullmatch` (no anchors: `$` would also match before a final newline).
# RFC 1123 label: what Deployment and namespace names may look like.
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
# An image reference or a bare tag, without whitespace or shell metacharacters.
_IMAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}")

MAX_REPLICAS = 100
MAX_LINES = 500


class Intent(enum.StrEnum):
    STATUS = "status"
    LOGS = "logs"
    ENDPOINT = "endpoint"
    RESTART = "restart"
    SCALE = "scale"
    ROLLBACK = "rollback"
    DEPLOY = "deploy"
    HISTORY = "history"
    USAGE = "usage"  # CPU and memory of an app's pods (Prometheus)
    OVERVIEW = "overview"
    LIST_PODS = "list_pods"
    LIST_DEPLOYMENTS = "list_deployments"
    LIST_SERVICES = "list_services"
    LIST_INGRESSES = "list_ingresses"
    LIST_NAMESPACES = "list_namespaces"
    LIST_APPS = "list_apps"
    AUDIT = "audit"  # plain syntax only (intents/audit_syntax.py)
    HELP = "help"
    UNKNOWN = "unknown"

    @property
    def mutating(self) -> bool:
        return self in MUTATING


MUTATING = frozenset({Intent.RESTART, Intent.SCALE, Intent.ROLLBACK, Intent.DEPLOY})
# Intents that act on one app and cannot run without it.
NEEDS_APP = frozenset(
    {
        Intent.STATUS,
        Intent.LOGS,
        Intent.ENDPOINT,
        Intent.RESTART,
        Intent.SCALE,
        Intent.ROLLBACK,
        Intent.DEPLOY,
        Intent.HISTORY,
        Intent.USAGE,
    }
)


class Command(BaseModel):
    """What to do, with the arguments a parser found; None means 'not said'."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    intent: Intent
    app: str | None = Field(default=None, max_length=63)
    namespace: str | None = Field(default=None, max_length=63)
    replicas: int | None = Field(default=None, ge=0, le=MAX_REPLICAS)
    lines: int | None = Field(default=None, ge=1, le=MAX_LINES)
    image: str | None = Field(default=None, max_length=255)
    revision: int | None = Field(default=None, ge=1)

    @field_validator("app", "namespace")
    @classmethod
    def _dns_label(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().lower()
        if not _DNS_LABEL.fullmatch(value):
            raise ValueError("must be a Kubernetes name (lowercase letters, digits and '-')")
        return value

    @field_validator("image")
    @classmethod
    def _image_ref(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not _IMAGE.fullmatch(value):
            raise ValueError("must be an image reference or a tag")
        return value

    @property
    def mutating(self) -> bool:
        return self.intent.mutating

    @property
    def missing(self) -> str | None:
        """The piece this command cannot run without and was not given: "app", "replicas" or "image"."""
        if self.intent in NEEDS_APP and self.app is None:
            return "app"
        if self.intent is Intent.SCALE and self.replicas is None:
            return "replicas"
        if self.intent is Intent.DEPLOY and self.image is None:
            return "image"
        return None

    def runnable(self) -> Command:
        """This command when the message alone can run it, else `unknown`: "restart it", "scale to 3" and
        "deploy web" name no app, count or image. The bot completes such a command from the thread's
        memory or asks for the piece (bot/conversation/clarify.py), never from a guess."""
        return self if self.missing is None else Command(intent=Intent.UNKNOWN)

    def frame(self) -> dict[str, object]:
        """The flat frame `klepaas parse --jsonl` prints (DESIGN.md)."""
        return {
            "intent": self.intent.value,
            "app": self.app,
            "namespace": self.namespace,
            "replicas": self.replicas,
            "lines": self.lines,
            "image": self.image,
            "revision": self.revision,
        }
