"""What running a command came to, and the shapes of the callables the dispatcher runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.messages.invocation import Invocation
from bot.storage.outcome import Outcome
from intents import Command, Context
from templates import Message

__all__ = ["ContextSource", "IntentHandler", "Answer", "no_context"]


@dataclass(frozen=True, slots=True)
class Answer:
    """What running a command came to: the reply, and how to record it."""

    message: Message
    outcome: Outcome
    target: str | None = None
    public: bool = False
    replied: bool = False  # the handler already posted its own message(s)


class IntentHandler(Protocol):
    """Runs one intent; built by the composition root with the few collaborators it uses."""

    async def __call__(self, who: Invocation, command: Command) -> Answer: ...


class ContextSource(Protocol):
    """What the parser may know (apps, namespaces); `fresh` skips any cache (an app created seconds ago)."""

    async def __call__(self, who: Invocation, *, fresh: bool = False) -> Context: ...


async def no_context(who: Invocation, *, fresh: bool = False) -> Context:
    return Context()
