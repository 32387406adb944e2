"""Placeholder: the built-in parser is being written (intents issue)."""
from __future__ import annotations

from dataclasses import dataclass

from intents.command import Command, Intent
from intents.provider import Context


@dataclass(frozen=True)
class BuiltinParser:
    name: str = "builtin"

    async def parse(self, text: str, *, context: Context) -> Command | None:
        return self.parse_sync(text, context=context)

    def parse_sync(self, text: str, *, context: Context) -> Command:
        words = text.strip().lower().split()
        if words and words[0] in {"help", "도움말"}:
            return Command(intent=Intent.HELP)
        return Command(intent=Intent.UNKNOWN)
