"""
What a rollout's message says: progress, result, and its buttons (Undo, Logs).

bot/commands/rollout_watch.py decides when; this module only renders.
"""

from __future__ import annotations

from bot.commands.undo import undo_of
from bot.commands.watch_rows import Watched
from bot.messages.buttons import target_value, undo_value
from bot.messages.catalog import say
from cluster import ChangeApplied, RolloutProgress
from intents.language import Language
from templates import Message, render
from templates.actions import ActionId, Button

__all__ = ["buttons_for", "progress_message", "result_message"]


def buttons_for(applied: ChangeApplied, lang: Language) -> list[Button]:
    """Undo (what puts back what this change replaced; none after a restart), and Logs."""
    undo = undo_of(applied)
    logs = Button(ActionId.LOGS, say("rollout.logs", lang), target_value(applied.namespace, applied.app))
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
