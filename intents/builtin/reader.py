"""
The built-in parser as the chain's reader (intents/reader.py): the reading around a Command,
the words that name its app, a message read as the answer to the bot's question, and at first sight.
"""

from __future__ import annotations

from dataclasses import dataclass

from intents.builtin import apps
from intents.builtin.parser import parse_text
from intents.command import Command, Intent
from intents.provider import Context
from intents.reader import Reading

__all__ = ["BuiltinReader"]


@dataclass(frozen=True)
class BuiltinReader:
    def read(self, text: str, command: Command, *, context: Context) -> Reading:
        from intents.builtin import reading  # NB: loaded at the first message, not with the chain

        found = reading.read(text, context, command)
        return Reading(found.alternatives, found.closest, found.confidence, found.refused)

    def app_words(self, text: str, command: Command, *, context: Context) -> tuple[str, ...]:
        if not command.mutating or not command.app:
            return ()
        return apps.naming_words(text, command.app, context.apps)

    def answer(self, text: str, question: Command, *, context: Context) -> Command:
        # The question's intent and app, then what was answered: "3" after "how many replicas?"
        return parse_text(f"{question.intent.value} {question.app or ''} {text}", context)

    def glance(self, text: str) -> Intent:
        return parse_text(text, Context()).intent
