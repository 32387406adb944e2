"""
Plain text -> clauses: where a message divides at contrast, correction and sequence.

A clause ends at a line break, a sentence's end, a semicolon, a spaced dash or a comma,
and before a connective that opens a new one ("but", "then", "instead", "그리고", "근데").
In a correction the withdrawn part stands before the marker and the request after it:
"롤백 말고 재시작해줘" (X 말고 Y), "restart it instead of rolling back" (Y instead of X);
those clauses are marked `withdrawn`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intents.spelling import closed_by

# Contrast and correction: what comes before is withdrawn, what follows stands ("X 말고 Y").
CONTRAST_KO = ("말고", "대신에", "대신", "아니고", "아니라")
CONTRAST_EN = ("instead of", "rather than")
# Connectives that open a new clause: sequence, contrast, reason (English, whole words).
SPLIT_EN = (
    "and then",
    "then",
    "but",
    "however",
    "instead",
    "because",
    "since",
    "so",
    "also",
    "after that",
    "afterwards",
)
# Korean connective endings and adverbs that close one clause and open the next.
SPLIT_KO = (
    "그리고",
    "그다음",
    "그다음에",
    "그러고",
    "그런데",
    "근데",
    "하지만",
    "그래서",
    "그러니까",
    "그럼",
    "그리고나서",
    "아 아니",  # a correction inside a sentence: "롤백 아 아니 재시작 해주세요"
    "아니 아니",
    "ㄴㄴ",  # "no no": "web 재시작 ㄱㄱ ㄴㄴ 취소"
    "ㄴㄴㄴ",
)

# Korean sentence endings close a clause even without punctuation (an emoji often stands for the full stop):
# "재시작 부탁드려요 :rotating_light: 정문 개찰구가 안 열려요".
# (-요 after a verb or adjective, not the nouns 필요 "need" and 중요 "importance"; -니다; -죠; "ㄱ", "고고": go;
# -는데: "…올렸는데 숫자가 이상해요"; -해: "x 재시작해 계량값 안 들어옴", not 위해/대해/인해/통해/의해/향해; -해라)
_SENTENCE_END_KO = (
    r"(?:(?<=[\uac00-\ud7a3]요)(?<!필요)(?<!중요)|(?<=니다)|(?<=죠)|(?<=[\sㄱ]ㄱ)|(?<=고고)|(?<=는데)|(?<=인데)|(?<=줘)"
    r"|(?<=[^위대인통의향]해)|(?<=[세해줘네]여)|(?<=해라)|(?<=하라))"
)
# (not after an abbreviation: "rollback to rev. 9", "no. 3")
_ABBREVIATION = r"(?<!\b[Rr]ev\.)(?<!\b[Nn]o\.)(?<!\b[Vv]er\.)(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)"
_BREAK = re.compile(rf"\n|(?<=[.!?;]){_ABBREVIATION}\s+|;|\s[—–-]{{1,2}}\s|[—–]|,(?!\d{{3}}\b)|，|、")
# every syllable closed by ㅁ: the -(으)ㅁ noun ending that closes a report ("대출 몰림", "배너가 안내려감")
_CLOSED_BY_MIEUM = closed_by("ㅁ")
# a sentence of 3 words or more follows, or one of two words that ends as a sentence does ("…줄여줘 테스트 끝났어",
# "…ㄱㄱ 캐시 꼬인듯")
# ("ㄱㄱ" or "고고", go, ends the request whatever follows: "x 재시작 ㄱㄱ 체결 지연")
_SENTENCE_KO = re.compile(
    rf"{_SENTENCE_END_KO}[~!.]*\s+(?!하고\s*싶|주세|주시|주실|주십|주라|주어|줘|줄래|줄\s*수|봐|보세|놔|둬|드리|드려)(?=(?:\S+\s+){{2}}\S|\S+\s+[\uac00-\ud7a3]*(?:어|아|요|다|네|줘|듯|{_CLOSED_BY_MIEUM})[.!~]*$|참고)"
    r"|(?<=\sㄱㄱ)[~!.]*\s+(?=[\uac00-\ud7a3])|(?<=\s고고)[~!.]*\s+(?=[\uac00-\ud7a3])"
)
# "so" as "very" opens no clause: "would you be so kind as to …", "so sorry to bother you", "so much traffic".
_SO_VERY = r"(?<!\bso)|(?!\s+(?:kind|much|many|sorry|glad|sure|far|long|bad|good|nice|quick|slow))"
_OPENER_EN = re.compile(
    r"\s(?=\b(?:" + "|".join(re.escape(w) for w in (*CONTRAST_EN, *SPLIT_EN)) + rf")\b(?:{_SO_VERY}))",
    re.IGNORECASE,
)
_OPENER_KO = re.compile(r"\s(?=(?:" + "|".join(sorted(SPLIT_KO, key=len, reverse=True)) + r")(?:\s|$))")
_CONTRAST_KO = re.compile(r"(?:" + "|".join(sorted(CONTRAST_KO, key=len, reverse=True)) + r")(?=\s|$)")
_CONTRAST_EN = re.compile(r"(?:" + "|".join(re.escape(w) for w in CONTRAST_EN) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    withdrawn: bool = False  # the corrected part of "X 말고 Y", "Y instead of X"


def _korean_contrast(part: str) -> list[Clause]:
    out: list[Clause] = []
    start = 0
    for marker in _CONTRAST_KO.finditer(part):
        out.append(Clause(part[start : marker.end()].strip(), withdrawn=True))
        start = marker.end()
    rest = part[start:].strip()
    return [*out, Clause(rest)] if rest else out


def split(text: str) -> tuple[Clause, ...]:
    """The clauses of a plain text, in order (see the module docstring)."""
    clauses: list[Clause] = []
    for chunk in (piece for line in _BREAK.split(text) for piece in _SENTENCE_KO.split(line)):
        for part in _OPENER_KO.split(" " + chunk):
            for piece in _OPENER_EN.split(" " + part):
                piece = piece.strip()
                if not piece:
                    continue
                if _CONTRAST_EN.match(piece):  # "… instead of rolling back": the corrected part
                    clauses.append(Clause(piece, withdrawn=True))
                else:
                    clauses.extend(_korean_contrast(piece))
    return tuple(c for c in clauses if c.text)
