"""
Numbers in a message and what they count: replicas, log lines or a revision.

Korean has two number systems ("다섯 개", "열두 대" are native; "오십 줄", "삼 번" are
Sino-Korean) and several short numerals are also ordinary words ("세요", "한 번에",
"두"), so those count only beside a counter word ("세 개", "두 대로"). English number
words go up to a hundred.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from intents.builtin import amounts, number_labels
from intents.builtin.normalize import Kind, Token, Utterance

_NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50}
_NATIVE_UNITS = {
    "하나": 1,
    "한": 1,
    "둘": 2,
    "두": 2,
    "셋": 3,
    "세": 3,
    "석": 3,
    "넷": 4,
    "네": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}
_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_UNITS = {"십": 10, "백": 100, "천": 1000}
# Numerals that are also everyday words: they need a counter to count.
_TO = (Token("to", "to", Kind.WORD),)
_AMBIGUOUS = frozenset({"한", "두", "세", "석", "네", "넉", "열", "백", "천", "십"}) | frozenset(_SINO_DIGITS)

_ENGLISH = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
}


# Words that scale a number ("two hundred") or stand for one ("a dozen", "a couple", "a single").
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "dozen": 12}
_STANDALONE = {"dozen": 12, "single": 1, "couple": 2, "half": 0}
_ENGLISH_ALL = frozenset(_ENGLISH) | frozenset(_STANDALONE) | {"hundred", "thousand"}
# Korean particles after a numeral: "셋으로", "삼까지".
_PARTICLES = ("으로", "로", "까지", "만", "을", "를", "이", "가", "은", "는")


def _english_number(tokens: tuple[Token, ...], index: int) -> tuple[int, int]:
    """The value of English number words from `index` ("two hundred", "half a dozen") and the last index."""
    total, current, last, position = 0, 0, index, index
    half = False
    while position < len(tokens):
        word = tokens[position].text
        if word == "half":
            half = True
        elif word in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[word]
            if word != "dozen":
                total, current = total + current, 0
        elif word in _ENGLISH:
            current += _ENGLISH[word]
        elif word in _STANDALONE:
            current += _STANDALONE[word]
        elif word in ("a", "an", "and", "of") and position > index:
            position += 1
            continue
        else:
            break
        last = position
        position += 1
    value = total + current
    return (value // 2 if half else value), last


class Counts(enum.StrEnum):
    REPLICAS = "replicas"
    LINES = "lines"
    REVISION = "revision"
    UNSAID = "unsaid"


_COUNTERS_KO: tuple[tuple[str, Counts], ...] = (
    ("개", Counts.REPLICAS),
    ("대", Counts.REPLICAS),
    ("레플리카", Counts.REPLICAS),
    ("레플", Counts.REPLICAS),  # short for 레플리카: "레플 셋으로"
    ("파드", Counts.REPLICAS),
    ("포드", Counts.REPLICAS),
    ("인스턴스", Counts.REPLICAS),
    ("카피", Counts.REPLICAS),
    ("줄", Counts.LINES),
    ("라인", Counts.LINES),
    ("행", Counts.LINES),
    ("번째", Counts.REVISION),
    ("번", Counts.REVISION),
    ("리비전", Counts.REVISION),
    ("버전", Counts.REVISION),
)
_COUNTERS_EN = {
    "replicas": Counts.REPLICAS,
    "replica": Counts.REPLICAS,
    "pods": Counts.REPLICAS,
    "pod": Counts.REPLICAS,
    "instances": Counts.REPLICAS,
    "instance": Counts.REPLICAS,
    "copies": Counts.REPLICAS,
    "nodes": Counts.REPLICAS,
    "lines": Counts.LINES,
    "line": Counts.LINES,
    "rows": Counts.LINES,
    "entries": Counts.LINES,
}
_BEFORE_EN = {
    "revision": Counts.REVISION,
    "rev": Counts.REVISION,
    "revision#": Counts.REVISION,
    "tail": Counts.LINES,
    "last": Counts.LINES,
    "latest": Counts.LINES,
    "recent": Counts.LINES,
    "replicas": Counts.REPLICAS,
    "pods": Counts.REPLICAS,
}
# "이번", "저번", "요번": this time, last time; their 이/저 are no numbers
_THIS_TIME = ("이번", "저번", "요번")
_BEFORE_KO = (
    ("리비전", Counts.REVISION),
    ("최근", Counts.LINES),
    ("마지막", Counts.LINES),
    ("레플리카", Counts.REPLICAS),
    ("레플", Counts.REPLICAS),
    ("파드", Counts.REPLICAS),
    ("포드", Counts.REPLICAS),
    ("인스턴스", Counts.REPLICAS),
)
_NUMERAL_WORD = re.compile(
    "|".join(sorted({*_NATIVE_TENS, *_NATIVE_UNITS, *_SINO_DIGITS, *_SINO_UNITS}, key=len, reverse=True))
)

# A native Korean number, tens then units ("열두"); compiled at its first use.
_NATIVE = f"({'|'.join(_NATIVE_TENS)})?({'|'.join(sorted(_NATIVE_UNITS, key=len, reverse=True))})?"


@dataclass(frozen=True, slots=True)
class Number:
    value: int
    index: int  # token position
    counts: Counts
    relative: bool = False  # a change by this much ("두 개 더", "by 2"), not a count to set


def korean_number(word: str) -> tuple[int, str] | None:
    """The number a Hangul word starts with and the rest ("열두대로" -> (12, "대로"))."""
    native = re.match(_NATIVE, word)
    if native and native.group(0):
        tens, unit = native.group(1), native.group(2)
        return _NATIVE_TENS.get(tens, 0) + _NATIVE_UNITS.get(unit, 0), word[native.end() :]
    total, current, pos = 0, 0, 0
    while pos < len(word):
        ch = word[pos]
        if ch in _SINO_DIGITS and current == 0:
            current = _SINO_DIGITS[ch]
        elif ch in _SINO_UNITS:
            total += max(current, 1) * _SINO_UNITS[ch]
            current = 0
        else:
            break
        pos += 1
    if pos == 0:
        return None
    return total + current, word[pos:]


def _counter_ko(rest: str) -> Counts | None:
    return next((counts for word, counts in _COUNTERS_KO if rest.startswith(word)), None)


def _after(tokens: tuple[Token, ...], index: int) -> Counts | None:
    if index + 1 >= len(tokens):
        return None
    nxt = tokens[index + 1]
    if nxt.kind is Kind.HANGUL:
        return _counter_ko(nxt.text)
    return _COUNTERS_EN.get(nxt.text)


def _before(tokens: tuple[Token, ...], index: int) -> Counts | None:
    for back in (1, 2):
        if index - back < 0:
            return None
        prev = tokens[index - back]
        if prev.kind is Kind.HANGUL:
            found = next((c for word, c in _BEFORE_KO if prev.text.startswith(word)), None)
        else:
            found = _BEFORE_EN.get(prev.text)
        if found:
            return found
    return None


def numbers(utterance: Utterance) -> list[Number]:
    """Every number in the message with what it counts, in order."""
    tokens = utterance.tokens
    found: list[Number] = []
    skipped: set[int] = set()
    for index, token in enumerate(tokens):
        value: int | None = None
        counts: Counts | None = None
        rest = ""
        if token.kind is Kind.NUMBER:
            value = int(token.text)
            counts = _after(tokens, index)
        elif token.kind is Kind.WORD and token.text in _ENGLISH_ALL:
            if index in skipped:
                continue
            value, last = _english_number(tokens, index)
            skipped.update(range(index, last + 1))
            counts = _after(tokens, last)
            if counts is None and token.text in ("one", "single", "couple") and tokens[index - 1 : index] != _TO:
                continue  # "the last one", "one of them"; not "down to one"
        elif token.kind is Kind.HANGUL and _NUMERAL_WORD.match(token.text):
            if token.text.startswith(_THIS_TIME):
                continue  # "이번 버전": this version, not revision 2
            parsed = korean_number(token.text)
            if parsed is None:
                continue
            value, rest = parsed
            counts = _counter_ko(rest) if rest else _after(tokens, index)
            numeral = token.text[: len(token.text) - len(rest)]
            if counts is None and rest.startswith(_PARTICLES) and len(rest) <= 3:
                counts = _before(tokens, index)  # "레플리카 삼으로", "셋으로 늘려"
                if counts is None and numeral in _AMBIGUOUS:
                    continue
                counts = counts or Counts.UNSAID
            elif counts is None and (rest or numeral in _AMBIGUOUS or numeral == "하나"):
                if amounts.relation(tokens, index, index, rest) == "relative":
                    found.append(Number(value, index, Counts.UNSAID, relative=True))  # "두 버전 전으로"
                continue  # "하나" alone ends questions too: "해야 하나?"
            if counts is Counts.REVISION and numeral in _NATIVE_UNITS:
                if amounts.relation(tokens, index, index, rest) == "relative":
                    found.append(Number(value, index, Counts.UNSAID, relative=True))  # "두 버전 전으로"
                continue  # "한 번", "두 번": how often, not which revision
        if value is None or counts is None and number_labels.labels(tokens, index):
            continue
        last = max([index, *(i for i in skipped if i >= index)]) if token.kind is Kind.WORD else index
        relation = amounts.relation(tokens, index, last, rest if token.kind is Kind.HANGUL else "")
        if relation == "from":
            continue  # "3개에서 5개로", "from 3 to 5": where it starts, not what is asked
        if relation == "relative":  # "the last 2 deploys", "2 versions back": an amount, never lines
            found.append(Number(value, index, Counts.UNSAID, relative=True))
            continue
        found.append(Number(value, index, counts or _before(tokens, index) or Counts.UNSAID))
    return found
