"""
Which app a message means, resolved against the apps that exist.

An app name is matched exactly, case-insensitively, by a unique prefix or suffix, or
part by part: `payment-api` is (payment, api), and "결제 api" covers both parts through
the glossary. A part that only says what an app is ("api", "svc", "server") supports a
match but never decides one alone. Hangul words the glossary lacks are compared by
sound (phonetics.py). The bot reuses `resolve_app` to answer "did you mean …?".
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from intents.builtin import glossary, lexicon, phonetics
from intents.builtin.normalize import Kind, Utterance, normalize

_PART_SPLIT = re.compile(r"[-_.]")
_K8S_NAME = re.compile(r"^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$")
_PARTICLES = "를을이가는은도만의에랑로"
_TYPO_RATIO = 0.8  # "ngnix" -> nginx, "frontnd" -> frontend; "laptop" stays unknown


class Match(enum.StrEnum):
    EXACT = "exact"  # the name as typed (case aside)
    UNIQUE = "unique"  # a prefix, suffix, description or typo that fits one app
    AMBIGUOUS = "ambiguous"  # fits several apps: `candidates`
    NONE = "none"  # fits none: `candidates` are the closest names


@dataclass(frozen=True, slots=True)
class AppMatch:
    kind: Match
    app: str | None = None
    candidates: tuple[str, ...] = ()
    by_sound: bool = False  # decided only by how a short Hangul word sounds ("폴더" ~ fraud): a guess

    @property
    def found(self) -> bool:
        return self.app is not None


@dataclass(frozen=True, slots=True)
class _Term:
    """One word of the message that may be (part of) an app name."""

    index: int  # token position
    forms: frozenset[str]  # English forms
    hangul: str | None = None  # an untranslated Hangul word, compared by sound
    latin: str | None = None  # a Latin word as typed
    weak: bool = False  # a word that is also a command cue ("이미지", "로그"): supports, never decides


def _terms(utterance: Utterance, skip: Iterable[int]) -> list[_Term]:
    skipped = set(skip)
    terms: list[_Term] = []
    for index, token in enumerate(utterance.tokens):
        if index in skipped:
            continue
        if token.kind is Kind.WORD and token.text not in lexicon.COMMAND_WORDS_EN:
            terms.append(_Term(index, glossary.forms(token.text), latin=token.text))
        elif token.kind is Kind.HANGUL:
            found = glossary.segments(token.text)
            for piece, english in found:
                weak = piece in lexicon.COMMAND_STEMS_KO or piece in lexicon.CUE_WORDS_KO
                terms.append(_Term(index, frozenset(f for e in english for f in glossary.forms(e)), weak=weak))
            rest = _before_command(token.text[sum(len(piece) for piece, _ in found) :])
            if len(rest) >= 2 and not lexicon.holds_command_stem(rest):
                terms.append(_Term(index, frozenset(), hangul=rest))  # compared by sound
    return terms


def _before_command(word: str) -> str:
    """The part of a spaceless Hangul word before the first command stem ("리사이저재시작" -> "리사이저")."""
    cut = lexicon.command_stem_at(word, 2)
    return word if cut < 0 else word[:cut]


def _stems(hangul: str) -> tuple[str, ...]:
    """The word and the word without a one- or two-syllable particle ("카프카를")."""
    return tuple(hangul[:end] for end in (len(hangul), len(hangul) - 1, len(hangul) - 2) if end >= 2)


@functools.lru_cache(maxsize=1024)
def _parts(app: str) -> tuple[str, ...]:
    """The parts of an app's name (`payment-api` -> payment, api); the same apps come with every message."""
    return tuple(p for p in _PART_SPLIT.split(app) if p)


@functools.lru_cache(maxsize=8192)  # a word against a part of a name: the same pairs recur in every message
def _fits(forms: frozenset[str], latin: str | None, hangul: str | None, part: str) -> bool:
    """Whether a word of the message (its English forms, as typed, or its Hangul) fits one part of a name."""
    # A typed English word must cover most of a part ("front" for frontend, not "work" for
    # worker); glossary words are chosen for app names and may be short ("noti").
    shortest = 0.6 * len(part) if latin else 3
    if latin and "-" in latin:
        return False  # a name typed whole ("parcel-sorter") is that name, or a slip of one; not a part of another
    for form in forms:
        if form == part:
            return True
        if (
            len(form) >= 3
            and len(part) >= 3
            and (
                (part.startswith(form) and len(form) >= shortest)
                or (form.startswith(part) and (len(part) >= 4 or form == part + "s"))
            )
        ):
            return True
    if hangul is not None:
        return any(phonetics.sounds_like(stem, part) for stem in _stems(hangul))
    return False


def _score(app: str, terms: Sequence[_Term]) -> tuple[tuple[int, int, int], set[int]] | None:
    """(parts matched, distinctive parts matched, -parts missed) and the tokens used, or None."""
    parts = _parts(app)
    used: set[int] = set()
    matched = distinctive = 0
    for part in parts:
        hits = [t for t in terms if _fits(t.forms, t.latin, t.hangul, part)]
        if hits:
            matched += 1
            distinctive += part not in glossary.GENERIC and any(not t.weak for t in hits)
            used.update(t.index for t in hits)
    whole = app.replace("-", "")
    for term in terms:
        if term.latin and len(term.latin) >= 3 and (app.startswith(term.latin) or app.endswith(term.latin)):
            used.add(term.index)
            distinctive += 1  # a typed prefix or suffix of the full name ("api" for api-server)
        elif whole in term.forms or (term.hangul and len(parts) > 1 and phonetics.sounds_like(term.hangul, whole)):
            used.add(term.index)
            matched, distinctive = len(parts), distinctive + 1
    if distinctive == 0 and matched < len(parts):
        return None
    if matched == 0 and distinctive == 0:
        return None
    return (matched, distinctive, matched - len(parts)), used


