"""
A Command's values from the numbers a message says: a count to set, lines, a revision. A count by
how much ("두 개 더", "a bit more"), by a factor ("두 배로") or said only roughly ("두세 개 정도") sets
nothing, and a value the Command refuses (99999 replicas) makes the answer `unknown`: never a default
in place of what was said.
"""

from __future__ import annotations

from pydantic import ValidationError

from intents.builtin.normalize import Utterance
from intents.builtin.numerals import Counts, Number
from intents.command import MAX_LINES, Command, Intent
from intents.count_words import ROUGH
from intents.lazy_pattern import LazyPattern

# More or fewer without a count ("좀 더 올려줘", "scale it up a bit more"): by how much, which the bot cannot set
_MORE = LazyPattern(
    r"(?:^|\s)(?:좀\s*더|조금\s*더|더|조금|약간|살짝)(?!\s*이상)(?:\s|$)|\b(?:more|a bit|a little|a tad|further)\b"
)
_BY_FACTOR = LazyPattern(r"두\s*배|세\s*배|\d+\s*배|\bdouble|\btriple|\bhalve|\bhalf (?:of|the)\b|\b\d+x\b|\btwice\b")


def pick(nums: list[Number], *wanted: Counts) -> int | None:
    """The first number that counts one of `wanted`, in that order of preference."""
    for counts in wanted:
        for number in nums:
            if number.counts is counts:
                return number.value
    return None


def command_of(intent: Intent, utterance: Utterance, nums: list[Number], **known: object) -> Command:
    """The Command of `intent` with the values said: a count to set, never one by how much or said roughly."""
    flags = utterance.flags
    values: dict[str, object] = {k: v for k, v in known.items() if v is not None}
    said = [n for n in nums if not n.relative]  # "두 개 더", "2 versions back": by how much, not to what
    by_amount = len(said) < len(nums)
    if intent is Intent.SCALE:
        replicas = pick(said, Counts.REPLICAS, Counts.UNSAID)
        by_amount = by_amount or bool(replicas is None and _MORE.search(utterance.text))
        if ROUGH.search(utterance.text):
            return Command(intent=Intent.UNKNOWN)  # "두세 개 정도로": which count, the bot asks
        if by_amount and replicas is None and flags.replicas is None or _BY_FACTOR.search(utterance.text):
            return Command(intent=Intent.UNKNOWN)  # "두 개 더", "두 배로": by how much, which the bot cannot set
        values["replicas"] = flags.replicas if flags.replicas is not None else replicas  # None: the bot asks
    elif intent is Intent.LOGS:
        values["lines"] = flags.lines or pick(said, Counts.LINES, Counts.UNSAID)
    elif intent is Intent.ROLLBACK:
        values["revision"] = flags.revision or pick(said, Counts.REVISION, Counts.UNSAID)
        back = [n.value for n in nums if n.relative]
        if by_amount and values["revision"] is None and back != [1]:  # "한 단계 전": the previous one
            return Command(intent=Intent.UNKNOWN)  # "two versions back" is no revision and not the previous one
    if intent is not Intent.DEPLOY:
        values.pop("image", None)
    if isinstance(lines := values.get("lines"), int) and lines > MAX_LINES:
        values["lines"] = MAX_LINES  # a longer tail is still a tail
    return _valid(intent, {k: v for k, v in values.items() if v is not None})


def _valid(intent: Intent, values: dict[str, object]) -> Command:
    """The Command, or `unknown` when a value said is one it rejects (99999 replicas, a namespace with '_').

    A value is never dropped or cut so that a default applies instead of what was said.
    """
    try:
        return Command.model_validate({"intent": intent, **values})
    except ValidationError:
        return Command(intent=Intent.UNKNOWN)
