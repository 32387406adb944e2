"""
Tables for deploys from CI: deliveries seen, deploy runs, and outside deploys announced.

Migrations: bot/storage/migrations/versions/0005_deploys.py and 0007_deploy_run_leases.py. The primary keys and
unique constraints are the fences that make retries and replicas harmless: a
GitHub delivery id is stored once, an outside revision is announced once.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.infra.clock import utcnow
from bot.storage.models import Base

__all__ = ["UNFINISHED", "DeployAnnouncement", "DeployRun", "RunState", "WebhookDelivery"]


class RunState(enum.StrEnum):
    QUEUED = "queued"  # recorded; the dry run and the change are being made under the run's lease
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVING = "approving"  # an Approve click claimed it; its holder applies it
    REJECTED = "rejected"
    EXPIRED = "expired"
    REFUSED = "refused"  # the policy's namespaces, the dry run or the cluster said no
    NOOP = "noop"  # the Deployment already runs this image
    ROLLING_OUT = "rolling_out"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    SUPERSEDED = "superseded"  # a newer deploy of the same app took over
    INTERRUPTED = "interrupted"  # a restart stopped it and it could not be resumed


UNFINISHED = (RunState.QUEUED, RunState.APPROVING, RunState.ROLLING_OUT)  # held under a lease while they run


class WebhookDelivery(Base):
    """One webhook delivery (GitHub's X-GitHub-Delivery), stored the first time it is seen."""

    __tablename__ = "webhook_deliveries"

    delivery_id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "github:<guid>"
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    event: Mapped[str] = mapped_column(String(64))
    repo: Mapped[str | None] = mapped_column(String(255))
    outcome: Mapped[str] = mapped_column(String(32))  # bot.deploying.deliveries.DeliveryOutcome
    runs: Mapped[list[str] | None] = mapped_column(JSON)  # the deploy ids it started


class DeployRun(Base):
    """One deploy asked for by CI: what, where, who, the approval, and how it went."""

    __tablename__ = "deploy_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the deploy id answered with 202
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state: Mapped[str] = mapped_column(String(24), index=True)
    source: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(255))  # ci:<source>[:<repo>], the audit actor
    repo: Mapped[str | None] = mapped_column(String(255))
    app: Mapped[str] = mapped_column(String(255), index=True)
    namespace: Mapped[str] = mapped_column(String(255))
    container: Mapped[str | None] = mapped_column(String(255))
    image: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(96))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    commit: Mapped[str | None] = mapped_column(String(64))
    author: Mapped[str | None] = mapped_column(String(255))
    author_slack: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(Text)
    approval: Mapped[str] = mapped_column(String(16))
    two_person: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the dry-run ChangePlan
    history_id: Mapped[int | None] = mapped_column(Integer)  # deployment_history.id once applied
    revision_before: Mapped[int | None] = mapped_column(Integer)
    revision_after: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)
    # Migration 0007: what was applied (ChangeApplied as JSON) and the lease of the replica running it.
    applied: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deadline_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # the rollout gives up here
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DeployAnnouncement(Base):
    """An outside deploy (kubectl, Argo CD, Helm) announced in Slack; one row per revision."""

    __tablename__ = "deploy_announcements"
    __table_args__ = (UniqueConstraint("namespace", "app", "revision", name="uq_deploy_announcements_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    announced_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    namespace: Mapped[str] = mapped_column(String(255))
    app: Mapped[str] = mapped_column(String(255))
    revision: Mapped[int] = mapped_column(Integer)
    image: Mapped[str | None] = mapped_column(Text)
    manager: Mapped[str | None] = mapped_column(String(128))
    channel: Mapped[str | None] = mapped_column(String(96))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(64))  # which replica announced it
