"""
Alert threads in the database: alerts/' ThreadStore, shared by every replica and surviving restarts.

A record is saved together with the Slack calls its plan needs (`save_planned`),
in one transaction: either both the new record and its outbox rows exist, or
neither does. The parent message's ts is not known when a thread is planned (the
outbox posts it later), so a thread whose parent is still queued is handed to the
planner with `parent_ts = PENDING_TS`; the outbox worker puts the real ts in place
when it sends the row. A thread whose parent Slack refused for good comes back
with `parent_ts = None`, so the next notification opens a fresh thread.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Awaitable, Callable, Collection, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from alerts import PostParent, PostReply, SlackOperation, ThreadRecord, UpdateParent
from bot.alerting.outbox_rows import OutboxKind, enqueue
from bot.infra.clock import utcnow
from bot.storage import Database
from bot.storage.alerting_models import AlertThread

PENDING_TS = "pending"  # stands in for the parent's ts until the outbox has posted it


def group_hash(group_key: str) -> str:
    return hashlib.sha256(group_key.encode()).hexdigest()


class DatabaseThreadStore:
    """ThreadStore on the alert_threads table; callers hold the group's lock around read-plan-save."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def latest(self, *, channel: str, group_key: str) -> ThreadRecord | None:
        async with self._db.session() as session:
            row = (
                await session.execute(
                    select(AlertThread)
                    .where(AlertThread.channel == channel, AlertThread.group_hash == group_hash(group_key))
                    .order_by(AlertThread.opened_at.desc(), AlertThread.id.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            return _record(row) if row is not None else None

    async def latest_many(self, groups: Collection[tuple[str, str]]) -> dict[tuple[str, str], ThreadRecord]:
        """`latest` for many (channel, group_key) pairs in one query; pairs without a thread are left out."""
        if not groups:
            return {}
        async with self._db.session() as session:
            rows = (
                await session.execute(
                    select(AlertThread)
                    .where(AlertThread.group_hash.in_({group_hash(key) for _, key in groups}))
                    .order_by(AlertThread.opened_at, AlertThread.id)
                )
            ).scalars()
            latest = {(row.channel, row.group_key): row for row in rows}  # the last one of each pair wins
        return {pair: _record(row) for pair, row in latest.items() if pair in groups}

    async def by_thread_id(self, thread_id: str) -> ThreadRecord | None:
        async with self._db.session() as session:
            row = (
                await session.execute(select(AlertThread).where(AlertThread.thread_id == thread_id))
            ).scalar_one_or_none()
            return _record(row) if row is not None else None

    async def save(self, record: ThreadRecord) -> None:
        await self.save_planned(record, ())

    async def save_planned(self, record: ThreadRecord, operations: Sequence[SlackOperation]) -> None:
        """Store the record and queue its Slack calls in the same transaction."""
        async with self._db.session() as session:
            await _upsert(session, record)
            for operation in operations:
                enqueue(
                    session,
                    kind=_kind(operation),
                    channel=operation.channel,
                    thread_id=record.thread_id,
                    text=operation.message.text,
                    blocks=operation.message.blocks,
                )

    async def save_many(
        self,
        plans: Sequence[tuple[ThreadRecord, Sequence[SlackOperation]]],
        *,
        also: Callable[[AsyncSession], Awaitable[None]],
    ) -> None:
        """`save_planned` for many records in one transaction, with `also` (the caller's writes) in it too."""
        async with self._db.session() as session:
            ids = {record.thread_id for record, _ in plans}
            loaded = {
                row.thread_id: row
                for row in (await session.execute(select(AlertThread).where(AlertThread.thread_id.in_(ids)))).scalars()
            }  # NB: one read for the batch, not one per record
            for record, operations in plans:
                loaded[record.thread_id] = _apply(session, record, loaded.get(record.thread_id))
                for operation in operations:
                    enqueue(
                        session,
                        kind=_kind(operation),
                        channel=operation.channel,
                        thread_id=record.thread_id,
                        text=operation.message.text,
                        blocks=operation.message.blocks,
                    )
            await also(session)


async def _upsert(session: AsyncSession, record: ThreadRecord) -> None:
    row = (
        await session.execute(select(AlertThread).where(AlertThread.thread_id == record.thread_id))
    ).scalar_one_or_none()
    _apply(session, record, row)


def _apply(session: AsyncSession, record: ThreadRecord, row: AlertThread | None) -> AlertThread:
    """Put `record` into its row (`row`, or a new one added to the session); returns the row."""
    # NB: parent_ts in the JSON is only a hint; the column, written by the outbox, is the truth.
    data = dataclasses.replace(record, parent_ts=None).to_dict()
    if row is None:
        row = AlertThread(
            thread_id=record.thread_id,
            channel=record.channel,
            group_hash=group_hash(record.group_key),
            group_key=record.group_key,
            opened_at=record.opened_at,
            state=str(record.state),
            record=data,
        )
        session.add(row)
        return row
    row.state = str(record.state)
    row.record = data
    row.updated_at = utcnow()
    return row


def _record(row: AlertThread) -> ThreadRecord:
    record = ThreadRecord.from_dict(row.record)
    if row.parent_ts:
        return record.with_parent_ts(row.parent_ts)
    return dataclasses.replace(record, parent_ts=None if row.parent_failed else PENDING_TS)


def _kind(operation: SlackOperation) -> OutboxKind:
    match operation:
        case PostParent():
            return OutboxKind.POST_PARENT
        case UpdateParent():
            return OutboxKind.UPDATE_PARENT
        case PostReply():
            return OutboxKind.POST_REPLY
    raise TypeError(f"not a Slack operation: {operation!r}")
