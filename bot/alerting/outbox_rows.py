"""
The outbox table's reads and writes: queue a Slack call, claim the next one of a channel, settle it.

Rows are sent in id order per channel. The fence is in the database, not in a
lock that can expire during a send: a worker claims the head row of a channel
with `UPDATE … SET state='sending', lease_owner=…, lease_until=… WHERE id=…
AND state='pending'` (or a `sending` row whose lease ran out: its holder died),
and settles it only from `sending` and only as the holder. While the head row
is `sending` under a live lease, nobody sends anything behind it, so order per
channel holds across replicas. On PostgreSQL the head is read with `FOR UPDATE
SKIP LOCKED`, so a replica never waits on another's claim.

Settling a row is one transaction: a posted parent's ts goes into its thread in
the same commit that marks the row sent, so a restart finds either "not sent"
(and sends it) or "sent, with ts".
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
from bot.storage.leased_rows import write_if


class OutboxKind(enum.StrEnum):
    POST_PARENT = "post_parent"
    UPDATE_PARENT = "update_parent"
    POST_REPLY = "post_reply"


class RowState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by lease_owner until lease_until
    SENT = "sent"
    FAILED = "failed"


UNSETTLED = (str(RowState.PENDING), str(RowState.SENDING))


class LeaseLost(Exception):
    """A worker settled a row it no longer held: its lease ran out and another worker took it."""

    def __init__(self, row: int, owner: str) -> None:
        super().__init__(f"outbox row {row} is no longer held by {owner}")
        self.row = row
        self.owner = owner


@dataclass(frozen=True, slots=True)
class Busy:
    """The channel's head row is held by a live lease (another worker is sending it)."""

    row: int


@dataclass(frozen=True, slots=True)
class NotDue:
    """The channel's head row waits (429 Retry-After, backoff) until `at`."""

    row: int
    at: dt.datetime


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
    owner: str = ""  # the lease holder that claimed it
    reclaimed: bool = False  # claimed from a holder whose lease ran out (it may have sent it)


def enqueue(
    session: AsyncSession, *, kind: OutboxKind, channel: str, thread_id: str, text: str, blocks: list[dict[str, Any]]
) -> None:
    """Add a row to the caller's transaction (it commits with the thread record)."""
    session.add(
        OutboxEntry(
            channel=channel,
            kind=str(kind),
            thread_id=thread_id,
            payload={"text": text, "blocks": blocks},
            state=str(RowState.PENDING),
            attempts=0,
        )
    )


