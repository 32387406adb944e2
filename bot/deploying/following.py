"""
A CI deploy's rollout, followed under the run's lease to its result, and resumed after a restart.

The same mechanism as a confirmed change's rollout watch (bot/commands/rollout_watch.py):
the replica that applied the change holds the run's lease (deploy_runs.lease_owner,
lease_until) and renews it every third of its span while it follows; the task is
`resumable`, so on SIGTERM it is cancelled and the lease released at once. The
leader's `resume()` claims runs nobody holds (released, or their holder died and
the lease ran out), so exactly one replica follows each: an applied run is followed
again from the generation it returned, to succeeded, failed, timed out or
superseded; a run past its deadline, one never applied (the restart came between
the request and the change) or a replica without a cluster records `interrupted`
and edits the message to say so. Only the holder writes a result.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import structlog

from bot.commands.follower import Follower, LeaseLost
from bot.commands.rollout_messages import buttons_for, next_step
from bot.deploying import messages, records
from bot.deploying.run import Run
from bot.infra.clock import utcnow
from bot.messages.catalog import say
from bot.storage.deploy_models import RunState
from cluster import ChangeApplied, RolloutProgress, errors
from intents.language import Language
from templates.actions import Button

if TYPE_CHECKING:
    from bot.deploying.runs import DeployRunner

log = structlog.get_logger(__name__)

__all__ = ["RunLost", "outcome_buttons"]

RunLost = LeaseLost  # another replica holds the run now (our lease ran out): stop, and write nothing


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value if value is None or value.tzinfo is not None else value.replace(tzinfo=dt.UTC)  # NB: SQLite


def outcome_buttons(applied: ChangeApplied, lang: Language) -> list[Button]:
    """Rollback (to the revision live before this deploy) and Logs."""
    if applied.image_before is None and applied.plan.image_from:
        applied = dataclasses.replace(applied, image_before=applied.plan.image_from)
    return buttons_for(applied, lang)


async def follow(runner: DeployRunner, run: Run, applied: ChangeApplied) -> None:
    """Follow under the run's lease; released when cancelled (shutdown), nothing written when lost."""
    try:
        await _follow(runner, run, applied)
    except asyncio.CancelledError:
        await asyncio.shield(runner.runs.release(run.id, owner=runner.owner))
        raise
    except LeaseLost:
        log.error("deploy.lease_lost", deploy=run.id, app=run.app, namespace=run.namespace)
        runner.metrics.leases_lost.labels(kind="deploy_run").inc()


def _extra(runner: DeployRunner, run: Run) -> list[str]:
    return [say("deploy.approved", runner.lang, user=run.decided_by)] if run.decided_by else []


async def _follow(runner: DeployRunner, run: Run, applied: ChangeApplied) -> None:
    cluster = runner.cluster
    assert cluster is not None
    buttons = outcome_buttons(applied, runner.lang)
    extra = _extra(runner, run)
    started = _aware(run.applied_at) or utcnow()
    deadline = _aware(run.deadline_at) or utcnow()
    before = max(0.0, (utcnow() - started).total_seconds())  # resumed: the time the rollout already took

    def resumed(p: RolloutProgress) -> RolloutProgress:
        return dataclasses.replace(p, elapsed=round(before + (p.elapsed or 0), 1))

    async def show(p: RolloutProgress) -> None:
        nonlocal run
        p = resumed(p)
        headline = messages.progress_headline(run, p, runner.lang)
        message = messages.run_message(
            run, headline, lang=runner.lang, status_line=p.message, details=extra, buttons=buttons
        )
        run = await runner.show(run, message)

    async def renew() -> bool:
        return await runner.runs.renew(run.id, owner=runner.owner, lease=runner.span)

    try:
        found = await Follower(cluster=cluster, poll=runner.poll).follow(
            app=run.app,
            namespace=run.namespace,
            generation=applied.generation,
            timeout=max(0.0, (deadline - utcnow()).total_seconds()),
            show=show,
            renew=renew,
            every=runner.span.total_seconds() / 3,
        )
    except errors.ClusterError as exc:
        log.warning("deploy.follow_failed", deploy=run.id, error=type(exc).__name__)
        reason = type(exc).__name__
        headline = runner.headline("deploy.failed", run, reason=reason)
        await settle(runner, run, RunState.FAILED, headline, detail=reason, buttons=buttons, extra=extra)
        return
    last = resumed(found) if found is not None else None
    if last is not None:
        await _finish_with(runner, run, last, applied=applied, buttons=buttons, extra=extra)


