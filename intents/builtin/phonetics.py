"""
Consonant skeletons, to match a Hangul transliteration to an English name it was not taught.

Korean loanwords keep the consonants of the English word and change the vowels
("카프카" ~ kafka, "젠킨스" ~ jenkins, "키바나" ~ kibana). Both sides are reduced to
classes of consonants (K T P S J L M N), vowels dropped, repeats collapsed; equal
skeletons are a match. English spelling rules that matter for Konglish are applied
first: "tion" -> S N, "ch" -> J, "th" -> T, silent r after a vowel, soft g.
"""

from __future__ import annotations

import functools
import re

_INITIAL = "KKNTTLMPPSSxJJJKTPx"  # ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ ('x' = silent)
_FINAL = "xKKKNNNTLLLLLLLLMPPTTNTTKTPx"  # '' ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ

_ENGLISH_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"tion", "SN"),
        (r"sion", "JN"),
        (r"tch|ch|j|g(?=[eiy])", "J"),
        (r"sh", "S"),
        (r"th", "T"),
        (r"ph|f|v|b|p", "P"),
        (r"ck|q|k|c(?![eiy])|g", "K"),
        (r"x", "KS"),
        (r"c|s|z", "S"),
        (r"ng$", "N"),
        (r"r(?![aeiouy])", ""),  # Konglish drops r after a vowel: server -> 서버
        (r"[rl]", "L"),
        (r"[dt]", "T"),
        (r"m", "M"),
        (r"n", "N"),
        (r"[aeiouwyh]", ""),
    )
)


def _collapse(skeleton: str) -> str:
    out: list[str] = []
    for ch in skeleton:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def english(word: str) -> str:
    """Skeleton of an English (ASCII) word; digits and punctuation are ignored."""
    word = re.sub(r"[^a-z]", "", word.lower())
    for pattern, replacement in _ENGLISH_RULES:
        word = pattern.sub(replacement, word)
    return _collapse(word)


@functools.lru_cache(maxsize=8192)
def korean(word: str) -> str:
    """Skeleton of a Hangul word; non-syllable characters are ignored."""
    out: list[str] = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            continue
        out.append(_INITIAL[code // 588])
        out.append(_FINAL[code % 28])
    return _collapse("".join(out).replace("x", ""))


@functools.lru_cache(maxsize=8192)
def sounds_like(hangul: str, name: str) -> bool:
    """Whether a Hangul word is a plausible transliteration of an English name part."""
    ko, en = korean(hangul), english(name)
    if len(ko) < 3 or len(en) < 3:  # two consonants collide too often ("로그" ~ loki)
        return False
    if ko == en:
        return True
    # Longer words only: two-syllable everyday words collide ("사진" ~ session, "폴더" ~ fraud).
    if len(hangul) < 3:
        return False
    if ko.replace("J", "S") == en.replace("J", "S"):  # s between vowels is ㅈ: 리저버 ~ reserver
        return True
    return len(hangul) >= 4 and len(ko) >= 4 and len(en) >= 4 and _one_edit(ko, en)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
