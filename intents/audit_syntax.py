"""
`audit …` in the plain command syntax: the audit log, for the policy's auditors.

Recognised only when the text starts with the word `audit`, before any parser reads it: an audit
is never guessed from talk, and its filters ("web since 2h", "@alice") are the bot's to read.
"""

from __future__ import annotations

import re

from intents.command import Command, Intent

__all__ = ["audit_command"]

_AUDIT = re.compile(r"^\s*/?audit(?:\s|$)", re.IGNORECASE)


def audit_command(text: str) -> Command | None:
    return Command(intent=Intent.AUDIT) if _AUDIT.match(text) else None
