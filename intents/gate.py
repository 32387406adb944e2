"""
The safety gate: a change (restart, scale, rollback, deploy) is proposed only when asked for now.

Every answer passes here before it is shown, the built-in parser's and an LLM's alike.
Mentioning a change is not asking for it. The gate looks at each place the message
names the proposed change and at the message as a whole:

- the verb's own form: past ("재시작했었어?", "was it restarted"), negated ("재시작하지
  마", "don't scale"), hypothetical or a question about it ("늘리면", "should we",
  "is it ok to"), still going on ("재시작 중이야?"), or planned for later ("tomorrow");
- talk about a change instead of the change: reports, permissions, approvals, meetings,
  alert rules, costs, schedules, how-to questions;
- changes the bot cannot make (CPU or memory limits, log level, HPA, nodes, new
  namespaces, config maps, retention): unknown, never the nearest change it can make;
- a target that is not one app: wildcards, selectors, lists, "every deployment";
- shell metacharacters anywhere in the message.

A verb whose form is a request ("재시작해줘", "롤백 ㄱㄱ", "please restart", "scale x to 3")
lets the change stand; a Korean command noun at the end of the message ("이미지리사이저재시작",
"원복") is a request too. One requested occurrence is enough: "어제 배포한 거 롤백해줘"
asks for the rollback. `screen` says why a change is refused; `guard` applies it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from intents import count_words as counts
from intents import gate_words as words
from intents import verb_forms
from intents.advice import evaluates
from intents.command import MUTATING, Command, Intent
from intents.discourse import Discourse, Mood, Reason, read_message, when_of_request
from intents.evidence import app_said, asks_more, joined_names, names_change, names_verb
from intents.gate_words import Block

__all__ = ["Block", "guard", "joined_names", "names_change", "screen", "unsupported_change"]

# Why a message asks nothing now, as the reason the reply gives.
_FROM_REASON = {
    Reason.ADDRESSED: Block.NOT_ASKED,
    Reason.CONDITION: Block.QUESTION,
    Reason.LATER: Block.LATER,
    Reason.INTENTION: Block.NOT_ASKED,
    Reason.PAST: Block.PAST,
    Reason.PROHIBITION: Block.NEGATED,
    Reason.STATEMENT: Block.NOT_ASKED,
    Reason.NOTHING: Block.NOT_ASKED,
}
_FROM_MOOD = {
    Mood.PAST: Block.PAST,
    Mood.PROHIBITION: Block.NEGATED,
    Mood.INTENTION: Block.NOT_ASKED,
    Mood.STATEMENT: Block.NOT_ASKED,
    Mood.LATER: Block.LATER,
    Mood.CONDITION: Block.QUESTION,
}


@functools.lru_cache(maxsize=32)  # asked again for the same words within one message (the ladder, then the guard)
def screen(
    intent: Intent,
    text: str,
    *,
    app: str | None = None,
    app_words: tuple[str, ...] = (),
    known_apps: tuple[str, ...] = (),
) -> Block | None:
    """Why a proposed `intent` is not a request for that change now; None when it may stand.

    Evidence, not the absence of a warning sign: the message must ask the bot now (discourse
    reading), a clause that asks must hold the change's verb, and the app must be one it names.
    `app_words` are the words a parser read as the app ("결제 api" for payment-api).
    """
    if intent not in MUTATING:
        return None
    reading = read_message(text)
    if reading.reason is not None:
        return _FROM_REASON[reading.reason]
    plain = reading.marked.text
    if words.SHELL.search(plain) or any(words.SHELL.search(n) for n in reading.marked.names):
        return Block.SHELL
    lowered = plain.lower()
    asked = " ".join(p.text for p in reading.asked).lower() or lowered  # not "…dropped after the purge"
    # (in the clauses that ask: "fell over around 18:30" tells when, it rounds no count)
    if intent is Intent.SCALE and any(c.search(asked) for c in (counts.BAD_COUNT, counts.BY_AMOUNT, counts.ROUGH)):
        return Block.VALUE  # "-3 replicas", "scale x up by 3", "두세 개 정도": no count to set
    if intent is Intent.ROLLBACK and counts.VERSIONS_BACK.search(lowered):
        return Block.VALUE  # "roll x back two versions": no revision it names
    if words.LIST.search(lowered):
        return Block.SCOPE
    if words.DESTRUCTIVE_EN.search(asked) or any(
        w in "".join(words.HANGUL.findall(asked)) for w in words.DESTRUCTIVE_KO
    ):
        return Block.UNSUPPORTED  # "파드 하나 삭제해줘": no change the bot makes, not the nearest one
    if app and joined_names(lowered, app):
        return Block.SCOPE  # "restart web and api-gw": one change names one app
    commanding = [
        p.text.lower() for p in reading.parts if p in reading.asked or not p.withdrawn and p.mood in _COMMANDING
    ]
    if _another_change(intent, asked) or _coordinated_change(intent, asked):
        return Block.SCOPE  # "스케일 3으로 하고 이미지도 v1.9.0으로 바꿔줘": one message, one change
    if any(unsupported_change(_NAME.sub(" ", clause)) for clause in commanding):  # "gpu-worker": a name, no GPU
        return Block.SCOPE  # "scale x to 0 and | also create a new secret": beside it, a change the bot does not make
    # "bounce web, and api too while you're at it": another app of the cluster (not "`cdn` looks fine, it's
    # `feeds` that stopped: restart feeds", which tells of the other)
    more = naming_more(reading).lower()
    if app and any(_names(other, more) for other in known_apps if other.lower() != app.lower()):
        return Block.SCOPE
    holding = [part.text for part in reading.asked if names_change(intent, part.text)]
    if any(asks_more(part.text) for part in reading.asked if part.text not in holding):
        return Block.NOT_ASKED  # "restart web, then check its logs": one message, one request
    if not holding:
        told = [p.mood for p in reading.parts if names_change(intent, p.text)]
        return next((_FROM_MOOD[m] for m in told if m in _FROM_MOOD), Block.NOT_ASKED)
    if app and not app_said(app, reading.marked.text, app_words):
        return Block.NOT_ASKED
    # the app's name is no verb: "push-sender v1.34.0"
    if not any(names_verb(intent, part.lower().replace(app.lower(), " ") if app else part) for part in holding):
        # no verb where it asks, only a value ("push-sender v1.34.0"): a clause that tells of the change says why
        told = [
            p.mood
            for p in reading.parts
            if not p.withdrawn
            and (p.mood is Mood.PAST or (p.mood is Mood.STATEMENT and words.COMPLETED.search(p.text.lower())))
            and names_change(intent, p.text)
        ]
        if (block := next((_FROM_MOOD[m] for m in told if m in _FROM_MOOD), None)) is not None:
            return block
    block = _screen_words(intent, " ".join(holding), app=app, app_words=app_words)
    # "x on 4 replicas — worth it, or wasted money?": the question weighs the change the other clause names
    weighed = evaluates(plain) and any(p.mood is Mood.QUESTION for p in reading.asked if p.text not in holding)
    weighed = weighed or (evaluates(plain) and plain.rstrip().endswith("?"))  # "…롤백하는 거 어떻게 생각해요?"
    if block is None and (weighed or all(p.mood is Mood.QUESTION for p in reading.asked if p.text in holding)):
        # "can we roll back x safely?", "do we restart x or …?": asks about the change, not for it; a polite
        # request in question form ("can you restart x?", "재시작해 주시겠어요?") is a request (discourse/mood.py)
        return Block.QUESTION
    if block is None and all(p.mood is Mood.STATEMENT for p in reading.asked):
        return Block.NOT_ASKED  # "thanks for the quick rollback on x", "롤백 ㄱ 하고 싶다": told, not asked
    return block


def _screen_words(intent: Intent, text: str, *, app: str | None, app_words: tuple[str, ...]) -> Block | None:
    """The words around the change in the clauses that ask: form of the verb, topic, scope."""
    raw = unicodedata.normalize("NFKC", text)
    raw = re.sub(r"<[@#!][^>]*>", " ", raw)  # Slack mentions are markup, not shell
    if words.SHELL.search(raw):
        return Block.SHELL
    if intent is Intent.SCALE and counts.BAD_COUNT.search(raw.lower()):
        return Block.VALUE
    lowered = raw.lower().replace("\u2019", "'")
    if words.LIST.search(lowered):
        return Block.SCOPE
    if app:  # the app's own name says nothing about the request ("pricing engine", "티켓 부스")
        for word in sorted(app_words, key=len, reverse=True):
            if not any(talk in word for talk in words.STRONG_TALK_KO):  # "권한" stays talk even if it fits authz
                lowered = lowered.replace(word, " ")
        lowered = lowered.replace(app.lower(), " ")
        parts = {part for part in re.split(r"[-_.]", app.lower()) if len(part) > 2}
        lowered = "".join(" " if w in parts else w for w in re.split(r"(\W+)", lowered))
    lowered = " ".join(lowered.replace("네임스페이스", " ").split())  # where, never how the verb is used
    hangul = "".join(words.HANGUL.findall(lowered))
    english = _latin(lowered)
    if words.SCOPE_EN.search(english) or any(w in hangul for w in words.SCOPE_KO):
        return Block.SCOPE
    if unsupported_change(lowered):  # without the app's own words
        return Block.UNSUPPORTED
    # without a reason given before the request ("주말 프로모션 때문에 예약 몰릴 예정이라 … 늘려줘"): when the load
    # comes, and what is planned, is not when nor what to do
    timed = when_of_request(lowered)
    timed_hangul = "".join(words.HANGUL.findall(timed))
    timed_english = _latin(timed)
    if words.TALK_EN.search(english) or any(w in timed_hangul for w in words.TALK_KO):
        return Block.TALK
    if words.LATER_EN.search(timed_english) or any(w in timed_hangul for w in words.LATER_KO):
        return Block.LATER
    if words.BEFORE_EVENT_EN.search(timed_english):
        return Block.LATER  # "scale x to 8 right before the ad break": for then, not now
    if words.HEDGE.search(english) or words.HEDGE.search(hangul):
        return Block.QUESTION
    used = verb_forms.ko_forms(hangul, intent) + verb_forms.en_forms(intent, lowered)
    if None in used:
        return None
    if not used:  # no verb ("여섯 대로 부탁드립니다", "half a dozen pods for x"): the message's own form
        return verb_forms.message_form(hangul) or verb_forms.english_form(english)
    return next((form for form in used if form is not Block.NOT_ASKED), Block.NOT_ASKED)


_SCALE_WORD = re.compile(r"스케일|레플|리플리카|\bscale|\breplicas?\b|\bpods?\b|\binstances?\b")
_VERSION_WORD = re.compile(r"\S*\d+(?:\.\d+)+\S*|\S+:\S+")


def _another_change(intent: Intent, asked: str) -> bool:
    """Whether the clauses that ask set a count beside a new image, or an image beside a count."""
    if intent is Intent.DEPLOY:  # a count of replicas, not the digits of the image ("태그 r42 로 올려")
        return bool(_SCALE_WORD.search(asked)) and bool(counts.COUNT.search(_VERSION_WORD.sub(" ", asked)))
    if intent is Intent.SCALE:
        return bool(words.IMAGE_TO.search(asked))
    return False


# Where one clause joins two verbs: "… and …", "… & …", "늘리고 …", "… 그리고 …".
_COORDINATED = re.compile(r"\s+(?:and|&|plus)\s+|(?<=[\uac00-\ud7a3])고\s+|\s그리고\s")
_NAME = re.compile(words.NAME)


def _coordinated_change(intent: Intent, asked: str) -> bool:
    """Whether the clause joins this change to another change's verb: "scale x to 12 and restart y" (y may be
    no app of the cluster's), "x 늘리고 y 재시작해줘"."""
    # each piece without its names: "image-resizer" holds no "resize"
    pieces = [_NAME.sub(" ", piece) for piece in _COORDINATED.split(asked) if piece.strip()]
    others = [piece for piece in pieces if not names_change(intent, piece)]
    return len(others) < len(pieces) and any(
        names_verb(other, piece) for piece in others for other in MUTATING if other is not intent
    )


