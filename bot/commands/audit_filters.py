"""
What `audit …` asks for: an app, a person, a time span ("audit web since 2h", "audit @alice 30m").

Words are read one by one: `since 2h` or a bare span (`45m`, `2h`, `3d`; Korean `2시간`, `30분`,
`3일`) sets how far back, `@name`, `@U…` or a Slack mention `<@U…>` names a person (the bot's own
mention names no one), any other word is an app. Whatever
is left out is not filtered on; the span defaults to a day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["AuditFilter", "read_filter"]

DEFAULT_SPAN = dt.timedelta(days=1)
MAX_SPAN = dt.timedelta(days=90)
_SPAN = re.compile(r"^(\d{1,4})\s*(m|min|h|d|w|분|시간|일|주)$", re.IGNORECASE)
_UNITS = {"m": 60, "min": 60, "분": 60, "h": 3600, "시간": 3600, "d": 86400, "일": 86400, "w": 604800, "주": 604800}
_SKIP = {"audit", "since", "last", "for", "from", "by", "of", "이후", "동안", "최근"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$", re.IGNORECASE)
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    span: dt.timedelta = DEFAULT_SPAN
    user: str | None = None  # a Slack user ID or a name, as typed after @
    app: str | None = None

    def since(self, now: dt.datetime) -> dt.datetime:
        return now - self.span


def span_of(word: str) -> dt.timedelta | None:
    found = _SPAN.match(word)
    if found is None:
        return None
    seconds = int(found.group(1)) * _UNITS[found.group(2).lower()]
    return min(dt.timedelta(seconds=seconds), MAX_SPAN)


def read_filter(text: str, *, bot_user: str | None = None) -> AuditFilter:
    span, user, app = DEFAULT_SPAN, None, None
    for word in text.split():
        if word.lower() in _SKIP:
            continue
        if mention := _MENTION.match(word):
            user = mention.group(1) if mention.group(1) != bot_user else user
            continue
        if (found := span_of(word)) is not None:
            span = found
        elif word.startswith("@") and _NAME.match(word[1:]):
            user = word[1:]
        elif _NAME.match(word):
            app = word
    return AuditFilter(span=span, user=user, app=app)
