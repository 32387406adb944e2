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

import structlog

from intents.command import Command, Intent

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Context:
    """What the parser may know besides the text: the apps and namespaces that exist."""

    apps: Sequence[str] = ()
    namespaces: Sequence[str] = ()


class IntentProvider(Protocol):
    name: str

    async def parse(self, text: str, *, context: Context) -> Command | None: ...


@dataclass(frozen=True, slots=True)
class Parsed:
    """A Command with where it came from, for the command history."""

    command: Command
    provider: str
    latency_ms: float


@dataclass(frozen=True)
class ProviderChain:
    providers: Sequence[IntentProvider] = field(default_factory=tuple)

    async def parse(self, text: str, *, context: Context = Context()) -> Parsed:
        started = time.perf_counter()
        for provider in self.providers:
            command = await provider.parse(text, context=context)
            if command is not None:
                return Parsed(command, provider.name, (time.perf_counter() - started) * 1000)
            log.info("intent.fallthrough", provider=provider.name)
        return Parsed(Command(intent=Intent.UNKNOWN), "none", (time.perf_counter() - started) * 1000)
