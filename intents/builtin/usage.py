"""
The `usage` intent, read apart from the rest of the parser: how much CPU and memory an app uses.

Plain syntax (`usage web`, `usage web -n staging`) and the natural forms that name
a resource word and an app: "web CPU 사용량", "api 메모리 얼마나 써?", "how much
memory is api using", "cpu usage of web". A message that also asks for a change
("scale web, memory is high") is left to the parser. The parser calls `read` once,
before its own decisions; None means "not about usage".
"""

from __future__ import annotations

import functools
import re

from intents.command import Command, Intent
from intents.lazy_pattern import LazyPattern
from intents.provider import Context

__all__ = ["read"]

_PLAIN = re.compile(r"^\s*usage\s+(?P<app>[a-z0-9][-a-z0-9]{0,62})(?:\s+(?:-n|--namespace)\s+(?P<ns>[a-z0-9-]+))?\s*$")
_RESOURCE = re.compile(r"cpu|memory|\bmem\b|\bram\b|메모리|씨피유|사용량|사용률|리소스|\busage\b", re.I)
_CHANGE = LazyPattern(
    r"\b(?:restart|bounce|kick|cycle|reboot|scale|deploy|ship|rollback|roll back|revert|undo|"
    r"increase|raise|lower|reduce|bump|adjust|change|update|"
    r"requests?|limits?|quota|set)\b|재시작|늘려|줄여|배포|롤백|올려|내려|제한|변경|바꿔|조정",
    re.I,
)
_NAMESPACE = LazyPattern(r"(?:-n|--namespace)\s+([a-z0-9-]+)|\b([a-z0-9-]+)\s*(?:네임스페이스|namespace)\b")


def read(text: str, context: Context) -> Command | None:
    """A `usage` Command when `text` asks how much CPU or memory one app uses; None otherwise."""
    if plain := _PLAIN.match(text.lower()):
        return Command(intent=Intent.USAGE, app=plain["app"], namespace=plain["ns"])
    lowered = text.lower()
    apps = [app for app in context.apps if _named(app).search(lowered)]
    if len(apps) != 1:
        return None
    words = _named(apps[0]).sub(" ", lowered)  # "usage-rater" names an app, it asks nothing about usage
    if not _RESOURCE.search(words) or _CHANGE.search(words):
        return None
    namespace = None
    if found := _NAMESPACE.search(lowered):
        candidate = found[1] or found[2]
        namespace = candidate if candidate in context.namespaces else None
    return Command(intent=Intent.USAGE, app=apps[0], namespace=namespace)


@functools.lru_cache(maxsize=1024)  # the same apps come with every message
def _named(app: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9-]){re.escape(app.lower())}(?![a-z0-9-])")
