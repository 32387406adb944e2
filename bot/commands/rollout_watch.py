"""
After a confirmed change: follow the rollout and keep one message up to date.

The confirmation message is edited (chat.update) into the rollout's progress
(updated/ready counts) and finally into its result: succeeded (revision,
image, how long), failed (ProgressDeadlineExceeded, the crashing pods and
why) or timed out. The wait is bounded by settings.rollout_timeout_seconds.
Every state carries a Rollback button (back to the revision before this
change) and a Logs button. The outcome is written to deployment_history.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import structlog
from sqlalchemy import update

from bot.commands.cluster_errors import explain
from bot.app.deps import Deps
from bot.storage.change_models import DeploymentRecord
from bot.storage.models import utcnow
from bot.messages.buttons import target_value
from bot.messages.catalog import say
from cluster import ChangeApplied, DeploymentStatus, RolloutProgress, errors
from intents import Command, Intent
from intents.language import Language
from templates import Message, render
from templates.actions import ActionId

log = structlog.get_logger(__name__)

__all__ = ["DEFAULT_POLL", "RolloutWatch", "buttons_for"]

DEFAULT_POLL = 2.0  # seconds between reads of the Deployment


def buttons_for(applied: ChangeApplied, lang: Language) -> list[dict[str, object]]:
    return [
        {"action_id": ActionId.ROLLBACK, "text": say("rollout.rollback", lang), "style": "danger",
         "value": target_value(applied.namespace, applied.app, applied.revision_before)},
        {"action_id": ActionId.LOGS, "text": say("rollout.logs", lang), "value": target_value(applied.namespace, applied.app),
         "style": None},
    ]


@dataclass(frozen=True, slots=True)
class Watched:
    """One confirmed change being followed, and where its message is."""

    applied: ChangeApplied
    record_id: int
    channel: str
    ts: str
    confirmed_by: str
    lang: Language
    started: float  # time.monotonic() when the change was applied


@dataclass(frozen=True)
class RolloutWatch:
    deps: Deps
    poll: float = DEFAULT_POLL

    async def follow(self, w: Watched) -> RolloutProgress | None:
        """Edit the message on every change of progress until the rollout is finished; returns the last one."""
        cluster = self.deps.cluster
        applied = w.applied
        last: RolloutProgress | None = None
        try:
            async for progress in cluster.watch(applied.app, applied.namespace,
                                                timeout=float(self.deps.settings.rollout_timeout_seconds),
                                                poll=self.poll):
                last = progress
                if not progress.finished:
                    await self._show(w, self._progress(w, progress))
        except errors.ClusterError as exc:
            log.warning("rollout.watch_failed", app=applied.app, namespace=applied.namespace, error=type(exc).__name__)
            command = Command(intent=applied.plan.intent, app=applied.app, namespace=applied.namespace)
            reason = explain(exc, command, namespace=applied.namespace, lang=w.lang)
            headline = say("apply.failed", w.lang, intent=applied.plan.intent.value, namespace=applied.namespace,
                           app=applied.app)
            await self._show(w, self._result(w, f"{headline} {reason.text}", None, []))
            await self._record(w, outcome="watch_failed", revision=None, image=None, detail=type(exc).__name__)
            return None
        if last is not None:
            await self._finish(w, last)
        return last

    async def _finish(self, w: Watched, progress: RolloutProgress) -> None:
        applied = w.applied
        seconds = round(time.monotonic() - w.started, 1)
        intent = applied.plan.intent.value
        image = applied.plan.image_to
        revision = progress.revision
        if progress.done:
            status = await self._status(applied)
            if status is not None:
                image = ", ".join(i.image for i in status.images) or image
                revision = status.revision if status.revision is not None else revision
            headline = say("rollout.succeeded", w.lang, intent=intent, namespace=applied.namespace, app=applied.app,
                           revision=revision if revision is not None else "-", image=image or "-", seconds=seconds)
            outcome = "succeeded"
        elif progress.failed:
            headline = say("rollout.failed", w.lang, intent=intent, namespace=applied.namespace, app=applied.app,
                           reason=progress.reason or progress.message)
            outcome = "failed"
        else:
            headline = say("rollout.timed_out", w.lang, intent=intent, namespace=applied.namespace, app=applied.app,
                           seconds=seconds, message=progress.message)
            outcome = "timed_out"
        details = []
        if progress.crashing:
            pods = ", ".join(f"`{p.name}` {p.reason} (restarts {p.restarts})" for p in progress.crashing[:10])
            details.append(say("rollout.crashing", w.lang, pods=pods))
        await self._show(w, self._result(w, headline, progress.message, details))
        await self._record(w, outcome=outcome, revision=revision, image=image, detail=progress.message)
        log.info("rollout.finished", app=applied.app, namespace=applied.namespace, outcome=outcome)

    async def _status(self, applied: ChangeApplied) -> DeploymentStatus | None:
        """The Deployment's images and revision after a successful rollout, for the result."""
        command = Command(intent=Intent.STATUS, app=applied.app, namespace=applied.namespace)
        try:
            result = await self.deps.cluster.query(command)
        except errors.ClusterError as exc:
            # The rollout did succeed; the message then says what the plan knew instead.
            log.warning("rollout.status_failed", app=applied.app, error=type(exc).__name__)
            return None
        return result if isinstance(result, DeploymentStatus) else None

    def _progress(self, w: Watched, p: RolloutProgress) -> Message:
        headline = say("rollout.progress", w.lang, intent=w.applied.plan.intent.value, namespace=w.applied.namespace,
                       app=w.applied.app, user=w.confirmed_by, updated=p.updated, ready=p.ready, desired=p.desired)
        return self._result(w, headline, p.message, [])

    def _result(self, w: Watched, headline: str, status_line: str | None, details: list[str]) -> Message:
        fallback = f"{w.applied.plan.intent.value} {w.applied.namespace}/{w.applied.app}" + (
            f": {status_line}" if status_line else "")
        return render("change_result", headline=headline, status_line=status_line, details=details,
                      buttons=buttons_for(w.applied, w.lang), fallback=fallback)

    async def _show(self, w: Watched, message: Message) -> None:
        await self.deps.replier.update(w.channel, w.ts, message)

    async def _record(self, w: Watched, *, outcome: str, revision: int | None, image: str | None,
                      detail: str | None) -> None:
        async with self.deps.db.session() as session:
            await session.execute(
                update(DeploymentRecord).where(DeploymentRecord.id == w.record_id).values(
                    outcome=outcome, revision_after=revision, image_after=image, finished_at=utcnow(),
                    detail=(detail or "")[:2000] or None,
                )
            )
