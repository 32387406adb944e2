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

from bot.storage.models import Base, utcnow

__all__ = ["DeploymentRecord", "PendingChange", "PendingState"]


class PendingState(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


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
