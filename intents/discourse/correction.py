"""
A correction that says only a value: the request before it stands, with that value in place of
the one it said ("scale x to 3, no wait, 4", "2로, 아 아니 6으로 해주세요", "10으로 해줘 아니 12",
"restart x in bss-dev — sorry, I mean bss-prod", "v1.2.0 배포해줘, 아 v1.2.1"), and a value said as
where it goes from and to ("v2.0.1 → v2.0.2").

A value is a count (digits, number words, Korean numerals with their counter and particle), a
version, or a name. A count replaces the request's last count, a version its last version, a
name the request's one name, or of several the one most like it (a namespace or app said wrong
by a few letters), and a plain word the request's place ("qa에서, 아 아니 dev에서", "in qa — I mean
dev"). A correction that names anything else — a verb, a different app — is no value correction:
message.py withdraws the request before it, as any retraction does.
"""

from __future__ import annotations

import re

from intents import count_words as counts
from intents.discourse import verbs
from intents.discourse.alternatives import alternatives
from intents.discourse.retraction import CORRECTING

# Words that open a correction (retraction.CORRECTING and a few more), and interjections that mean nothing
# more: "I mean bss-prod", "make it eight", "아 6으로", "아니 잠깐 6으로".
_OPENERS = (*CORRECTING, "no", "sorry", "make it", "make that", "아니다")
_LEADS = (*_OPENERS, "i meant", "rather", "actually", "wait", "아", "어", "앗", "음", "그냥", "잠깐", "잠깐만")
_LEAD = re.compile(rf"^\W*(?:(?:{alternatives(_LEADS)})\W+)*", re.IGNORECASE)
# A correction inside a clause: "10으로 해줘 아니 12", "to 3 no wait 4", "to 3, sorry 4".
_INNER = re.compile(rf"\s(?:{alternatives(_OPENERS)})\s+(?=\S)", re.IGNORECASE)

_NUMBER_WORDS = (*counts.NUMBER_WORDS_EN, "a dozen", *counts.NUMBERS_KO, "열")
_VERSION = r"v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.]+)?"
_COUNT = (
    rf"(?P<n>\d+|(?<![A-Za-z\uac00-\ud7a3])(?:{alternatives(_NUMBER_WORDS)})|(?:한|두|세|네)(?=\s*(?:개|대)))"
    r"(?:\s*(?:개|대|replicas?|pods?|instances?|copies))?(?:\s*(?:으로|로))?"
)
_NAME = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+"

_VERSION_AT = re.compile(rf"(?<![\w.]){_VERSION}(?![\w.])")
_COUNT_AT = re.compile(rf"(?<![\w.]){_COUNT}(?![A-Za-z0-9]|\.\d)")  # "5." ends a sentence; "5.1" is a version
_NAME_AT = re.compile(rf"(?<![\w-]){_NAME}(?![A-Za-z0-9_-])")
# A place said plainly ("dev에서", "in qa"): the request's place is the one a word of one kind replaces.
_WORD_AT = re.compile(r"[a-z][a-z0-9]*(?![A-Za-z0-9_.-])")
_PLACE_AT = re.compile(
    r"(?<![\w-])[a-z][a-z0-9-]*(?=(?:쪽에서|에서|쪽|에)(?![\uac00-\ud7a3]))"  # "qa에서"
    r"|(?<=\bin )[a-z][a-z0-9-]*"  # "in qa"
)
# What may follow the value and still be only a value: a polite ending, "please", "instead", and where
# ("6으로 해주세요 game-prod", "4 in shop-prod").
_FILLER = (
    *("요", "해주세요", "해 주세요", "해줘", "해 줘", "부탁해요", "부탁드려요", "부탁드립니다", "으로요", "로요"),
    *("please", "pls", "plz", "instead", "then", "thanks", "thx", "ok", "replicas", "replica", "pods"),
    *("in", "on", "네임스페이스요", "네임스페이스", "에서", "에"),
)
_REST = re.compile(rf"(?:\s*(?:(?:{alternatives(_FILLER)})(?![\w-])|{_NAME}))*[\s.!?~]*", re.IGNORECASE)


