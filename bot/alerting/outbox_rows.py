"""
The outbox table's reads and writes: queue a Slack call, find the next one of a channel, settle it.

Rows are sent in id order per channel. Settling a row is one transaction: a
posted parent's ts goes into its thread in the same commit that marks the row
sent, so a restart finds either "not sent" (and sends it) or "sent, with ts".
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import Database
from bot.storage.alerting_models import AlertThread, OutboxEntry


class OutboxKind(enum.StrEnum):
    POST_PARENT = "post_parent"
    UPDATE_PARENT = "update_parent"
    POST_REPLY = "post_reply"


class RowState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class QueuedCall:
    """One pending row as the worker needs it; `parent_ts` is its thread's parent, if posted."""

    id: int
    channel: str
    kind: OutboxKind
    thread_id: str
    text: str
    blocks: list[dict[str, Any]]
    attempts: int
    not_before: dt.datetime | None
    parent_ts: str | None
    parent_failed: bool


def enqueue(session: AsyncSession, *, kind: OutboxKind, channel: str, thread_id: str, text: str,
            blocks: list[dict[str, Any]]) -> None:
    """Add a row to the caller's transaction (it commits with the thread record)."""
    session.add(OutboxEntry(channel=channel, kind=str(kind), thread_id=thread_id,
                            payload={"text": text, "blocks": blocks}, state=str(RowState.PENDING), attempts=0))


@dataclass(frozen=True)
class OutboxRows:
    db: Database

    async def channels_with_pending(self) -> list[str]:
        async with self.db.session() as session:
            result = await session.execute(
                select(OutboxEntry.channel).where(OutboxEntry.state == str(RowState.PENDING)).distinct()
            )
            return sorted(result.scalars())

    async def count(self, state: RowState = RowState.PENDING) -> int:
        async with self.db.session() as session:
            return int((await session.execute(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == str(state))
            )).scalar_one())

    async def next_in(self, channel: str) -> QueuedCall | None:
        """The oldest pending row of `channel` (whether or not it is due yet)."""
        async with self.db.session() as session:
            row = (await session.execute(
                select(OutboxEntry, AlertThread.parent_ts, AlertThread.parent_failed)
                .outerjoin(AlertThread, AlertThread.thread_id == OutboxEntry.thread_id)
                .where(OutboxEntry.channel == channel, OutboxEntry.state == str(RowState.PENDING))
                .order_by(OutboxEntry.id)
                .limit(1)
            )).first()
        if row is None:
            return None
        entry, parent_ts, parent_failed = row
        return QueuedCall(
            id=entry.id, channel=entry.channel, kind=OutboxKind(entry.kind), thread_id=entry.thread_id,
            text=entry.payload["text"], blocks=entry.payload.get("blocks") or [], attempts=entry.attempts,
            not_before=_aware(entry.not_before), parent_ts=parent_ts, parent_failed=bool(parent_failed),
        )

    async def mark_sent(self, call: QueuedCall, *, ts: str | None) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(OutboxEntry).where(OutboxEntry.id == call.id)
                .values(state=str(RowState.SENT), sent_ts=ts, attempts=call.attempts + 1)
            )
            if call.kind is OutboxKind.POST_PARENT and ts is not None:
                await session.execute(
                    update(AlertThread).where(AlertThread.thread_id == call.thread_id).values(parent_ts=ts)
                )

    async def postpone(self, call: QueuedCall, *, until: dt.datetime, error: str, count_attempt: bool) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(OutboxEntry).where(OutboxEntry.id == call.id).values(
                    not_before=until, last_error=error[:255], attempts=call.attempts + int(count_attempt))
            )

    async def give_up(self, call: QueuedCall, *, error: str) -> None:
        """Mark the row failed; a parent that cannot be posted also fails its thread (see threads_store)."""
        async with self.db.session() as session:
            await session.execute(
                update(OutboxEntry).where(OutboxEntry.id == call.id)
                .values(state=str(RowState.FAILED), last_error=error[:255], attempts=call.attempts + 1)
            )
            if call.kind is OutboxKind.POST_PARENT:
                await session.execute(
                    update(AlertThread).where(AlertThread.thread_id == call.thread_id).values(parent_failed=True)
                )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # NB: SQLite gives naive datetimes back; everything stored here is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value
