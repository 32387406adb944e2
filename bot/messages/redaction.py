"""
The redaction pass over text the bot shows from the cluster (logs): secrets out, the rest as it was.

One place for the bot's callers (logs shown, uploaded and split into a thread); the patterns are
the one redactor every rendered message also passes (templates/redaction.py), so a log line is
masked the same way wherever it appears, and each replacement is counted once.
"""

from __future__ import annotations

from templates import redaction

__all__ = ["MASK", "redact"]

MASK = redaction.REDACTED


def redact(text: str) -> str:
    """`text` with every secret-looking value replaced by MASK (keys and URL users stay readable)."""
    return redaction.redact(text)
