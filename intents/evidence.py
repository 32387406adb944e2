"""
The evidence a proposed change needs (intents/gate.py): the change's verb in a clause that asks,
a single app, the app said. Shared by every provider's answer; it reads text only, never the
built-in parser.
"""

from __future__ import annotations

import functools
import re

from intents import count_words as counts
from intents import gate_words as words
from intents import spelling
from intents.command import MUTATING, Intent


@functools.lru_cache(maxsize=8)
def verb_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b")


def names_verb(intent: Intent, text: str) -> bool:
    """Whether a clause holds the change's own verb, a slip of it included ("restrat"), not only a value."""
    lowered = text.lower()
    hangul = "".join(words.HANGUL.findall(lowered))
    pattern = words.VERBS_EN.get(intent)
    return (
        any(stem in hangul for stem in words.VERBS_KO.get(intent, ()))
        or bool(pattern and verb_pattern(pattern).search(lowered))
        or _misspelt_verb(intent, lowered)
    )


@functools.lru_cache(maxsize=64)  # asked again for the same clause within one message (each change, each stage)
def names_change(intent: Intent, text: str) -> bool:
    """Whether a clause holds the verb of `intent` (or, for scale, a count of replicas)."""
    if names_verb(intent, text):
        return True
    lowered = text.lower()
    hangul = "".join(words.HANGUL.findall(lowered))
    if intent is Intent.SCALE and counts.COUNT.search(lowered):
        return True
    if intent is Intent.ROLLBACK and (words.BACK_TO.search(lowered) or any(w in hangul for w in words.BACK_TO_KO)):
        return True
    return intent is Intent.DEPLOY and bool(words.IMAGE_TO.search(lowered))


def _misspelt_verb(intent: Intent, lowered: str) -> bool:
    """A verb of the change typed with a slip ("restrat", "재시잓"): one small edit."""
    verbs = words.VERB_WORDS.get(intent, ())
    if any(spelling.close_word(word, verbs) for word in re.findall(r"[a-z]{5,}", lowered)):
        return True
    stems = words.VERBS_KO.get(intent, ())
    return any(spelling.close_stem(word, stems) for word in words.HANGUL.findall(lowered))


def joined_names(text: str, app: str) -> bool:
    """Whether `app` is named beside another name that looks like an app's ("web and gift-aid")."""
    name = rf"(?<![\w./:@-]){re.escape(app.lower())}(?![\w./:@-])"
    return bool(re.search(rf"{name}{words.JOINED}{words.NAME}|{words.NAME}{words.JOINED}{name}", text.lower()))


def asks_more(clause: str) -> bool:
    """Whether a clause asks for another request: another change's verb, or a verb of reading."""
    lowered = clause.lower()
    hangul = "".join(words.HANGUL.findall(lowered))
    if any(names_change(other, clause) for other in MUTATING):
        return True
    return bool(words.READ_EN.match(lowered)) or any(w in hangul for w in words.READ_KO)


def app_said(app: str, text: str, app_words: tuple[str, ...]) -> bool:
    """Whether the message names `app`: by name, by its distinctive parts, or by the words a parser found."""
    lowered = text.lower()
    if app.lower() in lowered or any(w and w in lowered for w in app_words):
        return True
    parts = [p for p in re.split(r"[-_.]", app.lower()) if len(p) > 2]
    said = [p for p in parts if re.search(rf"\b{re.escape(p)}", lowered)]
    if parts and len(said) == len(parts):
        return True
    return any(spelling.close_word(w, (app.lower(),), 85) for w in re.findall(r"[a-z0-9][a-z0-9-]{2,}", lowered))
