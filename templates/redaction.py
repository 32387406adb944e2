"""
Secrets out of what the bot posts: credentials in text become «redacted».

Log lines, Kubernetes events, container logs and error texts come from places the bot does not
control; any of them may carry a credential. Every message is rendered through `templates.render`,
which passes its JSON through `redact` here, at the lowest layer, so alerts, cluster results and
bot sentences all go through the same patterns. Each replacement is counted by kind
(`counts()`; bot/infra/metrics.py exports them as `klepaas_redactions_total`).

The patterns aim at shapes credentials have, not at long random-looking strings: commit hashes,
image digests (`sha256:…`) and UUIDs are left alone.
"""

from __future__ import annotations

import collections
import re
import threading

__all__ = ["REDACTED", "counts", "redact"]

REDACTED = "«redacted»"

# Characters a credential value runs over; quotes, backslashes (JSON escapes), separators end it.
_VALUE = r"[^\s\"'\\&,;<>]+"
_KEYS = (
    r"password|passwd|pwd|secret|client_secret|token|access_token|refresh_token|id_token|api[_-]?key|apikey"
    r"|access[_-]?key|secret[_-]?key|aws_secret_access_key|aws_session_token|private_key_id"
)

# (kind, pattern, replacement); order matters: whole blocks first, then shapes, then key=value.
_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "private_key",
        # A PEM block, with real or JSON-escaped newlines; a block cut short (a truncated log) to its end.
        re.compile(
            r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
            r"(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\n]*)"
        ),
        REDACTED,
    ),
    (
        "connection_string",
        # scheme://user:password@host — keep scheme, user and host, drop the password.
        re.compile(rf"\b([a-zA-Z][a-zA-Z0-9+.-]*://[^:/\s@\"'\\]*:)(?!{REDACTED}@)[^@\s/\"'\\]+(@)"),
        rf"\g<1>{REDACTED}\g<2>",
    ),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), REDACTED),
    ("bearer", re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9\-._~+/]{8,}=*"), rf"\g<1>\g<2>{REDACTED}"),
    ("aws_access_key", re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b"), REDACTED),
    ("gcp_api_key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), REDACTED),
    ("gcp_oauth_token", re.compile(r"\bya29\.[0-9A-Za-z_-]{20,}"), REDACTED),
    ("slack_token", re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}"), REDACTED),
    ("github_token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{40,}"), REDACTED),
    ("api_key", re.compile(r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"), REDACTED),
    (
        "key_value",
        # password=…, "token": "…", secret: … (the key stays, so the reader knows what was there).
        re.compile(rf"(?i)(?<![A-Za-z0-9])((?:{_KEYS})(?:\\?[\"'])?\s*[=:]\s*(?:\\?[\"'])?)(?!{REDACTED}){_VALUE}"),
        rf"\g<1>{REDACTED}",
    ),
]

_counts: collections.Counter[str] = collections.Counter()
_lock = threading.Lock()


def redact(text: str) -> str:
    """`text` with every credential it carries replaced by «redacted» (each replacement counted)."""
    if not text:
        return text
    for kind, pattern, replacement in _PATTERNS:
        text, found = pattern.subn(replacement, text)
        if found:
            with _lock:
                _counts[kind] += found
    return text


def counts() -> dict[str, int]:
    """Replacements made in this process so far, by kind."""
    with _lock:
        return dict(_counts)