@dataclass(frozen=True)
class OutboxRows:
    db: Database

    async def channels_with_pending(self) -> list[str]:
        async with self.db.session() as session:
            result = await session.execute(
                select(OutboxEntry.channel).where(OutboxEntry.state.in_(UNSETTLED)).distinct()
            )
            return sorted(result.scalars())

    async def count(self, state: RowState = RowState.PENDING) -> int:
        async with self.db.session() as session:
            return int(
                (
                    await session.execute(
                        select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == str(state))
                    )
                ).scalar_one()
            )

    async def claim_next(
        self, channel: str, *, owner: str, lease: dt.timedelta, now: dt.datetime
    ) -> QueuedCall | Busy | NotDue | None:
        """Claim `channel`'s oldest unsettled row for `owner`; None when the channel has nothing left."""
        async with self.db.session() as session:
            head = await self._head(session, channel)
            if head is None:
                return None
            entry = head
            lease_until = _aware(entry.lease_until)
            if entry.state == str(RowState.SENDING) and lease_until is not None and lease_until > now:
                return Busy(entry.id)
            not_before = _aware(entry.not_before)
            if entry.state == str(RowState.PENDING) and not_before is not None and not_before > now:
                return NotDue(entry.id, not_before)
            reclaimed = entry.state == str(RowState.SENDING)
            claimed = await write_if(
                session,
                OutboxEntry,
                entry.id,
                (OutboxEntry.state == str(RowState.PENDING))
                | ((OutboxEntry.state == str(RowState.SENDING)) & (OutboxEntry.lease_until <= now)),
                state=str(RowState.SENDING),
                lease_owner=owner,
                lease_until=now + lease,
            )
            if not claimed:
                return Busy(entry.id)  # another worker claimed it between our read and our update
            thread = (
                await session.execute(
                    select(AlertThread.parent_ts, AlertThread.parent_failed).where(
                        AlertThread.thread_id == entry.thread_id
                    )
                )
            ).first()
        parent_ts, parent_failed = thread if thread is not None else (None, False)
        return QueuedCall(
            id=entry.id,
            channel=entry.channel,
            kind=OutboxKind(entry.kind),
            thread_id=entry.thread_id,
            text=entry.payload["text"],
            blocks=entry.payload.get("blocks") or [],
            attempts=entry.attempts,
            not_before=not_before,
            parent_ts=parent_ts,
            parent_failed=bool(parent_failed),
            owner=owner,
            reclaimed=reclaimed,
        )

    async def _head(self, session: AsyncSession, channel: str) -> OutboxEntry | None:
        """The channel's oldest unsettled row, or None; on PostgreSQL a row another claim locks counts as busy."""
        query = (
            select(OutboxEntry)
            .where(OutboxEntry.channel == channel, OutboxEntry.state.in_(UNSETTLED))
            .order_by(OutboxEntry.id)
            .limit(1)
        )
        if session.get_bind().dialect.name != "postgresql":
            return (await session.execute(query)).scalar_one_or_none()
        entry = (await session.execute(query.with_for_update(skip_locked=True))).scalar_one_or_none()
        first = (
            await session.execute(
                select(func.min(OutboxEntry.id)).where(OutboxEntry.channel == channel, OutboxEntry.state.in_(UNSETTLED))
            )
        ).scalar_one_or_none()
        if first is None:
            return None
        if entry is None or entry.id != first:
            # NB: SKIP LOCKED skipped the head (another replica is claiming it); never send past it.
            return OutboxEntry(id=first, state=str(RowState.SENDING), lease_until=_far_future(), channel=channel)
        return entry

    async def mark_sent(self, call: QueuedCall, *, ts: str | None) -> None:
        """Settle a row as sent; raises LeaseLost (and changes nothing) when `call.owner` no longer holds it."""
        async with self.db.session() as session:
            done = await write_if(
                session,
                OutboxEntry,
                call.id,
                *_held(call),
                state=str(RowState.SENT),
                sent_ts=ts,
                attempts=call.attempts + 1,
                lease_owner=None,
                lease_until=None,
            )
            if not done:
                raise LeaseLost(call.id, call.owner)
            if call.kind is OutboxKind.POST_PARENT and ts is not None:
                await session.execute(
                    update(AlertThread).where(AlertThread.thread_id == call.thread_id).values(parent_ts=ts)
                )

    async def postpone(self, call: QueuedCall, *, until: dt.datetime, error: str, count_attempt: bool) -> None:
        """Give the row back (pending, not before `until`); raises LeaseLost when no longer held."""
        async with self.db.session() as session:
            done = await write_if(
                session,
                OutboxEntry,
                call.id,
                *_held(call),
                state=str(RowState.PENDING),
                lease_owner=None,
                lease_until=None,
                not_before=until,
                last_error=error[:255],
                attempts=call.attempts + int(count_attempt),
            )
            if not done:
                raise LeaseLost(call.id, call.owner)

    async def give_up(self, call: QueuedCall, *, error: str) -> None:
        """Mark the row failed; a parent that cannot be posted also fails its thread (see threads_store)."""
        async with self.db.session() as session:
            done = await write_if(
                session,
                OutboxEntry,
                call.id,
                *_held(call),
                state=str(RowState.FAILED),
                last_error=error[:255],
                attempts=call.attempts + 1,
                lease_owner=None,
                lease_until=None,
            )
            if not done:
                raise LeaseLost(call.id, call.owner)
            if call.kind is OutboxKind.POST_PARENT:
                await session.execute(
                    update(AlertThread).where(AlertThread.thread_id == call.thread_id).values(parent_failed=True)
                )


def _held(call: QueuedCall) -> tuple[Any, ...]:
    """The row is still being sent by `call.owner` (its lease did not run out and nobody reclaimed it)."""
    return (OutboxEntry.state == str(RowState.SENDING), OutboxEntry.lease_owner == call.owner)


def _far_future() -> dt.datetime:
    return dt.datetime.max.replace(tzinfo=dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # NB: SQLite gives naive datetimes back; everything stored here is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value