def _best(apps: Sequence[str], terms: Sequence[_Term]) -> tuple[AppMatch, frozenset[int]]:
    scored = [(score, used, app) for app in apps if (result := _score(app, terms)) for score, used in [result]]
    if not scored:
        return AppMatch(Match.NONE), frozenset()
    top = max(score for score, _, _ in scored)
    winners = [(used, app) for score, used, app in scored if score == top]
    if len(winners) > 1:
        return AppMatch(Match.AMBIGUOUS, candidates=tuple(sorted(app for _, app in winners))), frozenset()
    used, app = winners[0]
    deciding = [t for t in terms if t.index in used]
    # only two-syllable words ("폴더를", "사진"), decided by sound alone: everyday words collide
    by_sound = all(t.hangul is not None and len(t.hangul.rstrip(_PARTICLES)) <= 2 for t in deciding)
    return AppMatch(Match.UNIQUE, app, by_sound=by_sound), frozenset(used)


def _typo(word: str, apps: Sequence[str]) -> str | None:
    if len(word) < 4:
        return None
    from rapidfuzz import fuzz, process  # NB: loaded at the first typo check, not at start (idle RSS)

    close = [
        app
        for app, _, _ in process.extract(word, apps, scorer=fuzz.ratio, score_cutoff=_TYPO_RATIO * 100, limit=3)
        if _slipped(word, app)
    ]
    return close[0] if len(close) == 1 else None


def _slipped(word: str, app: str) -> bool:
    """A slip in typing the name, part by part: one letter wrong, missing, extra or swapped in each part
    ("courier-etta", "ngnix"); a different word in a part ("parcel-sorter" for parcel-scanner) is another name."""
    from rapidfuzz.distance import OSA

    typed, parts = _PART_SPLIT.split(word), _PART_SPLIT.split(app)
    if len(typed) != len(parts):
        return OSA.distance(word, app) <= 1
    return all(OSA.distance(a, b) <= (1 if max(len(a), len(b)) >= 4 else 0) for a, b in zip(typed, parts, strict=True))


def find_app(utterance: Utterance, apps: Sequence[str], *, skip: Iterable[int] = ()) -> tuple[AppMatch, frozenset[int]]:
    """The app a message names and the token positions that name it (see the module docstring)."""
    skipped = set(skip)
    by_lower = {app.lower(): app for app in apps}
    for index, token in enumerate(utterance.tokens):
        if index not in skipped and token.kind is Kind.WORD and token.text in by_lower:
            return AppMatch(Match.EXACT, by_lower[token.text]), frozenset({index})
    names = list(by_lower)
    terms = _terms(utterance, skipped)
    match, used = _best(names, terms)
    if match.kind is not Match.NONE:
        return match, used
    for term in terms:
        if term.latin and (close := _typo(term.latin, names)):
            return AppMatch(Match.UNIQUE, close), frozenset({term.index})
    return match, used


def resolve_app(name: str, apps: Sequence[str]) -> AppMatch:
    """Resolve what someone called an app ("결제 api", "Frontend", "ngnix") against `apps`.

    EXACT or UNIQUE carry `app`; AMBIGUOUS lists the apps it fits; NONE lists the
    closest names, for a "did you mean …?" reply.
    """
    wanted = name.strip().lower()
    by_lower = {app.lower(): app for app in apps}
    if wanted in by_lower:
        return AppMatch(Match.EXACT, by_lower[wanted])
    match, _ = find_app(normalize(name), apps)
    if match.kind is not Match.NONE:
        return match
    from rapidfuzz import fuzz, process

    close = process.extract(wanted, list(by_lower), scorer=fuzz.ratio, score_cutoff=50, limit=3)
    return AppMatch(Match.NONE, candidates=tuple(by_lower[c] for c, _, _ in close))


def literal_app(utterance: Utterance, *, skip: Iterable[int] = ()) -> tuple[str, int] | None:
    """The first word that looks like a Kubernetes name, for when no app list is known."""
    skipped = set(skip)
    for index, token in enumerate(utterance.tokens):
        if index in skipped or token.kind is not Kind.WORD:
            continue
        if token.text not in lexicon.COMMAND_WORDS_EN and _K8S_NAME.match(token.text):
            return token.text, index
    return None


def name_length(word: str) -> int:
    """How much of a Hangul word names the app: its glossary words up to the first command word."""
    length = 0
    for piece, _ in glossary.segments(word):
        if length and (piece in lexicon.COMMAND_STEMS_KO or piece in lexicon.CUE_WORDS_KO):
            break
        length += len(piece)
    return length


@functools.lru_cache(maxsize=256)  # the gate asks once per answer it checks, for the same text
def app_words(text: str, app: str) -> tuple[str, ...]:
    """The words of `text` that name `app` ("티켓 부스" for ticket-booth), for the gate to set aside."""
    utterance = normalize(text)
    _, used = find_app(utterance, [app])
    words: list[str] = []
    for index in sorted(used):
        token = utterance.tokens[index]
        words.append(token.text[: name_length(token.text)] if token.kind is Kind.HANGUL else token.text)
    return tuple(w for w in words if w)


def naming_words(text: str, app: str, apps: Sequence[str]) -> tuple[str, ...]:
    """The words of `text` that name `app` among `apps` ("결제 api", "서지 프라이서"), for the gate."""
    words = app_words(text, app)
    if words or not apps:
        return words
    utterance = normalize(text)
    match, used = find_app(utterance, apps)
    return tuple(utterance.tokens[i].text for i in sorted(used)) if match.app == app else ()
