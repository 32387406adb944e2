"""
Alert threads, kept consistent across notifications, clicks and replicas.

Every change to a thread (a notification, an Ack, a Silence) runs the same
way: take the group's lock (`locked`: `alerts:thread:<channel>:<group hash>`, a
Redis lock when REDIS_URL is set, so replicas take turns), read the stored
record, plan with alerts/ (pure), then store the new record and queue the plan's
Slack calls in one transaction (threads_store), and wake the outbox worker.
Clicks go through `change`; notifications through the alert inbox's consumer
(bot/alerting/inbox.py), which does the same for a batch at a time. Two
notifications for a new group therefore give one parent: the second one finds
the first one's record (its parent still queued) and becomes an update.

Alertmanager re-sends the same notification (retries after a timeout,
repeat_interval). Those are recognised by the planner under the lock, from the
stored record (Decision.DUPLICATE): there is no claim in the cache before the
commit, so a crash between the two can never make Alertmanager's retry of a
notification that was not stored look like a re-send and be dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from alerts import Plan, ThreadRecord
from bot.alerting.threads_store import DatabaseThreadStore, group_hash
from bot.infra.cache import Cache
from bot.infra.clock import utcnow

log = structlog.get_logger(__name__)

LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class AlertThreads:
    store: DatabaseThreadStore
    cache: Cache
    wake: Callable[[], None]  # tells the outbox worker that rows were queued
    clock: Callable[[], dt.datetime] = utcnow

    async def change(
        self, thread_id: str, decide: Callable[[ThreadRecord], Awaitable[Plan | None]]
    ) -> ThreadRecord | None:
        """
        Apply a click: `decide` sees the current record under the group's lock and returns a plan
        (or None to change nothing). Returns the record it saw; None when the thread is unknown.
        """
        found = await self.store.by_thread_id(thread_id)
        if found is None:
            return None
        async with self._locked(found.channel, found.group_key):
            record = await self.store.by_thread_id(thread_id)
            if record is None:
                return None
            plan = await decide(record)
            if plan is not None:
                await self._keep(plan, before=record)
            return record

    async def _keep(self, plan: Plan, *, before: ThreadRecord | None) -> None:
        if plan.record is None or (not plan.operations and plan.record == before):
            return
        await self.store.save_planned(plan.record, plan.operations)
        if plan.operations:
            self.wake()

    def locked(self, channel: str, group_key: str):
        """The group's lock: whoever changes its thread holds it (notifications, the inbox consumer, clicks)."""
        return self.cache.lock(f"alerts:thread:{channel}:{group_hash(group_key)}", timeout=LOCK_TIMEOUT)

    _locked = locked
