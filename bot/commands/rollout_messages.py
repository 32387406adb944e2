"""
What a rollout's message says: progress, result, and its buttons (Rollback or Undo, Logs).

A deploy and a rollback end with Rollback: it puts back the revision that was live
before the change (`rollback:<revision>`, value `namespace/app:revision`, the same
button as history's "Roll back to this"), through the usual policy, dry run and
Confirm. A scale ends with Undo (the old replica count: a scale makes no revision
to roll back to). A restart replaced nothing worth restoring and has neither. The
sentence after a result names the button the message carries (`next_step`).

bot/commands/rollout_watch.py decides when; this module only renders.
"""

from __future__ import annotations

from bot.commands.undo import undo_of
from bot.commands.watch_rows import Watched
from bot.messages.buttons import target_value, undo_value
from bot.messages.catalog import say
from cluster import ChangeApplied, RolloutProgress
from intents import Intent
from intents.language import Language
from templates import Message, render
from templates.actions import ActionId, Button

__all__ = ["buttons_for", "next_step", "progress_message", "result_message"]


def _rollback_to(applied: ChangeApplied) -> int | None:
    """The revision a deploy's or a rollback's Rollback button puts back: the one live before it."""
    if applied.plan.intent in (Intent.DEPLOY, Intent.ROLLBACK) and not applied.plan.noop:
        return applied.revision_before
    return None


def next_step(applied: ChangeApplied, lang: Language, *, failed: bool) -> str:
    """The sentence after a result, naming the button the result carries (empty when none fits)."""
    if _rollback_to(applied) is not None:
        button = "rollback"
    elif undo_of(applied) is not None and applied.plan.intent is Intent.SCALE:
        button = "undo"
    elif failed:
        button = "logs"
    else:
        return ""
    return say(f"rollout.next.{button}.{'failed' if failed else 'done'}", lang)


def buttons_for(applied: ChangeApplied, lang: Language) -> list[Button]:
    """Rollback after a deploy or a rollback, Undo after a scale (none after a restart), and Logs."""
    logs = Button(ActionId.LOGS, say("rollout.logs", lang), target_value(applied.namespace, applied.app))
    revision = _rollback_to(applied)
    if revision is not None:
        value = target_value(applied.namespace, applied.app, revision)
        rollback = Button(ActionId.ROLLBACK, say("rollout.rollback", lang), value, style="danger", suffix=str(revision))
        return [rollback, logs]
    undo = undo_of(applied) if applied.plan.intent is Intent.SCALE else None
    if undo is None:
        return [logs]
    return [Button(ActionId.UNDO, say("rollout.undo", lang), undo_value(undo), style="danger"), logs]


def progress_message(w: Watched, p: RolloutProgress) -> Message:
    headline = say(
        "rollout.progress",
        w.lang,
        intent=w.applied.plan.intent.value,
        namespace=w.applied.namespace,
        app=w.applied.app,
        user=w.confirmed_by,
        updated=p.updated,
        ready=p.ready,
        desired=p.desired,
    )
    return result_message(w, headline, p.message, [])


def result_message(w: Watched, headline: str, status_line: str | None, details: list[str]) -> Message:
    fallback = f"{w.applied.plan.intent.value} {w.applied.namespace}/{w.applied.app}" + (
        f": {status_line}" if status_line else ""
    )
    return render(
        "change_result",
        headline=headline,
        status_line=status_line,
        details=details,
        buttons=buttons_for(w.applied, w.lang),
        fallback=fallback,
    )
