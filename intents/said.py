"""
What a message said beside its Command, read once with it: the typed reading the bot acts on.

The Command carries what the parser resolved; `Said` carries what the words held that the
Command cannot: the plain text and the words in it that could be an app (for the bot's
questions and suggestions), every word put where a namespace goes (the bot checks them against the
cluster, which the parser does not know), the namespace flag as typed, a replica count out of
range, and why the message asks nothing now. It is read from the plain text (Slack markup,
quotes and withdrawn text gone), so nothing downstream reads the raw text again for these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intents.command import MAX_REPLICAS
from intents.discourse import read_message

_FLAG = re.compile(r"(?:^|\s)(?:-n|--namespace)(?:=|\s+)(\S+)")
# Where natural language names a namespace: "in kube-system", "namespace kube-system", "kube-system 네임스페이스".
_SAID = re.compile(
    r"(?:\bin\s+(?:the\s+)?|\bnamespace\s+|\bns\s+)([a-z0-9][-a-z0-9]*)|([a-z0-9][-a-z0-9]*)\s*(?:네임스페이스|namespace\b)"
)
# The plain syntax `scale <app> <n>`.
_SCALE_TO = re.compile(r"^\s*scale\s+\S+\s+(-?\d+)\s*$", re.IGNORECASE)
# A word that could be an app (a Kubernetes name, or a part of one).
_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class Said:
    plain: str = ""  # the text with Slack markup, quotes and withdrawn words gone; a line per clause
    words: tuple[str, ...] = ()  # the words of `plain` that could be an app, lower-cased, in order
    namespaces: tuple[str, ...] = ()  # words where a namespace goes, as typed, in order
    flag_namespace: str | None = None  # `-n X` / `--namespace=X`, as typed
    out_of_range: bool = False  # `scale web 500`: a replica count no Command may carry
    reason: str | None = None  # why the message asks nothing of the bot now (intents.discourse.Reason)


def read_said(text: str) -> Said:
    """What `text` said beside its Command (see the module docstring)."""
    reading = read_message(text)
    plain = reading.marked.text
    count = _SCALE_TO.match(plain)
    return Said(
        plain=plain,
        words=tuple(_WORD.findall(plain.lower())),
        namespaces=tuple(a or b for a, b in _SAID.findall(plain.casefold())),
        flag_namespace=_flag(plain),
        out_of_range=count is not None and not 0 <= int(count.group(1)) <= MAX_REPLICAS,
        reason=reading.reason.value if reading.reason else None,
    )


def flag_namespace(text: str) -> str | None:
    """The namespace the plain syntax names in `text` (`-n X`, `--namespace=X`), as typed: for what
    must know it before the message is parsed (the apps of that namespace, the parser's context)."""
    return _flag(read_message(text).marked.text)


def _flag(plain: str) -> str | None:
    found = _FLAG.search(plain)
    return found.group(1) if found else None


def to_the_bot(text: str, bot_user: str | None) -> str:
    """`text` without the bot's own mentions: wherever it stands, a mention of the bot addresses
    the bot ("hey <@U0BOT> restart web"), while a mention of anyone else asks that person."""
    if not bot_user:
        return text
    return re.sub(rf"<@{re.escape(bot_user)}(?:\|[^>]*)?>", " ", text)