def _value(text: str) -> tuple[str, re.Pattern[str], str] | None:
    """The value a correction opens with, the pattern of its kind, and what follows it; None for no value."""
    text = _LEAD.sub("", text).strip()
    for kind in (_VERSION_AT, _COUNT_AT, _NAME_AT):
        found = kind.match(text)
        if found:
            return found.group(), kind, text[found.end() :].strip()
    found = _WORD_AT.match(text.lower())
    if found and found.group() not in verbs.COMMAND_VERBS_EN:
        return found.group(), _PLACE_AT, text[found.end() :].strip()
    return None


def _closest_name(request: str, name: str) -> re.Match[str] | None:
    """The request's one name, or of several the one most like `name` ("roll back lesson-api, no wait, lms-web")."""
    from rapidfuzz import fuzz  # NB: loaded at the first name correction, not at start

    scored = [(fuzz.ratio(m.group(), name), m) for m in _NAME_AT.finditer(request.lower()) if m.group() != name]
    places = {m.span() for m in _PLACE_AT.finditer(request.lower())}
    if len(scored) == 1 and scored[0][1].span() not in places:
        return scored[0][1]  # the one name said, not a place: "in shop-dev" is no app to correct
    best = max(scored, key=lambda s: s[0], default=None)
    return best[1] if best is not None and best[0] >= 60 else None


def corrected(request: str, correction: str) -> str | None:
    """`request` with the value `correction` says in place of its own; None when `correction` is not a
    value alone or the request has no value of that kind."""
    said = _value(correction)
    if said is None:
        return None
    value, kind, rest = said
    only = _REST.fullmatch(rest)
    if only is None:
        return None  # "4, and restart api too": more than a value
    if kind is _NAME_AT:
        target = _closest_name(request, value)
        if target is None and rest.startswith(("에서", "쪽", "에")):  # "아 아니 shop-dev에서": a place
            target = next(reversed(list(_PLACE_AT.finditer(request))), None)
    else:
        target = next(reversed(list(kind.finditer(request))), None)
    if target is None:
        return None
    start, end = target.span()
    if kind is _COUNT_AT and _COUNT_AT.fullmatch(value)["n"] == value:  # type: ignore[index]
        start, end = target.span("n")  # a bare number keeps the request's counter and particle: "10으로" -> "12로"
    elif kind is _COUNT_AT and target.group().endswith("로") and not value.endswith("로"):
        value += "로"  # "2개로 … 아 아니다 3개": the request's particle stays
    fixed = f"{request[:start]}{value}{request[end:]}".rstrip(" .…,;:!~")  # "4로... 아니 잠깐 6으로": no "..." inside
    return f"{fixed} {rest}".strip()


def correcting(request: str, clause: str) -> str | None:
    """`request` corrected by a clause that opens as a correction does ("no wait, 4", "아 아니 6으로"),
    or None: a value said alone after a request ("scale x to 3, 4") corrects nothing."""
    opens = _LEAD.match(clause)
    if opens is None or not opens.group().strip(" ,.:"):
        return None
    return corrected(request, clause)


def inner(clause: str) -> str | None:
    """A clause that corrects its own value ("frequency-guard 스케일 10으로 해줘 아니 12"), corrected."""
    for marker in reversed(list(_INNER.finditer(clause))):
        fixed = corrected(clause[: marker.start()], clause[marker.end() :])
        if fixed is not None:
            return fixed
    return None


# "v2.0.1 → v2.0.2" (markup.py reads every arrow as " to "), "from 1.2.0 to 1.3.0": from one version to another,
# the second is the one asked for (counts from and to are read by the parser's numbers: "3개에서 5개로").
_FROM_TO = re.compile(rf"(?<![\w.])(?:from\s+)?{_VERSION}\s+to\s+(?={_VERSION}(?![\w.]))", re.IGNORECASE)


def arrowed(clause: str) -> str:
    """A clause with "from → to" said as the value it goes to ("이미지 v2.0.1 → v2.0.2 로 올려")."""
    return _FROM_TO.sub("", clause)
