"""One regular-expression alternation from a table of phrases, the longest first (as whole words: `whole`)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternatives(phrases: Iterable[str]) -> str:
    """`a|b|c` of the phrases taken literally, longest first so that no phrase shadows a longer one."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def whole(phrases: Iterable[str]) -> str:
    """The phrases as whole words, for one expression: not inside a name ("status-page")."""
    return r"(?<![\w'-])(?:" + alternatives(phrases) + r")(?![\w'-])"
