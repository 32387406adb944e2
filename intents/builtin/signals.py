"""
Which cues a message holds, once the words naming its app and namespace are set aside.

Setting those words aside matters: "알림 서비스" names an app, not the Services list,
and "team-a 네임스페이스 overview" asks for an overview, not for namespaces.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from intents import spelling
from intents.builtin import lexicon
from intents.builtin.apps import name_length
from intents.builtin.lexicon import Cues
from intents.builtin.namespaces import ENVIRONMENTS
from intents.builtin.normalize import Kind, Utterance
from intents.command import Intent

_SLIP_VERBS = ("cycle", "revert", "reboot", "kick")  # verbs checked only for two swapped letters
_VERBS = ("restart", "rollback", "deploy", "status", "scale", "reboot", "revert", "endpoint", "logs", "bounce")
_ROLL_BACK = re.compile(r" roll(?:ed)? (?:[a-z0-9-]+ ){1,3}back ")
_DROP_TO = re.compile(
    r" drop(?:ping)?(?: [a-z0-9-]+){0,3} (?:down )?to (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|zero) "
)
# Signing in is not a log: "로그인 안 돼요", "users can't log in".
_LOGIN_KO = re.compile("로그(?:인|아웃)")
_LOGIN_EN = re.compile(r" (?:log(?:ged|ging)? (?:in|on|out|off)|log(?:in|on|out)s?) ")
_TO_VERSION = re.compile(r" to v?\d+(?:\.\d+)+\S* ")
# "get deploy", "list deploys": the resource, not the verb.
_DEPLOY_NOUN = re.compile(r" (?:get|list|ls|show|kubectl get) (?:deploy|deploys)(?: |$)")
_RESOURCES: tuple[tuple[Cues, Intent], ...] = (
    (lexicon.NAMESPACES, Intent.LIST_NAMESPACES),
    (lexicon.INGRESSES, Intent.LIST_INGRESSES),
    (lexicon.DEPLOYMENTS, Intent.LIST_DEPLOYMENTS),
    (lexicon.PODS, Intent.LIST_PODS),
    (lexicon.SERVICES, Intent.LIST_SERVICES),
    (lexicon.APPS, Intent.LIST_APPS),
)


# Words that are part of a namespace's name in Korean ("운영 환경", "team-a 네임스페이스").
_NAME_WORDS = tuple(
    sorted({*(w for env in ENVIRONMENTS for w in env.korean), "네임스페이스", "네임"}, key=len, reverse=True)
)


@dataclass(frozen=True, slots=True)
class Signals:
    restart: bool
    scale: bool
    scale_weak: bool
    logs: bool
    endpoint: bool
    rollback: bool
    rollback_weak: bool
    previous: bool  # "이전 버전", "previous": what a bare "돌려줘" turns back to
    deploy: bool
    deploy_weak: bool
    history: bool
    status: bool
    status_weak: bool
    overview: bool
    whole: bool
    help: bool
    listing: bool
    refused: bool
    concept: bool
    request: bool
    resource: Intent | None  # the list_* intent of the resource noun named, if any
    to_version: bool = False  # "to v2.1.0": where a version goes, the bare form of a deploy


def _remaining(utterance: Utterance, consumed: Iterable[int]) -> tuple[str, str]:
    """(spaceless Hangul, framed English) of the tokens not naming the app or namespace."""
    used = set(consumed)
    hangul: list[str] = []
    english: list[str] = []
    for index, token in enumerate(utterance.tokens):
        if token.kind in (Kind.HANGUL, Kind.JAMO):
            text = token.text
            if index in used:
                # keep what follows the name: "레디스상태좀" -> "상태좀", "배송추적로그" -> "로그"
                text = text[name_length(text) :]
                text = text[len(next((w for w in _NAME_WORDS if text.startswith(w)), "")) :]
            hangul.append(text)
            if (stem := _korean_verb(text)) is not None:
                hangul.append(stem)  # "재시잓" read as 재시작
        elif index not in used:
            english.append(_verb(token.text) if token.kind is Kind.WORD else token.text)
    return "".join(hangul), " " + " ".join(english) + " "


# The Korean stems of the changes, for a stem typed with one slip ("재시잓", "롤벡", "스캐일").
_CHANGE_STEMS = tuple(
    sorted(
        {
            s
            for cues in (lexicon.RESTART, lexicon.ROLLBACK, lexicon.SCALE, lexicon.DEPLOY)
            for s in cues.ko
            if len(s) > 1
        },
        key=len,
        reverse=True,
    )
)


@functools.lru_cache(maxsize=4096)
def _korean_verb(word: str) -> str | None:
    """The change stem a Hangul word holds with one slip, when it holds none as spelt."""
    if len(word) < 2 or any(stem in word for stem in _CHANGE_STEMS):
        return None
    return spelling.close_stem(word, _CHANGE_STEMS)


@functools.lru_cache(maxsize=4096)
def _verb(word: str) -> str:
    """A command verb typed with one slip ("restrat", "rollbak", "deplyo"), else the word."""
    if word in lexicon.COMMAND_WORDS_EN:
        return word
    # two letters swapped is a slip at any length ("lgos", "cylce"), too short for an edit distance below 5
    swapped = next((v for v in (*_VERBS, *_SLIP_VERBS) if len(v) == len(word) and _swapped(word, v)), None)
    if swapped or len(word) < 5:
        return swapped or word
    return spelling.close_word(word, _VERBS) or word


def _swapped(word: str, verb: str) -> bool:
    """Whether `word` is `verb` with two neighbouring letters swapped, the first one kept."""
    differ = [i for i, (a, b) in enumerate(zip(word, verb, strict=True)) if a != b]
    return len(differ) == 2 and differ[0] > 0 and differ[1] == differ[0] + 1 and word[differ[0]] == verb[differ[1]]


# The lengths of the Korean stems, to cut a message's Hangul into every piece a stem could be.
_STEM_LENGTHS = sorted({len(stem) for cues in vars(lexicon).values() if isinstance(cues, Cues) for stem in cues.ko})


def _pieces(hangul: str) -> frozenset[str]:
    """Every piece of `hangul` as long as some stem: a stem is in the text when it is one of them."""
    return frozenset(hangul[at : at + size] for size in _STEM_LENGTHS for at in range(len(hangul) - size + 1))


def _words(english: str) -> frozenset[str]:
    """The words of a framed English string (" scale web to 3 "), each between two spaces."""
    return frozenset(english.split(" ")[1:-1])


def _has(cues: Cues, pieces: frozenset[str], english: str, words: frozenset[str]) -> bool:
    """Whether a Korean stem of `cues` is among the `pieces` of the Hangul, or an English word or phrase
    of it in `english` (set lookups: 26 regular expressions took longer to compile than the rest of the parser)."""
    if not cues.ko.isdisjoint(pieces) or not cues.words.isdisjoint(words):
        return True
    for phrase in cues.phrases:
        if phrase in english:
            return True
    return False


def _without_signing_in(
    hangul: str, english: str, pieces: frozenset[str], words: frozenset[str]
) -> tuple[frozenset[str], str, frozenset[str]]:
    """The message read for the logs cue, without "로그인", "log in" (signing in is not a log)."""
    if "로그" in hangul and _LOGIN_KO.search(hangul):
        pieces = _pieces(_LOGIN_KO.sub("", hangul))
    if " log" in english and _LOGIN_EN.search(english):
        english = _LOGIN_EN.sub(" ", english)
        words = _words(english)
    return pieces, english, words


def detect(utterance: Utterance, *, consumed: Iterable[int] = ()) -> Signals:
    """The cues of a message (see the module docstring)."""
    hangul, english = _remaining(utterance, consumed)
    said_english = utterance.english
    lowered = _DROP_TO.search(said_english)  # "drop web to 2 pods": scale down, not delete
    if lowered:
        english = english.replace(" drop ", " scale ").replace(" dropping ", " scale ")
    if _ROLL_BACK.search(said_english):  # "roll the ledger api back"
        english += "rollback "
    deploy_noun = bool(_DEPLOY_NOUN.search(english))
    verbs = _DEPLOY_NOUN.sub(" ", english) if deploy_noun else english
    # "디플로이먼트" holds the verb stem "디플로이": look for the verb without the noun.
    verb_hangul = re.sub("디플로이\\s*먼", "", hangul) if "디플로이" in hangul else hangul
    pieces, said = _pieces(hangul), _words(english)
    verb_words = said if verbs is english else _words(verbs)
    resource = next((intent for cues, intent in _RESOURCES if _has(cues, pieces, english, said)), None)
    listed = any(w in hangul for w in ("목록", "리스트"))
    if resource is None and listed and (" deploy " in english or "디플로이" in hangul or "배포목록" in hangul):
        resource, deploy_noun = Intent.LIST_DEPLOYMENTS, True  # "deploy 목록", "디플로이 목록": the resource
        verbs = english.replace(" deploy ", " ")
        verb_words = _words(verbs)
        verb_hangul = verb_hangul.replace("디플로이", "")
    if resource is None and deploy_noun:
        resource = Intent.LIST_DEPLOYMENTS
    verb_pieces = pieces if verb_hangul == hangul else _pieces(verb_hangul)
    return Signals(
        restart=_has(lexicon.RESTART, pieces, english, said),
        scale=_has(lexicon.SCALE, pieces, english, said),
        scale_weak=_has(lexicon.SCALE_WEAK, pieces, english, said),
        logs=_has(lexicon.LOGS, *_without_signing_in(hangul, english, pieces, said)),
        endpoint=_has(lexicon.ENDPOINT, pieces, english, said),
        rollback=_has(lexicon.ROLLBACK, pieces, english, said),
        rollback_weak=_has(lexicon.ROLLBACK_WEAK, pieces, english, said),
        previous=_has(lexicon.PREVIOUS, pieces, english, said),
        deploy=_has(lexicon.DEPLOY, verb_pieces, verbs, verb_words),
        deploy_weak=_has(lexicon.DEPLOY_WEAK, verb_pieces, verbs, verb_words),
        history=_has(lexicon.HISTORY, pieces, english, said),
        status=_has(lexicon.STATUS, pieces, english, said),
        status_weak=_has(lexicon.STATUS_WEAK, pieces, english, said),
        overview=_has(lexicon.OVERVIEW, pieces, english, said),
        whole=_has(lexicon.WHOLE, pieces, english, said),
        help=_has(lexicon.HELP, pieces, english, said),
        listing=_has(lexicon.LISTING, pieces, english, said),
        refused=_has(lexicon.REFUSED, pieces, english, said),
        concept=_has(lexicon.CONCEPT, pieces, english, said),
        request=_has(lexicon.REQUEST, pieces, english, said),
        to_version=bool(_TO_VERSION.search(english)),
        resource=resource,
    )
