"""
The alert inbox: Alertmanager notifications stored as received, planned into threads in batches afterwards.

Why: answering Alertmanager must cost one durable insert, not a thread read, a
plan and an outbox write per notification. The webhook (intake.py) hands the raw
body to the database's batched writer, so concurrent notifications share one
commit, and answers 200 once that commit returned. This consumer then takes the
oldest rows in batches and, for each batch:

1. parses and routes every notification (rules may have changed; a row that no
   longer parses or routes is counted and dropped, never retried forever);
2. takes the lock of every group in the batch (`AlertThreads.locked`, a Redis
   lock when REDIS_URL is set), in sorted order so two holders never wait on
   each other; clicks on alert buttons take the same locks;
3. reads the groups' latest threads in one query and plans each notification in
   inbox order, the next one of a group seeing the previous one's record;
4. stores every new record and its outbox rows and deletes the batch's inbox
   rows in ONE transaction, then wakes the outbox worker.

Dedupe lives here too: a re-send of what a thread already shows is planned as
Decision.DUPLICATE and changes nothing. A crash between the webhook's commit
and step 4 leaves the rows in the inbox, so they are planned after the restart;
a crash after step 4 cannot plan them twice, since they are gone in that same commit.

One consumer drains at a time across replicas (cache lock `alerts:inbox`), and it
yields to the webhook: while webhooks are being received or their rows wait to
commit, it waits (at most MAX_DEFER per batch, so a steady stream cannot starve
it), and between two notifications of a batch it lets waiting requests run.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast

import structlog
from jinja2 import TemplateError
from sqlalchemy import Row, Table, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from alerts import AlertGroup, Plan, Route, Router, ThreadRecord, errors, parse_webhook, plan_notification
from bot.alerting.threads import AlertThreads
from bot.alerting.threads_store import PENDING_TS
from bot.infra.cache import Cache
from bot.infra.clock import utcnow
from bot.infra.metrics import Metrics
from bot.storage import Database
from bot.storage.alerting_models import AlertInboxEntry

log = structlog.get_logger(__name__)

# Declarative maps the model to a Table; SQLAlchemy types __table__ as any FromClause.
INBOX = cast(Table, AlertInboxEntry.__table__)
BATCH = 50  # notifications planned per transaction (small enough that the outbox starts early)
LOCK_TIMEOUT = 30.0
YIELD_PAUSE = 0.005  # seconds between two looks at whether webhooks are still arriving
MAX_DEFER = 0.5  # seconds a batch waits for the webhook at most


async def store(db: Database, body: bytes) -> None:
    """Keep one raw notification; returns once it is committed (shared with concurrent ones)."""
    await db.writer.submit(INBOX, {"received_at": utcnow(), "body": body.decode("utf-8", "replace")})


@dataclass(frozen=True, slots=True)
class Notification:
    id: int
    group: AlertGroup
    route: Route

    @property
    def key(self) -> tuple[str, str]:
        return self.route.channel, self.group.group_key


class InboxConsumer:
    """Plans what the inbox holds; `wake()` after storing, `close()` on shutdown."""

    def __init__(
        self,
        *,
        db: Database,
        threads: AlertThreads,
        cache: Cache,
        router: Router,
        metrics: Metrics,
        poll_interval: float = 0.5,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._db = db
        self._threads = threads
        self._cache = cache
        self._router = router
        self._metrics = metrics
        self._poll = poll_interval
        self._clock = clock
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._receiving = 0

    @contextlib.contextmanager
    def receiving(self) -> Iterator[None]:
        """Held by the webhook while it reads, checks and stores one notification; the consumer yields meanwhile."""
        self._receiving += 1
        try:
            yield
        finally:
            self._receiving -= 1

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="alerts.inbox")

    def wake(self) -> None:
        self._wake.set()

    async def close(self) -> None:
        """Stop after the batch in hand; rows not planned yet stay for the next start."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task

    async def pending(self) -> int:
        async with self._db.session() as session:
            return int((await session.execute(select(func.count()).select_from(AlertInboxEntry))).scalar_one())

    async def settle(self, timeout: float = 15.0) -> None:
        """Wait until every stored notification is planned (tests, the benchmark)."""
        async with asyncio.timeout(timeout):
            while await self.pending() or self._db.writer.queued:
                self._wake.set()
                await asyncio.sleep(0.02)

    async def _run(self) -> None:
        while not self._stopping:
            try:
                planned = await self.drain_once()
            except (SQLAlchemyError, OSError) as exc:  # NB: database, lock or cache trouble; the rows stay, retried
                log.error("inbox.batch_failed", error=type(exc).__name__, exc_info=exc)
                planned = 0
            if planned:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll)
            self._wake.clear()

    async def drain_once(self) -> int:
        """Plan one batch; returns how many inbox rows it took (0 when the inbox was empty)."""
        if not await self.pending():
            return 0  # NB: idle replicas poll without taking the shared lock
        async with self._cache.lock("alerts:inbox", timeout=LOCK_TIMEOUT):
            await self._yield_to_webhooks()
            async with self._db.session() as session:
                rows = (
                    await session.execute(
                        select(AlertInboxEntry.id, AlertInboxEntry.body).order_by(AlertInboxEntry.id).limit(BATCH)
                    )
                ).all()
            if not rows:
                return 0
            notifications = self._readable(rows)
            await self._plan([row.id for row in rows], notifications)
        return len(rows)

    async def _yield_to_webhooks(self) -> None:
        # NB: Alertmanager waits for the webhook's answer; nobody waits for a plan by the millisecond.
        loop = asyncio.get_running_loop()
        until = loop.time() + MAX_DEFER
        while (self._receiving or self._db.writer.queued) and loop.time() < until:
            await asyncio.sleep(YIELD_PAUSE)

    def _readable(self, rows: Sequence[Row[int, str]]) -> list[Notification]:
        readable = []
        for row in rows:
            try:
                group = parse_webhook(row.body.encode())
            except errors.InvalidPayload as exc:
                log.error("inbox.unreadable", inbox_id=row.id, problems=exc.problems)
                self._count("invalid")
                continue
            route = self._router.route(group)
            if not route.channel:
                log.warning("alert.unroutable", inbox_id=row.id, group_key=group.group_key)
                self._count("unroutable")
                continue
            readable.append(Notification(row.id, group, route))
        return readable

    async def _plan(self, ids: list[int], notifications: list[Notification]) -> None:
        keys = sorted({n.key for n in notifications})
        async with contextlib.AsyncExitStack() as locks:
            for channel, group_key in keys:
                await locks.enter_async_context(self._threads.locked(channel, group_key))
            records: dict[tuple[str, str], ThreadRecord | None] = dict(await self._threads.store.latest_many(keys))
            now = self._clock()
            plans: list[Plan] = []
            for notification in notifications:
                await asyncio.sleep(0)  # NB: planning renders messages; let waiting webhooks in between
                before = records.get(notification.key)
                try:
                    plan = plan_notification(before, notification.group, now, route=notification.route)
                except (errors.AlertsError, ValueError, LookupError, TypeError, TemplateError) as exc:
                    # NB: one notification the planner cannot handle must not hold up the rest
                    log.error("inbox.plan_failed", inbox_id=notification.id, error=type(exc).__name__, exc_info=exc)
                    self._count("plan_failed")
                    continue  # its row goes with the batch's: retrying would fail the same way
                self._count(str(plan.decision))
                log.info(
                    "alert.planned",
                    inbox_id=notification.id,
                    channel=notification.route.channel,
                    decision=str(plan.decision),
                    operations=len(plan.operations),
                )
                if plan.record is None or (not plan.operations and plan.record == before):
                    continue
                plans.append(plan)
                # NB: as the store hands it back: a parent not posted yet is PENDING_TS, not None (a new thread).
                records[notification.key] = (
                    plan.record if plan.record.parent_ts else dataclasses.replace(plan.record, parent_ts=PENDING_TS)
                )

            async def remove(session: AsyncSession) -> None:
                await session.execute(delete(AlertInboxEntry).where(AlertInboxEntry.id.in_(ids)))

            await self._threads.store.save_many([(p.record, p.operations) for p in plans if p.record], also=remove)
        if any(p.operations for p in plans):
            self._threads.wake()

    def _count(self, outcome: str) -> None:
        self._metrics.alerts.labels(outcome=outcome).inc()
