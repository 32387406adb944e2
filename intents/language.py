"""
Which language a message is written in, so replies (help, errors) can answer in kind.

Korean users mix English freely ("web 상태 check"), while English users almost never
type Hangul, so a single Hangul letter is the signal.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["ko", "en"]

# Hangul syllables, compatibility jamo and conjoining jamo ("ㄱㄱ", "ㅇㅇ" count as Korean).
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u1100-\u11ff]")


def detect_language(text: str) -> Language:
    """'ko' when the text holds any Hangul, else 'en'."""
    return "ko" if _HANGUL.search(text) else "en"