_TELLING = frozenset({Mood.STATEMENT, Mood.PAST, Mood.PROHIBITION})
_COMMANDING = frozenset({Mood.DIRECTIVE, Mood.TERSE})
_ADDING = re.compile(r"^(?:and|also|plus)\b|\b(?:too|as well|also)\b|[\uac00-\ud7a3]도(?:\s|$)")  # "…, and api too"


def naming_more(reading: Discourse) -> str:
    """The clauses where another app would be one more for the request: those that ask, and any other neither
    withdrawn nor telling how things are or what was done, unless it adds ("…, and api too while you're at it")."""
    return " ".join(
        part.text
        for part in reading.parts
        if part in reading.asked
        or not part.withdrawn
        and (part.mood not in _TELLING or _ADDING.search(part.text.lower()) is not None)
    )


def _latin(text: str) -> str:
    """The words of a text outside Hangul ("restart 해줘" -> "restart")."""
    return " ".join(words.HANGUL.sub(" ", text).split())


def _names(app: str, text: str) -> bool:
    # a Korean particle may follow the name: "rating-engine이랑 chf-charging"
    return bool(re.search(rf"(?<![\w./:@-]){re.escape(app.lower())}(?![A-Za-z0-9_/:@-])", text))


def guard(command: Command, text: str, *, app_words: tuple[str, ...] = (), known_apps: tuple[str, ...] = ()) -> Command:
    """The command, or `unknown` when it proposes a change the text does not ask for now."""
    if not command.mutating:
        return command
    if not _values_said(command, text.lower()):
        return Command(intent=Intent.UNKNOWN)
    if screen(command.intent, text, app=command.app, app_words=app_words, known_apps=known_apps) is not None:
        return Command(intent=Intent.UNKNOWN)
    return command


