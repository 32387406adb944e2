"""
The reader of the message language, as a seam: what the chain and the gate ask beside a Command.

A provider proposes a Command; the chain then reads the same text with the one reader that
knows the language (the built-in parser's, intents/builtin/reader.py) for what a Command
cannot carry: the words that name the proposed app (the gate's evidence that the app was
said), the other Commands the text may mean, the nearest commands to an `unknown`, why a
change the text mentions was not proposed, the text read as the answer to a question the
bot asked, and what a message asks at first sight (before anything costly is asked). The
chain is given its reader (intents/chain.py builds it), so neither the chain nor the gate
imports the built-in parser's modules (a contract of `make lint`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from intents.command import Command, Intent
from intents.gate_words import Block

if TYPE_CHECKING:  # NB: the provider module imports this one
    from intents.provider import Context

__all__ = ["Reader", "Reading"]


@dataclass(frozen=True, slots=True)
class Reading:
    """What the reader adds to a Command (see intents.provider.Parsed for each field)."""

    alternatives: tuple[Command, ...] = ()
    closest: tuple[Intent, ...] = ()
    confidence: float = 1.0
    refused: Block | None = None


class Reader(Protocol):
    def read(self, text: str, command: Command, *, context: Context) -> Reading:
        """The reading of `text` around `command`, the answer a provider made."""
        ...

    def app_words(self, text: str, command: Command, *, context: Context) -> tuple[str, ...]:
        """The words of `text` that name the command's app ("결제 api"), for the gate to find it said."""
        ...

    def answer(self, text: str, question: Command, *, context: Context) -> Command:
        """`text` read as the answer to the bot's question about `question` ("3", "web", "v1.2")."""
        ...

    def glance(self, text: str) -> Intent:
        """What `text` asks at first sight, knowing no app or namespace (cheap: for rate limits)."""
        ...
