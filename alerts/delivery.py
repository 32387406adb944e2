"""
Carrying out a Plan: the Slack calls in order, then the record into the store.

The poster is a Protocol, so the bot's per-channel Slack queue plugs in and a
test double needs no base class. Callers hold the group's lock (Redis or
in-process) around planning *and* carrying out. The record is stored only
after every Slack call succeeded: if one fails, the error goes up, nothing is
stored, and the next notification (Alertmanager re-sends) plans the same
changes again, so nothing is lost.
"""

from __future__ import annotations

from typing import Protocol

from alerts.plan import Plan, PostParent, PostReply, UpdateParent
from alerts.threads import ThreadRecord, ThreadStore
from templates.message import Message


class SlackPoster(Protocol):
    """What alerts/ needs from Slack: chat.postMessage (returns the ts) and chat.update."""

    async def post(self, channel: str, message: Message, *, thread_ts: str | None = None) -> str: ...

    async def update(self, channel: str, ts: str, message: Message) -> None: ...


async def carry_out(plan: Plan, *, poster: SlackPoster, store: ThreadStore) -> ThreadRecord | None:
    """Run the plan's operations in order and store its record; returns the stored record."""
    record = plan.record
    for operation in plan.operations:
        match operation:
            case PostParent(channel=channel, message=message):
                ts = await poster.post(channel, message)
                if record is not None:
                    record = record.with_parent_ts(ts)
            case UpdateParent(channel=channel, ts=ts, message=message):
                await poster.update(channel, ts, message)
            case PostReply(channel=channel, thread_ts=thread_ts, message=message):
                await poster.post(channel, message, thread_ts=thread_ts)
    if record is not None and (plan.operations or record != await store.by_thread_id(record.thread_id)):
        await store.save(record)
    return record


class MemoryThreadStore:
    """A ThreadStore in a dict, for a bot without a database and for tests."""

    def __init__(self) -> None:
        self._latest: dict[tuple[str, str], ThreadRecord] = {}
        self._by_id: dict[str, ThreadRecord] = {}

    async def latest(self, *, channel: str, group_key: str) -> ThreadRecord | None:
        return self._latest.get((channel, group_key))

    async def by_thread_id(self, thread_id: str) -> ThreadRecord | None:
        return self._by_id.get(thread_id)

    async def save(self, record: ThreadRecord) -> None:
        self._latest[(record.channel, record.group_key)] = record
        self._by_id[record.thread_id] = record