def _values_said(command: Command, lowered: str) -> bool:
    """Whether every value of the command is one the message says, not a model's own: a count ("x 스케일 좀
    늘려줘" says none), a revision, an image or its tag ("v1.4.2", "web:1.4.2"; never a time: "Update 15:42")."""
    counted = command.replicas is not None or command.revision is not None
    if counted and not counts.SAID_COUNT.search(lowered):
        return False
    if command.image is None:
        return True
    image = command.image.lower()
    if words.CLOCK.match(image):
        return False
    tag = image.rsplit(":", 1)[-1] if "/" in image or ":" in image else image
    bare = tag.removeprefix("v") if "." in tag else tag  # "v1.4.2" said as "1.4.2"; not "v2" as any "2"
    return any(form in lowered for form in {image, tag, bare})


@functools.lru_cache(maxsize=32)  # asked again for the same words within one message
def unsupported_change(text: str, apps: tuple[str, ...] = ()) -> bool:
    """Whether the text asks to change something the bot cannot change (CPU limits, retention).

    The names of `apps` say nothing here: "gpu-scheduler 두 개로" scales an app, it sets no GPU.
    """
    lowered = unicodedata.normalize("NFKC", text).lower()
    for app in apps:
        if app.lower() in lowered:
            lowered = re.sub(rf"(?<![\w./:@-]){re.escape(app.lower())}(?![\w/:@-])", " ", lowered)
    hangul = "".join(words.HANGUL.findall(lowered))
    english = _latin(lowered)
    if words.NAMESPACE_CREATED.search(lowered):
        return True  # "네임스페이스 하나 만들어줘": no change the bot makes
    named = bool(words.UNSUPPORTED_EN.search(english)) or any(w in hangul for w in words.UNSUPPORTED_KO)
    asked = bool(words.CHANGE_EN.search(english)) or any(w in hangul for w in words.CHANGE_KO)
    return named and asked
