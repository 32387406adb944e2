"""
Tables for changes to the cluster: confirmations waiting for a click, and what was deployed.

Migration: bot/migrations/versions/0002_changes.py.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.infra.clock import utcnow
from bot.storage.models import Base

__all__ = ["DeploymentRecord", "PendingChange", "PendingState", "RolloutWatchRow", "WatchState"]


class PendingState(enum.StrEnum):
    PENDING = "pending"
    APPLYING = "applying"  # a click claimed it; its holder (lease_owner) applies it until lease_until
    CONFIRMED = "confirmed"  # applied (or its apply failed and said so)
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"  # the Deployment changed before the click; a new confirmation replaced it


class WatchState(enum.StrEnum):
    WATCHING = "watching"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"  # could not be resumed; the message says so


class PendingChange(Base):
    """A planned change shown with Confirm/Cancel; the buttons carry only `id`."""

    __tablename__ = "pending_changes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    state: Mapped[str] = mapped_column(String(16), default=PendingState.PENDING.value, index=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))  # who asked
    channel_id: Mapped[str | None] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str] = mapped_column(String(32))
    app: Mapped[str] = mapped_column(String(255))
    namespace: Mapped[str] = mapped_column(String(255))
    command: Mapped[dict[str, Any]] = mapped_column(JSON)  # the Command frame as asked
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)  # the dry-run ChangePlan, applied as is
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))  # the confirmation message, edited later
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DeploymentRecord(Base):
    """One change made to a Deployment, and how its rollout ended."""

    __tablename__ = "deployment_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    pending_id: Mapped[str | None] = mapped_column(String(32))
    intent: Mapped[str] = mapped_column(String(32))
    app: Mapped[str] = mapped_column(String(255), index=True)
    namespace: Mapped[str] = mapped_column(String(255))
    revision_before: Mapped[int | None] = mapped_column(Integer)
    revision_after: Mapped[int | None] = mapped_column(Integer)
    image_before: Mapped[str | None] = mapped_column(Text)
    image_after: Mapped[str | None] = mapped_column(Text)
    replicas_before: Mapped[int | None] = mapped_column(Integer)
    replicas_after: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[str] = mapped_column(String(32))  # who confirmed
    outcome: Mapped[str] = mapped_column(String(32))  # applied, succeeded, failed, timed_out
    detail: Mapped[str | None] = mapped_column(Text)  # the rollout's last status line


class RolloutWatchRow(Base):
    """
    A rollout being followed after a confirmed change: durable, so a restart resumes it.

    Exactly one replica follows a row: the one holding its lease (`lease_owner`
    until `lease_until`, renewed while it watches). `applied` is the
    ChangeApplied (with its plan) as JSON; `generation` is the Deployment's
    metadata.generation the change produced, which the watch waits for.
    """

    __tablename__ = "rollout_watches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(Integer, index=True)  # deployment_history.id
    pending_id: Mapped[str | None] = mapped_column(String(32))
    app: Mapped[str] = mapped_column(String(255))
    namespace: Mapped[str] = mapped_column(String(255))
    generation: Mapped[int | None] = mapped_column(Integer)
    applied: Mapped[dict[str, Any]] = mapped_column(JSON)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    confirmed_by: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deadline_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(16), default=WatchState.WATCHING.value, index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
