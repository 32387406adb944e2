"""
Tables the bot keeps. Every schema change comes with an Alembic migration in
bot/migrations/versions; tests check that the migrations produce these tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.infra.clock import utcnow


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, dt.datetime: DateTime(timezone=True)}


class AuditEntry(Base):
    """Every attempt to act, allowed or denied: who, where, what, outcome, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now(), index=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(32))  # slash, mention, button, alert, webhook
    action: Mapped[str] = mapped_column(String(64))  # intent or button action
    target: Mapped[str | None] = mapped_column(String(255))  # namespace/app
    outcome: Mapped[str] = mapped_column(String(32))  # ok, denied, failed, confirm_requested, …
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CommandRecord(Base):
    """What people typed, how it was parsed and what came of it."""

    __tablename__ = "command_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now(), index=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    command: Mapped[dict[str, Any]] = mapped_column(JSON)
    intent: Mapped[str] = mapped_column(String(32), index=True)
    provider: Mapped[str] = mapped_column(String(32))
    latency_ms: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(32))
