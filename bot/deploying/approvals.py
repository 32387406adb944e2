"""
Approve and Reject on a deploy that asks for an approval, and its expiry.

The policy decides who may approve: the clicker needs `deploy` in the run's
namespace. With `two_person`, the author (their Slack ID from the rules'
`people`) may not approve their own deploy. The decision is claimed with an
atomic state change, so a double click, a retry or a second replica decides
once. Reject and expiry leave the Deployment untouched and say so.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import structlog

from bot.deploying import messages
from bot.deploying.run import Run
from bot.deploying.runs import DeployRunner
from bot.infra.clock import utcnow
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.policy.guard import refusal
from bot.storage import AuditEntry
from bot.storage.deploy_models import RunState
from bot.storage.outcome import Outcome
from intents import Intent
from templates import Message

log = structlog.get_logger(__name__)

__all__ = ["Approvals"]

_WAITING = (RunState.AWAITING_APPROVAL,)


@dataclass(frozen=True)
class Approvals:
    runner: DeployRunner

    async def approve(self, who: Invocation, run_id: str) -> Outcome:
        """Handle an Approve click; returns the audit outcome."""
        run = await self._waiting(who, run_id, "approve")
        if run is None:
            return Outcome.NOT_WAITING
        decision = self.runner.policy.may(who.user_id, Intent.DEPLOY, run.namespace)
        if not decision.allowed:
            await self._tell(who, refusal(decision, user_id=who.user_id, lang=who.lang))
            return await self._audit(who, run, "approve", Outcome.DENIED)
        if run.two_person and run.author_slack and run.author_slack == who.user_id:
            await self._tell(who, notice(say("deploy.own", who.lang)))
            return await self._audit(who, run, "approve", Outcome.DENIED, reason="two_person")
        won = await self.runner.runs.move(
            run.id,
            to=RunState.APPROVING,
            frm=_WAITING,
            decided_by=who.user_id,
            decided_at=utcnow(),
            lease_owner=self.runner.owner,  # the clicker's replica applies it; a restart hands it on
            lease_until=utcnow() + self.runner.span,
        )
        if not won:
            return await self._late(who, run.id, "approve")
        await self._audit(who, run, "approve", Outcome.OK)
        log.info("deploy.approved", deploy=run.id, by=who.user_id)
        if run.plan is None:  # NB: a run waits for an approval only after its dry run stored the plan
            raise LookupError(f"deploy run {run.id} waits for an approval without a plan")
        await self.runner.apply(run.id, run.plan, approved_by=who.user_id)
        return Outcome.OK

    async def reject(self, who: Invocation, run_id: str) -> Outcome:
        """Handle a Reject click: anyone allowed to deploy there may reject; nothing changes."""
        run = await self._waiting(who, run_id, "reject")
        if run is None:
            return Outcome.NOT_WAITING
        decision = self.runner.policy.may(who.user_id, Intent.DEPLOY, run.namespace)
        if not decision.allowed:
            await self._tell(who, refusal(decision, user_id=who.user_id, lang=who.lang))
            return await self._audit(who, run, "reject", Outcome.DENIED)
        won = await self.runner.runs.move(
            run.id, to=RunState.REJECTED, frm=_WAITING, decided_by=who.user_id, decided_at=utcnow()
        )
        if not won:
            return await self._late(who, run.id, "reject")
        await self.runner.show(
            run,
            messages.run_message(
                run, self.runner.headline("deploy.rejected", run, user=who.user_id), lang=self.runner.lang
            ),
        )
        log.info("deploy.rejected", deploy=run.id, by=who.user_id)
        return await self._audit(who, run, "reject", Outcome.REJECTED)

    async def expire_due(self) -> int:
        """Expire the runs whose approval time is up; their messages say nothing changed."""
        expired = 0
        for run in await self.runner.runs.due_for_expiry():
            if await self.runner.runs.move(run.id, to=RunState.EXPIRED, frm=_WAITING):
                await self.runner.show(
                    run, messages.run_message(run, self.runner.headline("deploy.expired", run), lang=self.runner.lang)
                )
                log.info("deploy.expired", deploy=run.id)
                expired += 1
        return expired

    async def expire_forever(self, every: float) -> None:
        """The expiry sweep, every `every` seconds, until cancelled."""
        while True:
            await asyncio.sleep(every)
            await self.expire_due()

    # --- helpers -----------------------------------------------------------------------------

    async def _waiting(self, who: Invocation, run_id: str, action: str) -> Run | None:
        """The run if it still waits for a decision; otherwise tell the clicker why not."""
        run = await self.runner.runs.get(run_id)
        if run is None:
            await self._tell(who, notice(say("deploy.missing", who.lang)))
            return None
        if run.state == RunState.AWAITING_APPROVAL.value and run.expires_at is not None:
            expires = run.expires_at if run.expires_at.tzinfo else run.expires_at.replace(tzinfo=utcnow().tzinfo)
            if expires <= utcnow():
                await self.expire_due()
                run = await self.runner.runs.get(run_id) or run
        if run.state != RunState.AWAITING_APPROVAL.value:
            await self._tell(who, notice(say("deploy.decided", who.lang, state=run.state)))
            await self._audit(who, run, action, Outcome.NOT_WAITING, state=run.state)
            return None
        return run

    async def _late(self, who: Invocation, run_id: str, action: str) -> Outcome:
        run = await self.runner.runs.get(run_id)
        state = run.state if run else "missing"
        await self._tell(who, notice(say("deploy.decided", who.lang, state=state)))
        if run is not None:
            await self._audit(who, run, action, Outcome.DUPLICATE)
        return Outcome.DUPLICATE

    async def _tell(self, who: Invocation, message: Message) -> None:
        """A sentence only the clicker sees."""
        if who.channel_id:
            await self.runner.replier.ephemeral(who.channel_id, who.user_id, message, thread_ts=who.thread_ts)
        elif who.response_url:
            await self.runner.replier.respond(who.response_url, message)

    async def _audit(self, who: Invocation, run: Run, action: str, outcome: Outcome, **detail: str) -> Outcome:
        async with self.runner.db.session() as session:
            session.add(
                AuditEntry(
                    team_id=who.team_id,
                    user_id=who.user_id,
                    channel_id=who.channel_id,
                    source=who.source,
                    action=action,
                    target=f"{run.namespace}/{run.app}",
                    outcome=outcome,
                    detail={"deploy_id": run.id, "actor": run.actor, **detail},
                )
            )
        return outcome
