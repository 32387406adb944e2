"""
Approve and Reject on a deploy that asks for an approval, and its expiry.

The policy decides who may approve: the clicker needs `deploy` in the run's
namespace. With `two_person`, the author (their Slack ID from the rules'
`people`) may not approve their own deploy. The decision is claimed with an
atomic state change, so a double click, a retry or a second replica decides
once. Reject and expiry leave the Deployment untouched and say so.

An approval may come up to KLEPAAS_APPROVAL_TTL after the request, so Approve
plans the deploy again at the click, as Confirm does (bot/commands/freshness.py):
when the Deployment changed meanwhile (a hotfix image), nothing is applied; the
message says what changed, shows the difference Approve would make now, and
asks again. Every click is audited, whatever its outcome (an unknown deploy id
as `missing`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import structlog

from bot.commands import freshness
from bot.commands.cluster_errors import explain
from bot.deploying import messages
from bot.deploying.run import Run
from bot.deploying.runs import DeployRunner
from bot.infra.clock import utcnow
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.policy.access import Access
from bot.policy.guard import refusal
from bot.policy.rules import Decision
from bot.storage import AuditEntry
from bot.storage.cluster_json import plan_to_json
from bot.storage.deploy_models import RunState
from bot.storage.outcome import Outcome
from cluster import ChangePlan, errors
from intents import Command, Intent
from templates import Message

log = structlog.get_logger(__name__)

__all__ = ["Approvals"]

_WAITING = (RunState.AWAITING_APPROVAL,)


@dataclass(frozen=True)
class Approvals:
    runner: DeployRunner
    access: Access | None = None  # user groups and channels (bot/policy/access.py); None: the policy alone

    async def _decide(self, who: Invocation, namespace: str) -> Decision:
        if self.access is None:
            return self.runner.policy.may(who.user_id, Intent.DEPLOY, namespace)
        return await self.access.may(who.user_id, Intent.DEPLOY, namespace, channel=who.channel_id)

    async def approve(self, who: Invocation, run_id: str) -> Outcome:
        """Handle an Approve click; returns the audit outcome."""
        run = await self._waiting(who, run_id, "approve")
        if run is None:
            return Outcome.NOT_WAITING
        decision = await self._decide(who, run.namespace)
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
        now = await self._plan_again(who, run)
        if isinstance(now, Outcome):
            return now
        await self._audit(who, run, "approve", Outcome.OK)
        log.info("deploy.approved", deploy=run.id, by=who.user_id)
        await self.runner.apply(run.id, now, approved_by=who.user_id)
        return Outcome.OK

    async def _plan_again(self, who: Invocation, run: Run) -> ChangePlan | Outcome:
        """The deploy planned again at the click; an outcome (audited, said) when it is not to be applied."""
        if run.plan is None:  # NB: a run waits for an approval only after its dry run stored the plan
            raise LookupError(f"deploy run {run.id} waits for an approval without a plan")
        cluster = self.runner.cluster
        assert cluster is not None  # NB: a run waits for an approval only where a cluster planned it
        command = Command(intent=Intent.DEPLOY, app=run.app, namespace=run.namespace, image=run.image)
        try:
            now = await cluster.plan(command, container=run.container)
        except errors.ClusterError as exc:
            reason = explain(exc, command, namespace=run.namespace, lang=self.runner.lang).text
            await self.runner.runs.move(run.id, to=RunState.REFUSED, frm=(RunState.APPROVING,), detail=reason[:2000])
            headline = self.runner.headline("deploy.refused", run, reason="") + reason
            await self.runner.show(run, messages.run_message(run, headline, lang=self.runner.lang))
            return await self._audit(who, run, "approve", Outcome.FAILED, error=type(exc).__name__)
        if now.noop:
            await self.runner.runs.move(run.id, to=RunState.NOOP, frm=(RunState.APPROVING,), plan=plan_to_json(now))
            headline = self.runner.headline("deploy.noop", run)
            await self.runner.show(run, messages.run_message(run, headline, lang=self.runner.lang))
            return await self._audit(who, run, "approve", Outcome.NOOP)
        if moved := freshness.drift(run.plan, now):
            return await self._ask_again(who, run, now, moved)
        return now

    async def _ask_again(self, who: Invocation, run: Run, now: ChangePlan, moved: list[str]) -> Outcome:
        """The Deployment changed since the request: show the difference Approve makes now, apply nothing."""
        log.info("deploy.stale", deploy=run.id, moved=moved)
        await self.runner.runs.move(
            run.id,
            to=RunState.AWAITING_APPROVAL,
            frm=(RunState.APPROVING,),
            plan=plan_to_json(now),
            revision_before=now.revision_from,
            decided_by=None,
            decided_at=None,
        )
        run = await self.runner.runs.get(run.id) or run
        lang = self.runner.lang
        expires = run.expires_at.replace(tzinfo=run.expires_at.tzinfo or utcnow().tzinfo) if run.expires_at else None
        minutes = max(1, round((expires - utcnow()).total_seconds() / 60)) if expires else 1
        changed = say("deploy.approval.changed", lang, app=run.app, namespace=run.namespace, what="; ".join(moved),
                      image_from=now.image_from or "?", image_to=now.image_to or run.image)  # fmt: skip
        details = [changed] + ([say("deploy.approval.two_person", lang)] if run.two_person else [])
        message = messages.run_message(
            run,
            self.runner.headline("deploy.approval", run, minutes=minutes),
            lang=lang,
            details=details,
            buttons=messages.approval_buttons(run, lang),
        )
        await self.runner.show(run, message)
        return await self._audit(who, run, "approve", Outcome.CHANGED, moved="; ".join(moved)[:300])

    async def reject(self, who: Invocation, run_id: str) -> Outcome:
        """Handle a Reject click: anyone allowed to deploy there may reject; nothing changes."""
        run = await self._waiting(who, run_id, "reject")
        if run is None:
            return Outcome.NOT_WAITING
        decision = await self._decide(who, run.namespace)
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
            # NB: audited before the answer, as Confirm does: a reply that fails must not lose the attempt.
            await self._record(who, action, Outcome.MISSING, target=None, detail={"deploy_id": run_id[:64]})
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
        detail = {"deploy_id": run.id, "actor": run.actor, **detail}
        return await self._record(who, action, outcome, target=f"{run.namespace}/{run.app}", detail=detail)

    async def _record(
        self, who: Invocation, action: str, outcome: Outcome, *, target: str | None, detail: dict[str, str]
    ) -> Outcome:
        async with self.runner.db.session() as session:
            session.add(
                AuditEntry(
                    team_id=who.team_id,
                    user_id=who.user_id,
                    channel_id=who.channel_id,
                    source=who.source,
                    action=action,
                    target=target,
                    outcome=outcome,
                    detail=detail,
                )
            )
        return outcome
