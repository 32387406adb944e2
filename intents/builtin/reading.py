"""
A reading of a message: the Command, and what the bot needs when the parser is unsure.

`alternatives` are the other Commands the message may mean (the same request on each
app a name fits: "결제" with `payment-api` and `payment-worker`), for a question with
buttons instead of a guess. `closest` are the commands nearest to a message read as
`unknown`, for "did you mean …?" buttons. `refused` says why a change the message
mentions was not proposed (gate.Block: past, negated, unsupported, ...), so the reply can
say what the bot understood it could not do. `confidence` is 1.0 for one reading, 1/n
for n alternatives and 0.0 for `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass

from intents import gate
from intents.builtin import apps as app_names
from intents.builtin.closest import closest_intents
from intents.builtin.normalize import normalize
from intents.builtin.parser import parse_text
from intents.command import MUTATING, NEEDS_APP, Command, Intent
from intents.evidence import names_change
from intents.gate import Block
from intents.provider import Context


@dataclass(frozen=True, slots=True)
class Reading:
    command: Command
    alternatives: tuple[Command, ...] = ()
    closest: tuple[Intent, ...] = ()
    confidence: float = 1.0
    refused: Block | None = None


def read(text: str, context: Context, command: Command | None = None) -> Reading:
    """The reading of `text`; `command` is an answer already made (an LLM's), else the parser's."""
    command = command if command is not None else parse_text(text, context)
    if command.intent is Intent.UNKNOWN:
        closest = closest_intents(text)
        return Reading(command, closest=closest, confidence=0.0, refused=_refused(text, closest))
    if command.intent in NEEDS_APP and command.app is None and context.apps:
        match, _ = app_names.find_app(normalize(text[:2000]), context.apps)
        candidates = match.candidates if match.kind is app_names.Match.AMBIGUOUS else ()
        if match.by_sound and match.app:
            candidates = (match.app,)  # a guess by sound: offered, not assumed
        if candidates:
            frame = command.model_dump()
            choices = tuple(Command(**{**frame, "app": app}) for app in candidates)
            return Reading(command, alternatives=choices, confidence=1.0 / (len(choices) + match.by_sound))
    return Reading(command)


def _refused(text: str, closest: tuple[Intent, ...]) -> Block | None:
    """Why the change the text comes closest to was not proposed, if it names one."""
    if gate.unsupported_change(text):
        return Block.UNSUPPORTED
    for intent in closest:
        if intent in MUTATING and names_change(intent, text):  # mentioned: say why it was not proposed
            return gate.screen(intent, text)
    return None
