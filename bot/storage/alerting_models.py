"""
Tables of the alerting part: the inbox of received notifications, one row per Slack
alert thread, and the outbox of Slack calls.

They live apart from bot/storage/models.py so that the alerting part owns its
schema; they share `Base`; migrations 0003 and 0006 create them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from bot.infra.clock import utcnow
from bot.storage.models import Base


class AlertThread(Base):
    """
    One Slack thread of one alert group: the alerts/ ThreadRecord as JSON, plus what the worker learns.

    `parent_ts` is written only by the outbox worker once the parent message is
    posted (the JSON copy is ignored on read), so an intake that saves the record
    concurrently can never erase it. `group_hash` is sha256(group_key): group keys
    can be long, and the index needs a short column.
    """

    __tablename__ = "alert_threads"
    __table_args__ = (Index("ix_alert_threads_channel_group", "channel", "group_hash", "opened_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(96))
    group_hash: Mapped[str] = mapped_column(String(64))
    group_key: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    parent_ts: Mapped[str | None] = mapped_column(String(32))
    parent_failed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    state: Mapped[str] = mapped_column(String(16))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())


class OutboxEntry(Base):
    """One Slack call to make (post_parent, update_parent, post_reply), sent in id order per channel."""

    __tablename__ = "alert_outbox"
    __table_args__ = (Index("ix_alert_outbox_state_channel", "state", "channel", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(96))
    kind: Mapped[str] = mapped_column(String(16))  # post_parent, update_parent, post_reply
    thread_id: Mapped[str] = mapped_column(String(32), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"text": …, "blocks": […]}
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sending, sent, failed
    lease_owner: Mapped[str | None] = mapped_column(String(64))  # the worker sending it (state sending)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # after it, reclaimable
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    not_before: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_ts: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())


class AlertInboxEntry(Base):
    """
    One Alertmanager notification as received (the raw JSON body), stored before the webhook is answered 200.

    The inbox consumer (bot/alerting/inbox.py) plans threads from these rows and
    deletes them in the same transaction that stores the plans; a row still here
    after a crash is planned on the next start (migration 0006).
    """

    __tablename__ = "alert_inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    body: Mapped[str] = mapped_column(Text)


class AlertEnrichment(Base):
    """
    The likely-cause reply of one alert thread, claimed once across replicas (bot/alerting/enrichment.py).

    The primary key is the claim: the replica whose INSERT commits does the work;
    `outcome` is written when the reply is queued (found, nothing, no_workload, failed).
    """

    __tablename__ = "alert_enrichments"

    thread_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))
