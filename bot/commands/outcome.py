"""What running a command came to, and the shapes of the callables the dispatcher runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.messages.invocation import Invocation
from intents import Command, Context
from templates import Message

if TYPE_CHECKING:
    from bot.app.deps import Deps

__all__ = ["ContextSource", "IntentHandler", "Outcome", "no_context"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What running a command came to: the reply, and how to record it."""

    message: Message
    outcome: str  # ok, failed, denied, confirm_requested, clarify, unknown, …
    target: str | None = None
    public: bool = False
    replied: bool = False  # the handler already posted its own message(s)


class IntentHandler(Protocol):
    async def __call__(self, who: Invocation, command: Command, *, deps: Deps) -> Outcome: ...


class ContextSource(Protocol):
    """What the parser may know (apps, namespaces); `fresh` skips any cache (an app created seconds ago)."""

    async def __call__(self, who: Invocation, *, deps: Deps, fresh: bool = False) -> Context: ...


async def no_context(who: Invocation, *, deps: Deps, fresh: bool = False) -> Context:
    return Context()
