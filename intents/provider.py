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
from typing import TYPE_CHECKING, Protocol

from intents import gate
from intents.audit_syntax import audit_command
from intents.command import Command, Intent
from intents.said import Said, read_said, to_the_bot

if TYPE_CHECKING:  # a type only: loading the parser does not load the reader's seam
    from intents.reader import Reader


@dataclass(frozen=True, slots=True)
class Context:
    """What the parser may know besides the text: the apps and namespaces that exist, who the bot is,
    and the question the bot asked in this conversation, if it waits for an answer."""

    apps: Sequence[str] = ()
    namespaces: Sequence[str] = ()
    bot_user: str | None = None  # the bot's own Slack user id: a mention of it addresses the bot, not a person
    question: Command | None = None  # the Command the bot asked a missing piece of ("how many replicas?")


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
    answer: Command | None = None  # the text read as the answer to `Context.question`, when one was asked
    # the command the message leaves incomplete ("restart it", "scale to 3"); `command` is then `unknown`, and
    # the bot completes this one from the thread's memory or asks for the missing piece
    wanted: Command | None = None


@dataclass(frozen=True)
class ProviderChain:
    """The providers in order, and the reader (intents/reader.py) every answer is read with."""

    providers: Sequence[IntentProvider] = field(default_factory=tuple)
    reader: Reader = field(kw_only=True)

    def glance(self, text: str, *, bot_user: str | None = None) -> Intent:
        """What `text` asks at first sight, by the reader alone and without context: for what must be
        decided before anything costly is asked (the cluster's inventory, an LLM), such as rate limits."""
        return self.reader.glance(to_the_bot(text, bot_user))

    async def parse(self, text: str, *, context: Context = Context()) -> Parsed:
        """The first provider's answer, passed through the safety gate, with the reading around it.

        The message is read here once: every provider, the gate and the reader see it with the
        bot's own mention gone (it addresses the bot), and what bot/ acts on leaves with the Command.
        """
        started = time.perf_counter()
        text = to_the_bot(text, context.bot_user)
        if (audit := audit_command(text)) is not None:  # plain syntax only, never a guess
            return Parsed(audit, "builtin", (time.perf_counter() - started) * 1000)
        command, source = Command(intent=Intent.UNKNOWN), "none"
        for provider in self.providers:
            answer = await provider.parse(text, context=context)
            if answer is not None and answer.intent is not Intent.AUDIT:  # an audit is never a parser's guess
                words = self.reader.app_words(text, answer, context=context)
                command = gate.guard(answer, text, app_words=words, known_apps=tuple(context.apps))
                source = provider.name
                break
            import structlog  # only a fallthrough logs: the parser alone does not load structlog

            structlog.get_logger(__name__).info("intent.fallthrough", provider=provider.name)
        reading = self.reader.read(text, command, context=context)
        question = context.question
        runnable = command.runnable()
        return Parsed(
            runnable,
            source,
            (time.perf_counter() - started) * 1000,
            alternatives=reading.alternatives,
            closest=reading.closest,
            confidence=reading.confidence,
            refused=reading.refused,
            said=read_said(text),
            answer=self.reader.answer(text, question, context=context) if question is not None else None,
            wanted=command if runnable is not command else None,
        )
