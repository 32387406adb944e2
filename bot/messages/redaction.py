"""
A simple redaction pass over text the bot shows from the cluster (logs): secrets out, the rest as it was.

NB: one small function on purpose, so a fuller redactor can replace it in one place. It masks
what log lines commonly leak: `password=…`/`token: …` style pairs, bearer and basic credentials,
Slack and GitHub tokens, AWS access key ids, JWTs, and PEM private keys.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "redact"]

MASK = "[REDACTED]"

_PAIRS = re.compile(
    r"(?i)\b((?:pass(?:word|wd)?|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|private[_-]?key)"
    r"[\"']?\s*[:=]\s*[\"']?)([^\s\"',;&]+)"
)
_PATTERNS = (
    re.compile(r"(?i)\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}"),
    re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{20,}"),
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.S),
    re.compile(r"(?i)(://[^:/\s]+:)[^@\s]+(@)"),  # credentials in URLs: scheme://user:password@host
)


def redact(text: str) -> str:
    """`text` with every secret-looking value replaced by MASK (keys and URL users stay readable)."""
    text = _PAIRS.sub(lambda m: m.group(1) + MASK, text)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: f"{m.group(1)}{MASK}{m.group(2)}" if pattern.groups == 2 else MASK, text)
    return text
