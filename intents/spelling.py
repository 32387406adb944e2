"""
Typo tolerance for command words, shared by the built-in parser and the gate.

A word typed with a slip ("restrat", "재시잓", "롤벡") is compared with the verbs it may
stand for: Latin through rapidfuzz's normalised edit similarity, Hangul letter by letter
(jamo), so one wrong vowel or final consonant is one letter, as it is for Latin.
No misspelling is listed anywhere: the verbs are the only table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

_BASE, _LAST = 0xAC00, 0xD7A3
_LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_TAILS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
LATIN_CUTOFF = 80  # "restrat" ~ restart; "restore" is not


@functools.lru_cache(maxsize=8192)
def jamo(word: str) -> str:
    """A Hangul word as its letters: "재시작" -> "ㅈㅐㅅㅣㅈㅏㄱ"."""
    out: list[str] = []
    for ch in word:
        code = ord(ch) - _BASE
        if 0 <= code <= _LAST - _BASE:
            out += [_LEADS[code // 588], _VOWELS[(code % 588) // 28], _TAILS[code % 28].strip()]
        else:
            out.append(ch)
    return "".join(out)


def close_word(word: str, choices: Iterable[str], cutoff: float = LATIN_CUTOFF) -> str | None:
    """The choice a Latin word is a slip of, or None."""
    return _close_word(word, tuple(choices), cutoff)


@functools.lru_cache(maxsize=8192)  # the same words are checked against the same verbs in every message
def _close_word(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    from rapidfuzz import fuzz, process  # NB: 4-5 MiB; loaded at the first slip check, not at start (idle RSS)

    found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


def closed_by(tail: str) -> str:
    """A regular-expression class of every Hangul syllable whose final consonant is `tail` ("ㄴ": 인, 한, 는…)."""
    index = _TAILS.index(tail)
    return "[" + "".join(chr(_BASE + i * 28 + index) for i in range((_LAST - _BASE) // 28 + 1)) + "]"


# Vowels Korean speakers no longer tell apart by ear, the commonest Hangul slip ("롤벡" for 롤백), and a
# consonant typed tense for emphasis ("롤빽", "재씨작": the shift key held).
_SAME_SOUND = str.maketrans(
    {"ㅔ": "ㅐ", "ㅖ": "ㅒ", "ㅞ": "ㅙ", "ㅚ": "ㅙ", "ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}
)


def sound(word: str) -> str:
    """How a Hangul word sounds, letter by letter, the vowels no one tells apart made one ("결재" ~ "결제")."""
    return jamo(word).translate(_SAME_SOUND)


def _substitutions(a: str, b: str) -> int:
    """Letters that differ between two words of the same length (Hamming distance)."""
    return sum(x != y for x, y in zip(a, b, strict=True))


@functools.lru_cache(maxsize=64)
def _index(stems: tuple[str, ...]) -> tuple[dict[str, str], dict[tuple[int, int, str], tuple[str, ...]], list[int]]:
    """The stems by sound, and (three syllables or more) by each syllable at its place, for quick lookups."""
    by_sound = {sound(stem): stem for stem in stems if len(stem) >= 2}
    by_syllable: dict[tuple[int, int, str], list[str]] = {}
    for stem in stems:
        if len(stem) >= 3:
            for place, syllable in enumerate(stem):
                by_syllable.setdefault((len(stem), place, syllable), []).append(stem)
    lengths = sorted({len(stem) for stem in stems if len(stem) >= 2}, reverse=True)
    return by_sound, {key: tuple(found) for key, found in by_syllable.items()}, lengths


@functools.lru_cache(maxsize=8192)
def close_stem(word: str, stems: tuple[str, ...]) -> str | None:
    """The stem a Hangul word holds typed with one slip; None if none (or if it holds one as spelt).

    A slip is a vowel that sounds the same (ㅐ/ㅔ), or, in a stem of three syllables or more,
    one letter replaced ("재시잓"). Letters are never added or dropped: "느려" (slow) is not
    "늘려" (increase).
    """
    by_sound, by_syllable, lengths = _index(stems)
    for size in lengths:
        for start in range(0, len(word) - size + 1):
            piece = word[start : start + size]
            alike = by_sound.get(sound(piece))
            if alike is not None and alike != piece:
                return alike
            if size < 3:
                continue
            shared: dict[str, int] = {}
            for place, syllable in enumerate(piece):
                for stem in by_syllable.get((size, place, syllable), ()):
                    shared[stem] = shared.get(stem, 0) + 1
            letters = jamo(piece)
            for stem, count in shared.items():
                wanted = jamo(stem)
                if count == size - 1 and len(letters) == len(wanted) and letters[0] == wanted[0]:
                    if _substitutions(letters, wanted) <= 1:
                        return stem
    return None
