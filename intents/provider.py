"""
The seam every intent parser plugs into, and the chain that tries them in order.

A provider returns a Command, or None when it cannot tell (timeout, HTTP error,
an answer that is not a valid Command): the chain then asks the next one. The
built-in parser is always last and always answers.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from intents import gate
from intents.audit_syntax import audit_command
from intents.command import Command, Intent
from intents.said import Said, read_said


@dataclass(frozen=True, slots=True)
class Context:
    """What the parser may know besides the text: the apps and namespaces that exist."""

    apps: Sequence[str] = ()
    namespaces: Sequence[str] = ()


class IntentProvider(Protocol):
    @property
    def name(self) -> str: ...

    async def parse(self, text: str, *, context: Context) -> Command | None: ...


@dataclass(frozen=True, slots=True)
class Parsed:
    """A Command with where it came from, for the command history.

    When the parser is unsure, `alternatives` holds the other Commands the text may mean
    (ask with buttons, don't guess); for `unknown`, `closest` holds the nearest intents.
    """

    command: Command
    provider: str
    latency_ms: float
    alternatives: tuple[Command, ...] = ()
    closest: tuple[Intent, ...] = ()
    confidence: float = 1.0
    refused: str | None = None  # why a change the text mentions was not proposed (intents.gate.Block)
    said: Said = field(default_factory=Said)  # what the words held beside the Command, read with it


def app_words_for(text: str, command: Command, context: Context) -> tuple[str, ...]:
    """The words of `text` that name the command's app ("결제 api"), for the gate to find it said."""
    if not command.mutating or not command.app:
        return ()
    from intents.builtin.apps import naming_words  # the built-in package imports this module

    return naming_words(text, command.app, context.apps)


@dataclass(frozen=True)
class ProviderChain:
    providers: Sequence[IntentProvider] = field(default_factory=tuple)

    async def parse(self, text: str, *, context: Context = Context()) -> Parsed:
        """The first provider's answer, passed through the safety gate, with the reading around it."""
        from intents.builtin.reading import read  # the built-in package imports this module

        started = time.perf_counter()
        if (audit := audit_command(text)) is not None:  # plain syntax only, never a guess
            return Parsed(audit, "builtin", (time.perf_counter() - started) * 1000)
        command, source = Command(intent=Intent.UNKNOWN), "none"
        for provider in self.providers:
            answer = await provider.parse(text, context=context)
            if answer is not None and answer.intent is not Intent.AUDIT:  # an audit is never a parser's guess
                command = gate.guard(answer, text, app_words=app_words_for(text, answer, context))
                source = provider.name
                break
            import structlog  # only a fallthrough logs: the parser alone does not load structlog

            structlog.get_logger(__name__).info("intent.fallthrough", provider=provider.name)
        reading = read(text, context, command)
        return Parsed(
            command,
            source,
            (time.perf_counter() - started) * 1000,
            alternatives=reading.alternatives,
            closest=reading.closest,
            confidence=reading.confidence,
            refused=reading.refused,
            said=read_said(text),
        )
