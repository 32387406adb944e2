"""
Housekeeping jobs, scheduled with APScheduler and run only on the leader (bot/app/leader.py).

- Expire pending confirmations whose time ran out, and edit their messages to
  say so (a click on them already says "expired"; the message should too).
- Retention: delete audit, command and deployment history older than
  KLEPAAS_RETENTION_DAYS (default 90), with settled outbox rows and finished
  rollout watches.
- Remind: a critical alert firing for KLEPAAS_ALERT_REMINDER_MINUTES (default 30;
  0 turns it off) that nobody acked gets one reply in its thread. The reply goes
  through the outbox, so it keeps its place in the thread's order.

Each job runs as the app's work (`tasks.run`), so SIGTERM drains it like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from sqlalchemy import delete, select

from alerts import ThreadState, summaries
from bot.alerting.outbox_rows import OutboxKind, RowState, enqueue
from bot.alerting.threads_store import DatabaseThreadStore
from bot.commands.pending import PendingChanges
from bot.infra.cache import Cache
from bot.infra.clock import utcnow
from bot.infra.tasks import BackgroundTasks
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.replies import Replier
from bot.storage import AuditEntry, CommandRecord, Database
from bot.storage.alerting_models import AlertThread, OutboxEntry
from bot.storage.change_models import DeploymentRecord, RolloutWatchRow, WatchState
from bot.storage.dml import execute_dml
from intents.language import Language

log = structlog.get_logger(__name__)

__all__ = ["Housekeeping"]

REMINDED_TTL = 7 * 24 * 3600.0  # seconds a thread is remembered as reminded


@dataclass(frozen=True)
class Housekeeping:
    pending: PendingChanges
    replier: Replier
    db: Database
    cache: Cache  # which threads were reminded
    tasks: BackgroundTasks
    retention_days: int
    reminder_minutes: int  # 0: no reminders
    leading: Callable[[], bool]
    clock: Callable[[], dt.datetime] = utcnow

    def schedule(self, scheduler: AsyncIOScheduler, *, every: float = 30.0) -> None:
        for job, seconds in ((self.expire_confirmations, every), (self.remind, every), (self.prune, 3600.0)):
            scheduler.add_job(
                self._as_leader(job),
                "interval",
                seconds=seconds,
                id=job.__name__,
                name=f"housekeeping.{job.__name__}",
                max_instances=1,
                coalesce=True,
                next_run_time=dt.datetime.now(dt.UTC),
            )

    def _as_leader(self, job: Callable[[], object]) -> Callable[[], object]:
        async def run() -> None:
            if self.leading() and not self.tasks.stopping:
                await self.tasks.run(job(), name=f"housekeeping.{job.__name__}")  # type: ignore[arg-type]

        run.__name__ = job.__name__
        return run

    async def expire_confirmations(self) -> int:
        expired = await self.pending.expire_due()
        for change in expired:
            if change.message_channel and change.message_ts:
                lang: Language = "ko" if change.lang == "ko" else "en"
                text = say("confirm.expired", lang, intent=change.intent, namespace=change.namespace, app=change.app)
                await self.replier.update(change.message_channel, change.message_ts, notice(text))
        if expired:
            log.info("housekeeping.expired", confirmations=len(expired))
        return len(expired)

    async def prune(self) -> int:
        cutoff = self.clock() - dt.timedelta(days=self.retention_days)
        deleted = 0
        async with self.db.session() as session:
            for statement in (
                delete(AuditEntry).where(AuditEntry.at < cutoff),
                delete(CommandRecord).where(CommandRecord.at < cutoff),
                delete(DeploymentRecord).where(DeploymentRecord.at < cutoff, DeploymentRecord.finished_at.is_not(None)),
                delete(RolloutWatchRow).where(
                    RolloutWatchRow.state != WatchState.WATCHING.value, RolloutWatchRow.started_at < cutoff
                ),
                delete(OutboxEntry).where(
                    OutboxEntry.state.in_((str(RowState.SENT), str(RowState.FAILED))), OutboxEntry.created_at < cutoff
                ),
            ):
                result = await execute_dml(session, statement.execution_options(synchronize_session=False))
                deleted += result.rowcount
        log.info("housekeeping.pruned", rows=deleted, older_than=cutoff.isoformat())
        return deleted

    async def remind(self) -> int:
        minutes = self.reminder_minutes
        if minutes <= 0:
            return 0
        before = self.clock() - dt.timedelta(minutes=minutes)
        store = DatabaseThreadStore(self.db)
        async with self.db.session() as session:
            rows = (
                (
                    await session.execute(
                        select(AlertThread)
                        .where(
                            AlertThread.state == ThreadState.FIRING.value,
                            AlertThread.opened_at <= before,
                            AlertThread.parent_ts.is_not(None),
                        )
                        .limit(200)
                    )
                )
                .scalars()
                .all()
            )
        reminded = 0
        for row in rows:
            record = await store.by_thread_id(row.thread_id)
            key = f"alerts:reminded:{row.thread_id}"
            if record is None or record.acked_by or summaries.severity(record.group).lower() != "critical":
                continue
            if await self.cache.get(key) is not None:
                continue
            message = notice(say("alert.reminder", "en", minutes=minutes))
            async with self.db.session() as session:
                enqueue(
                    session,
                    kind=OutboxKind.POST_REPLY,
                    channel=row.channel,
                    thread_id=row.thread_id,
                    text=message.text,
                    blocks=message.blocks,
                )
            await self.cache.set(key, "1", ttl=REMINDED_TTL)  # after the commit: a crash re-reminds, never skips
            reminded += 1
        if reminded:
            log.info("housekeeping.reminded", threads=reminded)
        return reminded
