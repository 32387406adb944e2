"""
From an Invocation to an answer: parse the text, run the intent, reply, record.

Intent handlers are small callables registered per intent; help and unknown
are built in, the cluster intents plug in from bot/cluster_commands.py.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from bot import messages
from bot.deps import Deps
from bot.invocation import Invocation
from intents import Command, Context, Intent, Parsed
from templates import Message

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What running a command came to: the reply, and how to record it."""

    message: Message
    outcome: str  # ok, failed, denied, confirm_requested, clarify, unknown, …
    target: str | None = None
    public: bool = False


class IntentHandler(Protocol):
    async def __call__(self, who: Invocation, command: Command, *, deps: Deps) -> Outcome: ...


class ContextSource(Protocol):
    async def __call__(self, who: Invocation, *, deps: Deps) -> Context: ...


async def _no_context(who: Invocation, *, deps: Deps) -> Context:
    return Context()


async def _help(who: Invocation, command: Command, *, deps: Deps) -> Outcome:
    return Outcome(messages.help_message(who.lang), "ok")


async def _unknown(who: Invocation, command: Command, *, deps: Deps) -> Outcome:
    return Outcome(messages.unknown_message(who.lang), "unknown")


async def _not_ready(who: Invocation, command: Command, *, deps: Deps) -> Outcome:
    return Outcome(messages.notice(messages.say("error.not_ready", who.lang, intent=command.intent.value)),
                   "unavailable")


@dataclass(frozen=True)
class Dispatcher:
    deps: Deps
    handlers: Mapping[Intent, IntentHandler] = field(default_factory=dict)
    context: ContextSource = _no_context

    def handler_for(self, intent: Intent) -> IntentHandler:
        builtin: dict[Intent, IntentHandler] = {Intent.HELP: _help, Intent.UNKNOWN: _unknown}
        return self.handlers.get(intent) or builtin.get(intent) or _not_ready

    async def parse(self, who: Invocation) -> Parsed:
        context = await self.context(who, deps=self.deps)
        return await self.deps.intents.parse(who.text, context=context)

    async def handle(self, who: Invocation) -> Outcome:
        """Run what `who` asked for and answer them; the caller has already acked."""
        parsed = await self.parse(who)
        command = parsed.command
        log.info("command.parsed", intent=command.intent.value, app=command.app, provider=parsed.provider)
        result = await self.handler_for(command.intent)(who, command, deps=self.deps)
        await self.deps.replier.reply(who, result.message, public=result.public)
        self.deps.metrics.commands.labels(intent=command.intent.value, outcome=result.outcome).inc()
        await self.deps.recorder.history(who, parsed, outcome=result.outcome)
        await self.deps.recorder.audit(
            who, action=command.intent.value, outcome=result.outcome, target=result.target,
            detail={"text": who.text[:500], "provider": parsed.provider},
        )
        return result
