"""
Missing pieces are asked for, not guessed.

`complete` takes a parsed Command and what the thread remembers, and either
returns a Command that can run, or a question: "how many replicas?", or buttons
with the likely apps when no app (or an ambiguous one) was named.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from bot.conversation.memory import Memory
from bot.messages.builders import notice
from bot.messages.buttons import MAX_CHOICES, choice_value
from bot.messages.catalog import say
from intents import Command, Context, Intent
from intents.language import Language
from intents.said import Said
from templates import Message
from templates.actions import ActionId, Button


@dataclass(frozen=True, slots=True)
class Ready:
    command: Command


@dataclass(frozen=True, slots=True)
class Ask:
    message: Message
    memory: Memory


def likely_apps(words: Sequence[str], apps: Sequence[str], *, limit: int = MAX_CHOICES) -> list[str]:
    """Apps ranked by how much of the message's words (intents.said.Said.words) they share: a named
    fragment first, then similarity."""

    def score(app: str) -> tuple[int, float]:
        parts = set(app.split("-"))
        shared = sum(1 for w in words if w in parts or (len(w) >= 3 and w in app))
        similarity = max((difflib.SequenceMatcher(None, w, app).ratio() for w in words), default=0.0)
        return shared, similarity

    return sorted(apps, key=lambda a: (*(-x for x in score(a)), a))[:limit]


def _merge_answer(pending: Command, missing: str, answer: Command, said: Said, context: Context) -> Command | None:
    """The pending command with the missing piece the answer gave (validated like typed input)."""
    if missing == "replicas" and answer.replicas is not None:
        return Command.model_validate({**pending.model_dump(), "replicas": answer.replicas})
    if missing == "image" and answer.image is not None:
        return Command.model_validate({**pending.model_dump(), "image": answer.image})
    if missing == "app":
        app = answer.app or next((a for a in context.apps if a == said.plain.strip().lower()), None)
        if app:
            return Command.model_validate({**pending.model_dump(), "app": app})
    return None


def complete(
    command: Command,
    memory: Memory,
    *,
    said: Said,
    answer_parse: Command | None,
    context: Context,
    lang: Language,
    unsure_apps: Sequence[str] = (),
) -> Ready | Ask:
    """Fill the gaps from the thread, or ask for them, from the reading: `said` is what the message said,
    `answer_parse` the message read as the answer to the thread's pending question.

    `unsure_apps` are the apps the parser could not choose between (or guessed by sound): then
    the thread's app is no answer either, and those apps are the first buttons of the question.
    """
    if memory.pending and memory.missing and answer_parse is not None:
        merged = _merge_answer(memory.pending, memory.missing, answer_parse, said, context)
        if merged is not None and command.intent in (Intent.UNKNOWN, merged.intent):
            command = merged
    if command.missing == "app" and memory.app and not unsure_apps:
        command = command.model_copy(update={"app": memory.app, "namespace": command.namespace or memory.namespace})
    if command.missing == "app":
        ranked = likely_apps(said.words, context.apps)
        choices = list(dict.fromkeys([*unsure_apps, *ranked]))[:MAX_CHOICES]
        buttons = [
            Button(ActionId.CHOOSE_APP, app, choice_value(command, app), suffix=str(i)) for i, app in enumerate(choices)
        ]
        question = say("ask.app" if choices else "ask.app_none", lang, intent=command.intent.value)
        return Ask(notice(question, buttons=buttons), Memory(pending=command, missing="app"))
    if command.missing == "replicas":
        return Ask(notice(say("ask.replicas", lang, app=command.app)), _pending(command, "replicas"))
    if command.missing == "image":
        return Ask(notice(say("ask.image", lang, app=command.app)), _pending(command, "image"))
    return Ready(command)


def _pending(command: Command, missing: str) -> Memory:
    return Memory(
        app=command.app,
        namespace=command.namespace,
        pending=command,
        missing=missing,
    )
