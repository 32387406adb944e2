"""
A deploy someone asked for: which image goes to which app, and who asked.

Made from a GitHub event and the deploy rules (`deploys.mapping`) or from a
generic CI body (`deploys.generic`); the bot runs it through the same path as a
typed `deploy`. `command` is that path's input, validated like any user's.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from intents.command import Command, Intent

__all__ = ["Approval", "DeployRequest", "Source"]


class Source(enum.StrEnum):
    """Where the request came from (the actor in the audit log is `ci:<source>`)."""

    WORKFLOW_RUN = "workflow_run"
    PUSH = "push"
    RELEASE = "release"
    REGISTRY_PACKAGE = "registry_package"
    DEPLOYMENT = "deployment"
    CI = "ci"  # POST /webhooks/deploy


class Approval(enum.StrEnum):
    NONE = "none"
    REQUIRED = "required"  # Approve/Reject buttons; the policy says who may click Approve


@dataclass(frozen=True, slots=True)
class DeployRequest:
    """One deploy to run; `namespace` None means the bot's default namespace."""

    app: str
    namespace: str | None
    image: str
    source: Source
    repo: str | None = None  # owner/name, for GitHub sources
    container: str | None = None  # None: the Deployment's only (or app-named) container
    channel: str | None = None  # where progress goes; None: the bot decides (rules default)
    commit: str | None = None  # full sha when known
    author: str | None = None  # GitHub login, or what the CI said
    author_slack: str | None = None  # the author's Slack user ID, when the rules' `people` know it
    url: str | None = None  # the CI run, release or commit page
    message: str | None = None  # first line of the commit message or release name
    approval: Approval = Approval.NONE
    two_person: bool = False  # the author may not approve their own deploy

    @property
    def short_commit(self) -> str | None:
        return self.commit[:7] if self.commit else None

    @property
    def actor(self) -> str:
        """The audit log's actor: the CI identity, never a Slack user."""
        return f"ci:{self.source.value}" + (f":{self.repo}" if self.repo else "")

    def command(self) -> Command:
        """The typed `deploy` Command this request runs as (raises ValidationError on a bad image)."""
        return Command(intent=Intent.DEPLOY, app=self.app, namespace=self.namespace, image=self.image)