def _then(headline: str, applied: ChangeApplied, runner: DeployRunner, *, failed: bool) -> str:
    """The headline, then the sentence that names the result's button (Rollback after a deploy)."""
    return " ".join(filter(None, (headline, next_step(applied, runner.lang, failed=failed))))


async def _finish_with(
    runner: DeployRunner,
    run: Run,
    p: RolloutProgress,
    *,
    applied: ChangeApplied,
    buttons: list[Button],
    extra: list[str],
) -> None:
    seconds = round(p.elapsed or 0)
    if p.done:
        state = RunState.SUCCEEDED
        revision = p.revision if p.revision is not None else "-"
        headline = runner.headline("deploy.succeeded", run, seconds=seconds, revision=revision)
        headline = _then(headline, applied, runner, failed=False)
    elif p.superseded:
        state = RunState.SUPERSEDED
        if p.superseded_by:
            headline = runner.headline("deploy.superseded_by", run, by=p.superseded_by)
        else:
            headline = runner.headline("deploy.superseded", run)
    elif p.failed:
        state = RunState.FAILED
        headline = runner.headline("deploy.failed", run, reason=p.cause or p.reason or p.message)
        headline = _then(headline, applied, runner, failed=True)
    else:
        state = RunState.TIMED_OUT
        headline = runner.headline("deploy.timed_out", run, seconds=seconds, message=p.message)
    details = [*extra, *messages.crashing_details(p, runner.lang)]
    await settle(
        runner,
        run,
        state,
        headline,
        detail=p.message,
        buttons=buttons,
        extra=details,
        status_line=p.message,
        revision=p.revision,
        seconds=p.elapsed,
    )


async def settle(
    runner: DeployRunner,
    run: Run,
    state: RunState,
    headline: str,
    *,
    detail: str,
    buttons: list[Button],
    extra: list[str],
    status_line: str | None = None,
    revision: int | None = None,
    seconds: float | None = None,
) -> None:
    """The result, once: only the holder writes it (a crash in between repeats the same edit on the resumer)."""
    if not await runner.runs.renew(run.id, owner=runner.owner, lease=runner.span):
        raise LeaseLost(run.id)
    message = messages.run_message(
        run, headline, lang=runner.lang, status_line=status_line, details=extra, buttons=buttons
    )
    await runner.show(run, message)
    if run.history_id is not None:
        await records.close_history(runner.db, run.history_id, outcome=state.value, revision=revision, detail=detail)
    await runner.runs.held(
        run.id,
        owner=runner.owner,
        state=state.value,
        revision_after=revision,
        detail=detail[:2000],
        lease_until=None,
    )
    runner.metrics.deploys.labels(source=run.source, outcome=state.value).inc()
    if seconds is not None:
        runner.metrics.deploy_rollout_seconds.labels(outcome=state.value).observe(seconds)
    log.info("deploy.finished", deploy=run.id, app=run.app, namespace=run.namespace, outcome=state.value)


async def resume(runner: DeployRunner) -> int:
    """Claim the runs nobody holds and follow them (or record them interrupted); how many were claimed."""
    claimed = await runner.runs.claim_orphans(owner=runner.owner, lease=runner.span)
    for run in claimed:
        deadline = _aware(run.deadline_at)
        if run.state != RunState.ROLLING_OUT.value or run.applied is None:
            await _interrupt(runner, run, "deploy.interrupted_unapplied")
        elif runner.cluster is None or deadline is None or utcnow() >= deadline:
            await _interrupt(runner, run, "deploy.interrupted")
        else:
            log.info("deploy.resumed", deploy=run.id, app=run.app, namespace=run.namespace)
            runner.spawn_follow(run, run.applied)
    return len(claimed)


async def _interrupt(runner: DeployRunner, run: Run, key: str) -> None:
    log.warning("deploy.interrupted", deploy=run.id, app=run.app, namespace=run.namespace, state=run.state)
    buttons = outcome_buttons(run.applied, runner.lang) if run.applied else []
    try:
        await settle(
            runner,
            run,
            RunState.INTERRUPTED,
            runner.headline(key, run),
            detail="interrupted",
            buttons=buttons,
            extra=[],
        )
    except RunLost:
        log.info("deploy.interrupt_lost", deploy=run.id)
