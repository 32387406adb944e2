"""
Typo tolerance for command words, shared by the built-in parser and the gate.

A word typed with a slip ("restrat", "재시잓", "롤벡") is compared with the verbs it may
stand for through rapidfuzz's normalised edit similarity. Hangul is compared letter by
letter (jamo), so one wrong vowel or final consonant is one small edit, as it is for Latin.
No misspelling is listed anywhere: the verbs are the only table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from rapidfuzz import fuzz, process

_BASE, _LAST = 0xAC00, 0xD7A3
_LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_TAILS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
LATIN_CUTOFF = 80  # "restrat" ~ restart; "restore" is not
HANGUL_CUTOFF = 83  # "재시잓" ~ 재시작, "롤벡" ~ 롤백; "재시도" (retry) is not


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
    found = process.extractOne(word, tuple(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


@functools.lru_cache(maxsize=8192)
def close_stem(word: str, stems: tuple[str, ...]) -> str | None:
    """The stem (two syllables or more) a Hangul word starts with, typed with one slip; None if none."""
    for stem in stems:
        if len(stem) < 2 or len(word) < len(stem) or stem in word:
            continue
        for start in range(0, len(word) - len(stem) + 1):
            piece = word[start : start + len(stem)]
            letters = jamo(piece)
            if letters[0] == jamo(stem)[0] and fuzz.ratio(letters, jamo(stem)) >= HANGUL_CUTOFF:
                return stem
    return None
