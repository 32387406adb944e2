"""
The mutating intents (restart, scale, rollback, deploy) up to the Confirm button.

A change is checked with the policy, planned with a server-side dry run (so a
change Kubernetes would refuse is refused before anyone clicks), stored as a
pending change, and shown with chat.postMessage in the channel, so the same
message can later become the rollout's progress and result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from bot.commands import two_person
from bot.commands.admission import admit
from bot.commands.answer import Answer
from bot.commands.cluster_errors import explain
from bot.commands.pending import PendingChanges
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.messages.replies import Replier
from bot.policy.access import Access
from bot.storage.outcome import Outcome
from cluster import ChangePlan, errors
from intents import Command, Intent
from intents.language import Language
from templates import Message, mrkdwn, render
from templates.actions import ActionId, Button

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["ChangeRequests", "confirmation_message"]


@dataclass(frozen=True)
class ChangeRequests:
    """The IntentHandler of every mutating intent: policy, dry run, then a confirmation."""

    cluster: Cluster | None
    access: Access  # the policy applied to a person (groups, channel, Kubernetes identity)
    pending: PendingChanges
    replier: Replier

    @property
    def minutes(self) -> int:
        """How long a confirmation waits, as the message says it."""
        return max(1, int(self.pending.ttl.total_seconds()) // 60)

    async def __call__(self, who: Invocation, command: Command) -> Answer:
        admitted = await admit(who, command, cluster=self.cluster, access=self.access)
        if isinstance(admitted, Answer):
            log.info("change.not_admitted", intent=command.intent.value, outcome=admitted.outcome.value)
            return admitted
        namespace, target = admitted.namespace or "-", admitted.target
        try:
            plan = await admitted.cluster.plan(command)
        except errors.ClusterError as exc:
            log.info("change.refused", intent=command.intent.value, target=target, error=type(exc).__name__)
            return Answer(explain(exc, command, namespace=namespace, lang=who.lang), Outcome.FAILED, target)
        target = f"{plan.namespace}/{plan.app}"
        if plan.noop:
            message = notice(say("confirm.noop", who.lang, namespace=plan.namespace, app=plan.app))
            return Answer(message, Outcome.NOOP, target)
        change = await self.pending.create(who, command, plan)
        note = two_person.note(self.access.policy, plan.intent, plan.namespace, requester=who.user_id, lang=who.lang)
        message = confirmation_message(
            plan, change_id=change.id, user_id=who.user_id, lang=who.lang, minutes=self.minutes, warning=note
        )
        if who.channel_id is None:
            await self.replier.reply(who, message, public=True)
            return Answer(message, Outcome.CONFIRM_REQUESTED, target, public=True, replied=True)
        ts = await self.replier.post(who.channel_id, message, thread_ts=who.thread_ts)
        await self.pending.attach_message(change.id, channel=who.channel_id, ts=ts)
        return Answer(message, Outcome.CONFIRM_REQUESTED, target, public=True, replied=True)


def _changes(plan: ChangePlan, lang: Language) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    if plan.replicas_to is not None and plan.replicas_to != plan.replicas_from:
        rows.append({"label": say("confirm.replicas", lang), "before": plan.replicas_from, "after": plan.replicas_to})
    if plan.image_to is not None and plan.image_to != plan.image_from:
        label = say("confirm.image", lang) + (f" ({mrkdwn(plan.container)})" if plan.container else "")
        rows.append({"label": label, "before": plan.image_from or "-", "after": plan.image_to})
    if plan.revision_to is not None:
        rows.append(
            {"label": say("confirm.revision", lang), "before": plan.revision_from or "-", "after": plan.revision_to}
        )
    return rows


def confirmation_message(
    plan: ChangePlan, *, change_id: str, user_id: str, lang: Language, minutes: int, warning: str | None = None
) -> Message:
    """What will change, from what to what, with Confirm (danger for rollback) and Cancel.

    `warning` leads the note, e.g. why a click was asked again (bot/commands/confirmation.py).
    """
    rollback = plan.intent is Intent.ROLLBACK
    buttons = [
        Button(
            ActionId.CONFIRM,
            say("confirm.rollback" if rollback else "confirm.confirm", lang),
            change_id,
            style="danger" if rollback else "primary",
        ),
        Button(ActionId.CANCEL, say("confirm.cancel", lang), change_id),
    ]
    changes = _changes(plan, lang)
    fallback = f"Confirm {plan.intent.value} {plan.namespace}/{plan.app}" + "".join(
        f"; {c['label']}: {c['before']} → {c['after']}" for c in changes
    )
    return render(
        "confirm",
        title=say("confirm.title", lang, intent=plan.intent.value, namespace=plan.namespace, app=plan.app),
        changes=changes,
        note=" ".join(filter(None, [warning, say("confirm.restart", lang) if plan.intent is Intent.RESTART else None]))
        or None,
        by=say("confirm.by", lang, user=user_id, minutes=minutes),
        buttons=buttons,
        fallback=fallback,
    )
