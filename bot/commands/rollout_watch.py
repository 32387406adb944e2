"""
After a confirmed change: follow the rollout and keep one message up to date.

The confirmation message is edited (chat.update) into the rollout's progress
(updated/ready counts) and finally into its result: succeeded (revision,
image, how long), failed (ProgressDeadlineExceeded, the crashing pods and
why), superseded (a later change replaced ours) or timed out. The watch
follows the generation the change returned (cluster.follow), never just the
Deployment's name. The wait is bounded by settings.rollout_timeout_seconds.
Every state carries Rollback after a deploy or a rollback (the revision live
before), Undo after a scale (bot/commands/undo.py), nothing after a restart, and
a Logs button (bot/commands/rollout_messages.py). The outcome is written to deployment_history.

Watches are durable (bot/commands/watch_rows.py): the replica that applied the
change holds the watch's lease and renews it while it follows; on SIGTERM it
releases it (the task is `resumable`, bot/infra/tasks.py). The leader's
`resume()` claims watches nobody holds, on every replica start and every few
seconds, so exactly one replica follows each. A watch that cannot be resumed
(its deadline passed, or this replica has no cluster) is recorded as
`interrupted`, and its message says so.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import update

from bot.commands.cluster_errors import explain
from bot.commands.follower import Follower, LeaseLost
from bot.commands.rollout_messages import buttons_for, next_step, progress_message, result_message
from bot.commands.watch_rows import Watched, WatchRows
from bot.infra.clock import utcnow
from bot.infra.identity import replica_id
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks
from bot.messages.catalog import say
from bot.messages.replies import Replier
from bot.storage import Database
from bot.storage.change_models import DeploymentRecord, WatchState
from bot.storage.outcome import Outcome
from cluster import ChangeApplied, DeploymentStatus, RolloutProgress, errors
from intents import Command, Intent
from templates import Message

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["DEFAULT_POLL", "RolloutWatch", "Watched", "buttons_for"]  # buttons_for: rollout_messages.py

DEFAULT_POLL = 2.0  # seconds between reads of the Deployment


@dataclass(frozen=True)
class RolloutWatch:
    db: Database
    cluster: Cluster | None
    replier: Replier
    tasks: BackgroundTasks
    metrics: Metrics
    span: dt.timedelta  # how long a watch's lease lasts (renewed every third of it)
    poll: float = DEFAULT_POLL
    owner: str = field(default_factory=replica_id)
    # With impersonation, the person who confirmed (bot/policy/access.py); None: the cluster as given.
    acting_as: Callable[[str, Cluster], Awaitable[Cluster]] | None = None

    @property
    def rows(self) -> WatchRows:
        return WatchRows(self.db)

    async def start(self, w: Watched) -> Watched:
        """Store the watch (leased to this replica) and follow it in the app's task set."""
        w = dataclasses.replace(w, row_id=await self.rows.add(w, owner=self.owner, lease=self.span))
        self._spawn(w)
        return w

    async def resume(self) -> int:
        """Claim the watches nobody follows and follow them (or record them interrupted); how many were claimed."""
        claimed = await self.rows.claim_orphans(owner=self.owner, lease=self.span)
        for w in claimed:
            if self.cluster is None or utcnow() >= w.deadline_at:
                await self._interrupt(w)
            else:
                log.info("rollout.resumed", app=w.applied.app, namespace=w.applied.namespace, row=w.row_id)
                self._spawn(w)
        return len(claimed)

    def _spawn(self, w: Watched) -> None:
        name = f"rollout:{w.applied.namespace}/{w.applied.app}"
        self.tasks.spawn(self.follow(w), name=name, resumable=True)

    async def follow(self, w: Watched) -> RolloutProgress | None:
        """Follow under the watch's lease; released when cancelled (shutdown), nothing written when lost."""
        try:
            return await self._follow(w)
        except asyncio.CancelledError:
            if w.row_id is not None:
                await asyncio.shield(self.rows.release(w.row_id, owner=self.owner))
            raise
        except LeaseLost:
            log.error("rollout.lease_lost", app=w.applied.app, namespace=w.applied.namespace, row=w.row_id)
            self.metrics.leases_lost.labels(kind="rollout_watch").inc()
            return None

    async def _renew(self, w: Watched) -> bool:
        return w.row_id is None or await self.rows.renew(w.row_id, owner=self.owner, lease=self.span)

    async def _follow(self, w: Watched) -> RolloutProgress | None:
        """Edit the message on every change of progress until the rollout is finished; returns the last one."""
        assert self.cluster is not None  # NB: a watch starts after a change applied here; resume() interrupts it
        cluster = self.cluster
        if self.acting_as is not None:  # watched as the person who confirmed it, after a restart too
            cluster = await self.acting_as(w.confirmed_by, self.cluster)
        applied = w.applied
        timeout = max(0.0, (w.deadline_at - utcnow()).total_seconds())

        async def show(progress: RolloutProgress) -> None:
            await self._show(w, progress_message(w, progress))

        try:
            last = await Follower(cluster=cluster, poll=self.poll).follow(
                app=applied.app,
                namespace=applied.namespace,
                generation=applied.generation,
                timeout=timeout,
                show=show,
                renew=lambda: self._renew(w),
                every=self.span.total_seconds() / 3,
            )
        except errors.ClusterError as exc:
            log.warning("rollout.watch_failed", app=applied.app, namespace=applied.namespace, error=type(exc).__name__)
            command = Command(intent=applied.plan.intent, app=applied.app, namespace=applied.namespace)
            reason = explain(exc, command, namespace=applied.namespace, lang=w.lang)
            headline = say(
                "apply.failed", w.lang, intent=applied.plan.intent.value, namespace=applied.namespace, app=applied.app
            )
            await self._settle(
                w,
                result_message(w, f"{headline} {reason.text}", None, []),
                outcome=Outcome.WATCH_FAILED,
                revision=None,
                image=None,
                detail=type(exc).__name__,
            )
            return None
        if last is not None:
            await self._finish(w, last)
        return last

    async def _interrupt(self, w: Watched) -> None:
        applied = w.applied
        log.warning("rollout.interrupted", app=applied.app, namespace=applied.namespace, row=w.row_id)
        headline = say(
            "rollout.interrupted",
            w.lang,
            intent=applied.plan.intent.value,
            namespace=applied.namespace,
            app=applied.app,
        )
        await self._settle(
            w,
            result_message(w, headline, None, []),
            outcome=Outcome.INTERRUPTED,
            revision=None,
            image=None,
            detail=None,
            state=WatchState.INTERRUPTED,
        )

    async def _finish(self, w: Watched, progress: RolloutProgress) -> None:
        applied = w.applied
        seconds = round((utcnow() - w.started_at).total_seconds(), 1)
        intent = applied.plan.intent.value
        image = applied.plan.image_to
        revision = progress.revision
        if progress.done:
            status = await self._status(applied)
            if status is not None:
                image = ", ".join(i.image for i in status.images) or image
                revision = status.revision if status.revision is not None else revision
            headline = say(
                "rollout.succeeded",
                w.lang,
                intent=intent,
                namespace=applied.namespace,
                app=applied.app,
                revision=revision if revision is not None else "-",
                image=image or "-",
                seconds=seconds,
            )
            headline = " ".join(filter(None, (headline, next_step(applied, w.lang, failed=False))))
            outcome = Outcome.SUCCEEDED
        elif progress.superseded:
            where = {"intent": intent, "namespace": applied.namespace, "app": applied.app}
            if progress.superseded_by:
                headline = say("rollout.superseded_by", w.lang, by=progress.superseded_by, **where)
            else:
                headline = say("rollout.superseded", w.lang, **where)
            outcome = Outcome.SUPERSEDED
        elif progress.failed:
            headline = say(
                "rollout.failed",
                w.lang,
                intent=intent,
                namespace=applied.namespace,
                app=applied.app,
                reason=progress.cause or progress.reason or progress.message,
            )
            headline = " ".join(filter(None, (headline, next_step(applied, w.lang, failed=True))))
            outcome = Outcome.FAILED
        else:
            headline = say(
                "rollout.timed_out",
                w.lang,
                intent=intent,
                namespace=applied.namespace,
                app=applied.app,
                seconds=seconds,
                message=progress.message,
            )
            outcome = Outcome.TIMED_OUT
        details = []
        if progress.crashing:
            pods = ", ".join(f"`{p.name}` {p.reason} (restarts {p.restarts})" for p in progress.crashing[:10])
            details.append(say("rollout.crashing", w.lang, pods=pods))
        await self._settle(
            w,
            result_message(w, headline, progress.message, details),
            outcome=outcome,
            revision=revision,
            image=image,
            detail=progress.message,
        )
        log.info("rollout.finished", app=applied.app, namespace=applied.namespace, outcome=outcome)

    async def _status(self, applied: ChangeApplied) -> DeploymentStatus | None:
        """The Deployment's images and revision after a successful rollout, for the result."""
        assert self.cluster is not None  # NB: only after a followed rollout (see _follow)
        command = Command(intent=Intent.STATUS, app=applied.app, namespace=applied.namespace)
        try:
            result = await self.cluster.query(command)
        except errors.ClusterError as exc:
            # The rollout did succeed; the message then says what the plan knew instead.
            log.warning("rollout.status_failed", app=applied.app, error=type(exc).__name__)
            return None
        return result if isinstance(result, DeploymentStatus) else None

    async def _settle(
        self,
        w: Watched,
        message: Message,
        *,
        outcome: Outcome,
        revision: int | None,
        image: str | None,
        detail: str | None,
        state: WatchState = WatchState.FINISHED,
    ) -> None:
        """The result, once: only the holder writes it, and the row is closed after (a crash in between repeats
        the same edit on the replica that resumes it, which changes nothing)."""
        if w.row_id is not None and not await self.rows.renew(w.row_id, owner=self.owner, lease=self.span):
            raise LeaseLost(w.row_id)
        await self._show(w, message)
        await self._record(w, outcome=outcome, revision=revision, image=image, detail=detail)
        if w.row_id is not None:
            await self.rows.close(w.row_id, owner=self.owner, state=state)

    async def _show(self, w: Watched, message: Message) -> None:
        await self.replier.update(w.channel, w.ts, message)

    async def _record(
        self, w: Watched, *, outcome: Outcome, revision: int | None, image: str | None, detail: str | None
    ) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(DeploymentRecord)
                .where(DeploymentRecord.id == w.record_id)
                .values(
                    outcome=outcome,
                    revision_after=revision,
                    image_after=image,
                    finished_at=utcnow(),
                    detail=(detail or "")[:2000] or None,
                )
            )
