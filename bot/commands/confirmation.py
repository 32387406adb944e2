"""
Clicks on Confirm and Cancel.

The clicker is checked with the policy at click time (whoever asked, the
person clicking must be allowed too), then the pending change is claimed
atomically with a lease (bot/commands/pending.py), so a double click, a Slack
retry or a click on another replica applies it once, and a holder that dies
before applying leaves it clickable. Before applying, the change is planned
again and compared with what was shown (bot/commands/freshness.py): when the
Deployment moved on, nothing is applied and the message shows the new
difference with new buttons. A confirmed change is applied exactly as planned,
recorded in deployment_history, and its message becomes the rollout's
progress (bot/commands/rollout_watch.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import structlog

from bot.commands import freshness, two_person
from bot.commands.changes import confirmation_message
from bot.commands.cluster_errors import explain
from bot.commands.pending import PendingChanges
from bot.commands.rollout_watch import RolloutWatch, Watched
from bot.infra.clock import utcnow
from bot.infra.identity import replica_id
from bot.infra.metrics import Metrics
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.messages.replies import Replier
from bot.policy.access import Access
from bot.policy.guard import refusal
from bot.policy.rules import Decision
from bot.storage import Database
from bot.storage.audit import Recorder
from bot.storage.change_models import DeploymentRecord, PendingChange, PendingState
from bot.storage.cluster_json import plan_from_json
from bot.storage.outcome import Outcome
from cluster import ChangeApplied, ChangePlan, errors
from intents import Command, Intent
from intents.language import Language
from templates import Message

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["Confirmations"]


@dataclass(frozen=True)
class Confirmations:
    pending: PendingChanges
    cluster: Cluster | None
    access: Access  # the policy applied to the clicker (groups, channel, Kubernetes identity)
    replier: Replier
    recorder: Recorder
    db: Database  # deployment_history rows
    metrics: Metrics
    watch: RolloutWatch
    lease: dt.timedelta  # how long a click holds the change it applies (KLEPAAS_CONFIRM_LEASE_SECONDS)
    rollout_timeout: dt.timedelta
    owner: str = field(default_factory=replica_id)  # who holds the changes this replica applies

    async def confirm(self, who: Invocation, change_id: str) -> Outcome:
        """Handle a Confirm click; returns the audit outcome."""
        store = self.pending
        change = await store.get(change_id)
        # NB: every branch audits before it answers: a reply that fails must not lose the attempt.
        if change is None:
            await self._audit(who, "confirm", Outcome.MISSING, None, change_id)
            await self._tell(who, notice(say("click.missing", who.lang)))
            return Outcome.MISSING
        lang, target, decision = await self._judge(who, change)
        if not decision.allowed:
            await self._audit(who, "confirm", Outcome.DENIED, target, change_id)
            await self._tell(who, refusal(decision, user_id=who.user_id, lang=lang))
            return Outcome.DENIED
        if two_person.protected(self.access.policy, change.namespace) and who.user_id == change.user_id:
            await self._audit(who, "confirm", Outcome.OWN_CONFIRM, target, change_id)
            await self._tell(who, notice(say("two_person.own", lang, namespace=change.namespace)))
            return Outcome.OWN_CONFIRM
        if self.cluster is not None:
            clicker = await self.access.cluster_for(who.user_id, self.cluster)
            refused = await self.access.rbac_refusal(clicker, Intent(change.intent), change.namespace, lang=lang)
            if refused is not None:
                await self._audit(who, "confirm", Outcome.DENIED, target, change_id)
                await self._tell(who, refused)
                return Outcome.DENIED
        claim = await store.confirm(change_id, user_id=who.user_id, owner=self.owner, lease=self.lease)
        if not claim.won:
            outcome, message = self._lost(claim.state, claim.decided_by, lang)
            await self._audit(who, "confirm", outcome, target, change_id)
            await self._tell(who, message)
            return outcome
        if claim.reclaimed:
            log.warning("change.reclaimed", change_id=change_id, target=target, note="its holder's lease ran out")
        return await self._apply(who, claim.change or change, lang, reclaimed=claim.reclaimed)

    async def cancel(self, who: Invocation, change_id: str) -> Outcome:
        """Handle a Cancel click: the requester, or anyone allowed to make the change, may cancel."""
        store = self.pending
        change = await store.get(change_id)
        if change is None:
            await self._tell(who, notice(say("click.missing", who.lang)))
            return Outcome.MISSING
        lang, target, decision = await self._judge(who, change)
        if who.user_id != change.user_id and not decision.allowed:
            await self._audit(who, "cancel", Outcome.DENIED, target, change_id)
            await self._tell(who, refusal(decision, user_id=who.user_id, lang=lang))
            return Outcome.DENIED
        claim = await store.cancel(change_id, user_id=who.user_id)
        if not claim.won:
            outcome, message = self._lost(claim.state, claim.decided_by, lang)
            await self._audit(who, "cancel", outcome, target, change_id)
            await self._tell(who, message)
            return outcome
        text = say(
            "cancelled", lang, user=who.user_id, intent=change.intent, namespace=change.namespace, app=change.app
        )
        await self._audit(who, "cancel", Outcome.CANCELLED, target, change_id)
        await self._edit(who, change, notice(text))
        return Outcome.CANCELLED

    async def _judge(self, who: Invocation, change: PendingChange) -> tuple[Language, str, Decision]:
        """The language to answer in, the change's target, and whether the clicker may make it."""
        lang: Language = change.lang if change.lang in ("ko", "en") else who.lang  # type: ignore[assignment]
        channel = who.channel_id or change.message_channel
        decision = await self.access.may(who.user_id, Intent(change.intent), change.namespace, channel=channel)
        return lang, f"{change.namespace}/{change.app}", decision

    @staticmethod
    def _lost(state: PendingState | None, by: str | None, lang: Language) -> tuple[Outcome, Message]:
        """The audit outcome of a late click, and what to tell the clicker about why nothing happened."""
        match state:
            case PendingState.EXPIRED:
                return Outcome.EXPIRED, notice(say("click.expired", lang))
            case PendingState.CONFIRMED:
                return Outcome.DUPLICATE, notice(say("click.used", lang, user=by or "?"))
            case PendingState.APPLYING:
                return Outcome.APPLYING, notice(say("click.applying", lang, user=by or "?"))
            case PendingState.CANCELLED:
                return Outcome.CANCELLED_BEFORE, notice(say("click.cancelled", lang, user=by or "?"))
        return Outcome.MISSING, notice(say("click.missing", lang))

    async def _apply(self, who: Invocation, change: PendingChange, lang: Language, *, reclaimed: bool) -> Outcome:
        plan = plan_from_json(change.plan)
        target = f"{plan.namespace}/{plan.app}"
        started = utcnow()
        store = self.pending
        assert self.cluster is not None  # NB: a pending change exists only where a cluster planned it
        cluster = await self.access.cluster_for(who.user_id, self.cluster)  # as the person who confirmed
        try:
            command = Command.model_validate(change.command).model_copy(
                update={"app": plan.app, "namespace": plan.namespace}
            )
            now = await cluster.plan(command)
            if reclaimed and freshness.reached(plan, now):
                # The holder that died had applied it; record and report it, do not apply it twice.
                applied = ChangeApplied(
                    plan=plan,
                    revision_before=plan.revision_from,
                    replicas_before=plan.replicas_from,
                    image_before=plan.image_from,
                )
            elif now.noop:
                await store.finish(change.id, owner=self.owner)
                await self._audit(who, "confirm", Outcome.NOOP, target, change.id)
                await self._edit(who, change, notice(say("confirm.noop", lang, namespace=plan.namespace, app=plan.app)))
                return Outcome.NOOP
            elif moved := freshness.drift(plan, now):
                return await self._ask_again(who, change, now, moved, lang)
            else:
                applied = await cluster.apply(plan)
        except errors.ClusterError as exc:
            log.warning("change.apply_failed", target=target, error=type(exc).__name__)
            command = Command.model_validate(change.command)
            reason = explain(exc, command, namespace=plan.namespace, lang=lang)
            headline = say("apply.failed", lang, intent=plan.intent.value, namespace=plan.namespace, app=plan.app)
            await store.finish(change.id, owner=self.owner)  # its message says it failed; no click retries it
            await self._history(who, change, None, outcome=Outcome.FAILED, detail=type(exc).__name__)
            await self._audit(who, "confirm", Outcome.FAILED, target, change.id)
            await self._edit(who, change, notice(f"{headline} {reason.text}"))
            return Outcome.FAILED
        if not await store.finish(change.id, owner=self.owner):
            log.error(
                "change.lease_lost",
                change_id=change.id,
                target=target,
                note="applied, but another replica reclaimed the change meanwhile",
            )
            self.metrics.leases_lost.labels(kind="confirm").inc()
        record_id = await self._history(who, change, applied, outcome=Outcome.APPLIED, detail=None)
        await self._audit(who, "confirm", Outcome.OK, target, change.id)
        log.info("change.applied", target=target, intent=plan.intent.value, revision_before=applied.revision_before)
        channel = change.message_channel or who.channel_id
        ts = change.message_ts or who.message_ts
        if channel and ts:
            watched = Watched(
                applied=applied,
                record_id=record_id,
                channel=channel,
                ts=ts,
                confirmed_by=who.user_id,
                lang=lang,
                started_at=started,
                deadline_at=started + self.rollout_timeout,
                pending_id=change.id,
            )
            await self.watch.start(watched)
        return Outcome.OK

    async def _ask_again(
        self, who: Invocation, change: PendingChange, now: ChangePlan, moved: list[str], lang: Language
    ) -> Outcome:
        """The Deployment moved on since the message: show the new difference with new buttons, apply nothing."""
        target = f"{now.namespace}/{now.app}"
        log.info("change.stale", change_id=change.id, target=target, moved=moved)
        fresh = await self.pending.supersede(change, now, owner=self.owner)
        await self._audit(who, "confirm", Outcome.CHANGED, target, change.id)
        if fresh is None:
            return Outcome.CHANGED
        warning = say("confirm.changed", lang, namespace=now.namespace, app=now.app, what="; ".join(moved))
        two = two_person.note(self.access.policy, now.intent, now.namespace, requester=change.user_id, lang=lang)
        warning = f"{warning} {two}" if two else warning
        message = confirmation_message(
            now,
            change_id=fresh.id,
            user_id=change.user_id,
            lang=lang,
            warning=warning,
            minutes=max(1, int(self.pending.ttl.total_seconds()) // 60),
        )
        await self._edit(who, change, message)
        return Outcome.CHANGED

    async def _history(
        self,
        who: Invocation,
        change: PendingChange,
        applied: ChangeApplied | None,
        *,
        outcome: Outcome,
        detail: str | None,
    ) -> int:
        plan = applied.plan if applied else plan_from_json(change.plan)
        record = DeploymentRecord(
            pending_id=change.id,
            intent=plan.intent.value,
            app=plan.app,
            namespace=plan.namespace,
            revision_before=applied.revision_before if applied else plan.revision_from,
            image_before=(applied.image_before if applied else None) or plan.image_from,
            image_after=plan.image_to,
            replicas_before=(applied.replicas_before if applied else None) or plan.replicas_from,
            replicas_after=plan.replicas_to,
            user_id=who.user_id,
            outcome=outcome,
            detail=detail,
        )
        async with self.db.session() as session:
            session.add(record)
            await session.flush()
            return record.id

    async def _edit(self, who: Invocation, change: PendingChange, message: Message) -> None:
        channel = change.message_channel or who.channel_id
        ts = change.message_ts or who.message_ts
        if channel and ts:
            await self.replier.update(channel, ts, message)
        else:
            await self._tell(who, message)

    async def _tell(self, who: Invocation, message: Message) -> None:
        """A sentence only the clicker sees."""
        if who.channel_id:
            await self.replier.ephemeral(who.channel_id, who.user_id, message, thread_ts=who.thread_ts)
        elif who.response_url:
            await self.replier.respond(who.response_url, message)

    async def _audit(self, who: Invocation, action: str, outcome: Outcome, target: str | None, change_id: str) -> None:
        await self.recorder.audit(
            who, action=action, outcome=outcome, target=target, detail={"pending_id": change_id[:64]}
        )
