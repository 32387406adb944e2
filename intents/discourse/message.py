"""
One reading per message: its clauses, each with a mood, and what is asked of the bot now.

The stages: Slack text -> plain text with marks (markup.py) -> clauses (clauses.py) ->
the mood of each clause (mood.py) -> corrections: a value said again stands in the request it
corrects (correction.py), a clause that takes back what came before withdraws it (retraction.py).
A message asks the bot for something now when it is
not written to someone else (<@U…>), no clause puts it off or makes it wait for a
condition, and at least one clause that is not withdrawn is a request, a question or a
terse command. The clauses that tell (what happened, how things are, what the speaker
will do) or withdraw ("X 말고", "don't X", ~X~) are set aside; `asked` is the rest.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass

from intents.discourse.addressing import to_people
from intents.discourse.clauses import split
from intents.discourse.correction import arrowed, correcting, inner
from intents.discourse.markup import Marked, plain
from intents.discourse.mood import Mood, commands, consequence_told, mood, tells
from intents.discourse.retraction import RETRACT_ALONE, correcting_rest, retracts, said_instead
from intents.discourse.timing import opens_with_time

# A clause that refers back to the request ("do it after the show", "그거 내일 해줘").
_REFERS = re.compile(r"\b(?:do it|do that|do this|do them)\b|그거|그건|그것|이거")

# Moods of a clause that may carry a request to the bot.
ASKING = frozenset({Mood.DIRECTIVE, Mood.TERSE, Mood.QUESTION})


class Reason(enum.StrEnum):
    """Why a message asks nothing of the bot now."""

    ADDRESSED = "addressed"  # written to a person (<@U…>), not to the bot
    CONDITION = "condition"  # waits for a condition ("if it fails again", "넘으면")
    LATER = "later"  # for another time ("after lunch", "퇴근 전에")
    INTENTION = "intention"  # the speaker's own plan ("롤백할게요")
    PAST = "past"  # a report of what was done ("I already …")
    PROHIBITION = "prohibition"  # forbids or withdraws ("don't …", "~X~")
    STATEMENT = "statement"  # says how things are
    NOTHING = "nothing"  # no words left once markup, quotes and withdrawn text are gone


_FROM_MOOD = {
    Mood.CONDITION: Reason.CONDITION,
    Mood.LATER: Reason.LATER,
    Mood.INTENTION: Reason.INTENTION,
    Mood.PAST: Reason.PAST,
    Mood.PROHIBITION: Reason.PROHIBITION,
    Mood.STATEMENT: Reason.STATEMENT,
}
_STRONGEST = (Reason.PROHIBITION, Reason.PAST, Reason.INTENTION, Reason.STATEMENT)


@dataclass(frozen=True, slots=True)
class Part:
    """One clause and its mood; `withdrawn` when a correction takes it back."""

    text: str
    mood: Mood
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class Discourse:
    marked: Marked
    parts: tuple[Part, ...]
    asked: tuple[Part, ...]  # the clauses that may carry a request to the bot, in order
    reason: Reason | None  # why the message asks nothing of the bot now; None when it may

    @property
    def text(self) -> str:
        """The words of the clauses that may carry the request."""
        return " ".join(p.text for p in self.asked)


def _asked(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    live = [p for p in parts if not p.withdrawn and p.mood is not Mood.PROHIBITION]
    asking = tuple(p for p in live if p.mood in ASKING)
    if len(asking) > 1 and any(_commanding(p) for p in asking):
        # beside a command, a fragment tells the context: "Queue depth holding ~180k, error budget fine.
        # Scale seat-hold to 24."
        asking = tuple(p for p in asking if p.mood is not Mood.TERSE or commands(p.text))
    question = next((i for i, p in enumerate(asking) if p.mood is Mood.QUESTION), None)
    if question is not None:
        # after a question, a fragment tells the context: "what's going on in prod? alarms firing everywhere"
        # (before one, it may be what the question is about: "x 두 개로 줄여\n이거 지금 해도 괜찮을까요?")
        asking = tuple(p for i, p in enumerate(asking) if i <= question or p.mood is not Mood.TERSE or commands(p.text))
    if not asking and len(parts) == 1 and live and live[0].mood is Mood.STATEMENT:
        return tuple(live)  # a message of one statement is read as it is ("web is down" without a "?")
    return asking


def _commanding(part: Part) -> bool:
    return part.mood in (Mood.DIRECTIVE, Mood.TERSE) and commands(part.text)


def _corrections(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """A correction of a value stands in for the request it corrects: "scale x to 3, no wait, 4" is
    "scale x to 4" (correction.py); a correction that says more than a value is left to `_retracted`."""
    out: list[Part] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        text, used = part.text, 1
        if text.lower().strip(" .!?:") in RETRACT_ALONE and index + 1 < len(parts):
            text, used = f"{text} {parts[index + 1].text}", 2  # "no wait" | "4"
        request = next((i for i in range(len(out) - 1, -1, -1) if out[i].mood in ASKING and not out[i].withdrawn), None)
        fixed = correcting(out[request].text, text) if request is not None and not part.withdrawn else None
        if request is None or fixed is None:
            own = inner(part.text)  # "10으로 해줘 아니 12"
            out.append(Part(own, mood(own), part.withdrawn) if own else part)
            index += 1
            continue
        out[request] = Part(fixed, mood(fixed))
        index += used
    return tuple(out)


def _retracted(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """A clause that takes back what came before ("…scratch that", "아 아니다 취소") withdraws it."""
    last = max((i for i, p in enumerate(parts) if retracts(p.text) or _corrects(i, p)), default=None)
    if last is None:
        return parts
    taken = tuple(Part(p.text, p.mood, withdrawn=True) for p in parts[:last])
    # "아 아니다 api 재시작해줘", "롤백 | 아 아니 재시작 해주세요": the request that replaces it
    instead = said_instead(parts[last].text) or correcting_rest(parts[last].text)
    said = (Part(instead, mood(instead)),) if len(instead.split()) >= 2 else ()
    return (*taken, Part(parts[last].text, Mood.PROHIBITION, withdrawn=True), *said, *parts[last + 1 :])


def _corrects(index: int, part: Part) -> bool:
    """Whether a clause after another opens as a correction and commands what is meant instead."""
    return index > 0 and not part.withdrawn and commands(correcting_rest(part.text))


# A condition that the request is not made: "안 늘리면", "재시작 안 하면", "if we don't", "unless we".
_WITHOUT = re.compile(r"안\s*\S*면(?:\s|$)|지\s*않으면|\bif (?:we|you|i) (?:don't|do not|dont)\b|\bunless (?:we|you)\b")


def _reason(marked: Marked, parts: tuple[Part, ...], asked: tuple[Part, ...]) -> Reason | None:
    if marked.addressed or to_people(marked):
        return Reason.ADDRESSED
    first = parts.index(asked[0]) if asked else len(parts)
    for index, part in enumerate(parts):  # a condition holds for the whole message
        consequence = not part.withdrawn and consequence_told(part.text)
        # "안 늘리면 오늘 밤 못 버텨요. x 10개로 늘려주세요": what happens without the request, its reason
        if part.mood is Mood.CONDITION and not ((index > first or _WITHOUT.search(part.text)) and consequence):
            return Reason.CONDITION
    for index, part in enumerate(parts):
        # "kickoff in 10 min" beside a request tells when something else happens; "after lunch" or
        # a later request alone puts the request off
        if part.mood is Mood.LATER and (not asked or part.withdrawn or opens_with_time(part.text)):
            if index > first and not part.withdrawn and tells(part.text):
                continue  # a reason told after the request: "재시작 부탁해요! 내일 반죽 계획이 안 나와요"
            return Reason.LATER
        if part.mood is Mood.LATER and index > first and not tells(part.text) and _REFERS.search(part.text.lower()):
            return Reason.LATER  # "x needs a restart but do it after the show": the request, put off
    if asked:
        return None
    told = {_FROM_MOOD[p.mood] for p in parts if p.mood in _FROM_MOOD}
    if any(p.withdrawn for p in parts) or marked.withdrawn:
        told.add(Reason.PROHIBITION)
    return next((r for r in _STRONGEST if r in told), Reason.NOTHING)


@functools.lru_cache(maxsize=1024)
def read_message(text: str) -> Discourse:
    """The reading of one message (see the module docstring)."""
    marked = plain(text)
    clauses = [(arrowed(c.text), c.withdrawn) for c in split(marked.text)]
    parts = _retracted(_corrections(tuple(Part(text, mood(text), withdrawn) for text, withdrawn in clauses)))
    asked = _asked(parts)
    return Discourse(marked, parts, asked, _reason(marked, parts, asked))
