"""
Metamorphic suites over every dev sentence: rewrites that keep the meaning keep the frame,
rewrites that change what is asked make it `unknown`.

The reference is the parser's own reading of the sentence as written, so these tests
measure the method (markup, clauses, mood), not the labels. Thousands of cases, seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from intents.builtin.parser import parse_text
from intents.discourse import read_message
from tests.intents.devsets import Item, dev_items

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_EN_NUMBERS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    20: "twenty",
    30: "thirty",
    50: "fifty",
    100: "a hundred",
    200: "two hundred",
}
_KO_COUNTS = {2: "두", 3: "세", 4: "네", 5: "다섯", 6: "여섯", 7: "일곱", 8: "여덟", 9: "아홉", 10: "열"}

Rewrite = Callable[[Item, dict[str, object]], Iterator[str]]


def _frame(text: str, item: Item) -> dict[str, object]:
    return parse_text(text, item.context).frame()


def _korean(item: Item) -> bool:
    return bool(_HANGUL.search(item.text))


def _app_marked(item: Item, frame: dict[str, object]) -> Iterator[str]:
    app = frame["app"]
    alone = rf"(?<![\w./:@`*~-]){re.escape(app)}(?![\w/:@`*~-]|\.\w)" if isinstance(app, str) else ""
    if alone and re.search(alone, item.text):
        for marked in (f"`{app}`", f"*{app}*", f"**{app}**", f"_{app}_"):
            yield re.sub(alone, marked, item.text, count=1)


def _decorated(item: Item, frame: dict[str, object]) -> Iterator[str]:
    yield f"{item.text} :pray:"
    yield f"{item.text} 🙏"
    yield f"{item.text} :+1::skin-tone-2:"
    yield f"{item.text} <https://grafana.example.com/d/abc123>"
    yield f"{item.text} <https://grafana.example.com/d/abc123|dashboard>"
    if not item.text.startswith(">"):  # before a quote, the quote would no longer open its line
        yield f"<!here> {item.text}"
        yield f"<!channel> {item.text}"


def _numbers_as_words(item: Item, frame: dict[str, object]) -> Iterator[str]:
    lines = frame["lines"]
    if isinstance(lines, int) and lines in _EN_NUMBERS and not _korean(item):
        said = re.search(rf"(?<![\w.:-]){lines}(?=\s+lines?\b)", item.text)
        if said:
            yield item.text[: said.start()] + _EN_NUMBERS[lines] + item.text[said.end() :]
    replicas = frame["replicas"]
    if not isinstance(replicas, int) or replicas not in _KO_COUNTS:
        return
    korean = re.search(rf"(?<!\d){replicas}\s*(개|대)", item.text)
    if korean:
        yield item.text[: korean.start()] + f"{_KO_COUNTS[replicas]} {korean.group(1)}" + item.text[korean.end() :]
    english = re.search(rf"(?<![\w.:-]){replicas}(?=\s+(?:replicas?|pods?|instances?)\b|\s*$)", item.text)
    if english and not _korean(item):
        yield item.text[: english.start()] + _EN_NUMBERS[replicas] + item.text[english.end() :]


def _politeness(item: Item, frame: dict[str, object]) -> Iterator[str]:
    text = item.text.rstrip()
    for blunt, polite in (("해줘", "해주세요"), ("해 줘", "해 주세요"), ("부탁해", "부탁드립니다"), ("줘", "주세요")):
        if text.endswith(blunt):
            yield text[: -len(blunt)] + polite
            break
        if text.endswith(polite):
            yield text[: -len(polite)] + blunt
            break
    if not _korean(item) and not text.startswith(("/", "-")):
        if text.lower().startswith(("please ", "pls ")):
            yield text.split(" ", 1)[1]
        elif len(read_message(text).parts) == 1:
            yield f"pls {text}"


def _reason_after(item: Item, frame: dict[str, object]) -> Iterator[str]:
    """A reason told after the request, naming a time or a sign-in, asks nothing more and puts nothing off."""
    if _korean(item):
        yield f"{item.text}\n내일 출시라서 다들 급해요, 로그인이 안 된대요"
    else:
        yield f"{item.text}\nusers can't log in and tomorrow's launch depends on it"


def _told_around(item: Item, frame: dict[str, object]) -> Iterator[str]:
    """What the speaker tells around a request (a subject, a reason, an adjective in -해요) asks nothing more."""
    if _korean(item):
        yield f"{item.text}\n고객 문의가 많아서 좀 급해요"
    else:
        yield f"{item.text}\nI feel like this keeps happening since the last release"


PRESERVING: dict[str, Rewrite] = {
    "told around it": _told_around,
    "a reason told after it": _reason_after,
    "the app in backticks or bold": _app_marked,
    "emoji, links, <!here>": _decorated,
    "numbers as words": _numbers_as_words,
    "polite or blunt": _politeness,
}


def _later(item: Item, frame: dict[str, object]) -> Iterator[str]:
    yield f"내일 {item.text}" if _korean(item) else f"tomorrow, {item.text}"
    yield f"tomorrow {item.text}"


def _condition(item: Item, frame: dict[str, object]) -> Iterator[str]:
    yield f"또 실패하면 {item.text}" if _korean(item) else f"if it fails again, {item.text}"
    yield f"if it fails again, {item.text}"


def _quoted(item: Item, frame: dict[str, object]) -> Iterator[str]:
    yield "\n".join(f"> {line}" for line in item.text.splitlines())
    if "\n" not in item.text and '"' not in item.text:
        yield f'<@U04QWERTY> said "{item.text}"'


def _single(item: Item) -> bool:
    """One clause, not a quote: a prefix governs all of it (in several clauses it may govern one)."""
    return len(read_message(item.text).parts) == 1 and not item.text.startswith(">")


def _already(item: Item, frame: dict[str, object]) -> Iterator[str]:
    if not _korean(item) and _single(item):
        yield f"I already {item.text}"


def _addressed(item: Item, frame: dict[str, object]) -> Iterator[str]:
    yield f"<@U05LMN123> {item.text}"
    yield f"hey <@U05LMN123>, {item.text}"
    yield f"<@U05LMN123> 님 {item.text}"


def _prohibited(item: Item, frame: dict[str, object]) -> Iterator[str]:
    if _single(item):
        yield f"don't {item.text}"


def _to_people(item: Item, frame: dict[str, object]) -> Iterator[str]:
    if _korean(item):
        yield f"김대리님, {item.text}"
        yield f"누가 좀 {item.text}"
    elif _single(item):
        yield f"can someone {item.text}"
        yield f"team, anyone around to {item.text}?"


def _retracted(item: Item, frame: dict[str, object]) -> Iterator[str]:
    korean = _korean(item)
    yield f"{item.text}\n아 아니다 취소, 방금 복구됨" if korean else f"{item.text}\n...scratch that, it recovered"
    yield f"{item.text}\nnvm"


def _dated(item: Item, frame: dict[str, object]) -> Iterator[str]:
    if _single(item):
        yield f"12월 24일에 {item.text}" if _korean(item) else f"on the 1st, {item.text}"
        yield f"배포 끝나고 나서 {item.text}" if _korean(item) else f"after the month-end close {item.text}"


def _weighed(item: Item, frame: dict[str, object]) -> Iterator[str]:
    """A change put up for an opinion: only a change can be weighed, so read-only frames are left out."""
    if frame["intent"] in ("restart", "scale", "rollback", "deploy") and _single(item):
        yield f"{item.text}\n이거 지금 해도 괜찮을까요?" if _korean(item) else f"{item.text} — worth it, or too risky?"


def _put_off(item: Item, frame: dict[str, object]) -> Iterator[str]:
    """The request, then a clause that puts it off by referring back to it."""
    yield f"{item.text}\n그거 공연 끝나고 해주세요" if _korean(item) else f"{item.text}\nbut do it after the show"


CHANGING: dict[str, Rewrite] = {
    "put off by a clause after it": _put_off,
    "put to people by words": _to_people,
    "taken back": _retracted,
    "a date or 'after …'": _dated,
    "weighed, not asked": _weighed,
    "tomorrow / 내일": _later,
    "if it fails again": _condition,
    "a quote": _quoted,
    "I already": _already,
    "addressed to <@U…>": _addressed,
    "don't": _prohibited,
}


@pytest.fixture(scope="module")
def read_items() -> list[tuple[Item, dict[str, object]]]:
    """Every dev sentence the parser reads as a request, with its frame."""
    items = [(item, _frame(item.text, item)) for item in dev_items()]
    return [(item, frame) for item, frame in items if frame["intent"] != "unknown"]


@pytest.mark.parametrize("name", list(PRESERVING))
def test_a_rewrite_that_keeps_the_meaning_keeps_the_frame(name: str, read_items) -> None:
    rewrite = PRESERVING[name]
    cases = [(item, frame, text) for item, frame in read_items for text in rewrite(item, frame)]
    changed = [(item.id, text, _frame(text, item)) for item, frame, text in cases if _frame(text, item) != frame]
    assert len(cases) > 10
    assert not changed, f"{len(changed)} of {len(cases)} changed: {changed[:10]}"


@pytest.mark.parametrize("name", list(CHANGING))
def test_a_rewrite_that_changes_what_is_asked_gives_unknown(name: str, read_items) -> None:
    rewrite = CHANGING[name]
    cases = [(item, text) for item, frame in read_items for text in rewrite(item, frame)]
    asked = [(item.id, text, _frame(text, item)["intent"]) for item, text in cases]
    wrong = [case for case in asked if case[2] != "unknown"]
    assert len(cases) > 150
    assert not wrong, f"{len(wrong)} of {len(cases)} still asked: {wrong[:10]}"
