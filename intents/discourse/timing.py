"""
When a clause is for: now, or another time ("tomorrow", "after lunch", "퇴근 전에", "3시에"), and the times
that name something else (the load of "holiday weekend traffic", the reason "주말 프로모션 때문에").
The words are when.py's; mood.py asks `later` and `opens_with_time`.
"""

from __future__ import annotations

import re

from intents.discourse import when
from intents.discourse.alternatives import alternatives, whole

# "once" as one time is no condition: "rolled back x once this morning", "once again", "once or twice"
_ONCE_AS_TIMES = re.compile(
    r"\bonce\s+(?:this|last|yesterday|today|tonight|already|before|again|more|or\s+twice|a\s+(?:day|week))\b"
    r"|\bat\s+once\b"  # "all editing at once": together
)
_CONDITION_EN = re.compile(whole(when.CONDITION_EN))


def conditional_en(latin: str) -> bool:
    """Whether an English clause waits for a condition ("if", "once", "unless"); "once this morning" is one time."""
    return bool(_CONDITION_EN.search(_ONCE_AS_TIMES.sub(" ", latin)))


_LATER_EN = re.compile(whole(when.LATER_EN) + "|" + when.LATER_CLOCK_EN)
_LATER_KO = re.compile(alternatives(when.LATER_KO))
_LATER_WEAK_KO = re.compile(alternatives(when.LATER_WEAK_KO))
_CLOCK_KO = re.compile(
    r"\d{1,2}:\d{2}\s*(?:에|쯤|까지|부터)|\d+\s*시\s*(?:에|쯤|까지|부터|반)|\d+\s*(?:분|시간)\s*(?:후|뒤|있다가)|\d+\s*(?:월|일)\s*(?:에|까지|부터)"
    r"|(?:아침|저녁|오전|오후|밤|새벽)\s*\d+\s*시|[\uac00-\ud7a3]\s+\d+\s*(?:분|시간)\s*전(?:에|까지)"
)
_AFTER_KO = re.compile(r"[\uac00-\ud7a3]\s*(?:이후|후|뒤)(?:에|로)?(?=\s|$)")  # "마감 후", "끝난 뒤"
_BEFORE_KO = re.compile(r"(?<![0-9분간일주달년\s])\s*전(?:에|까지)")
PAST_TIME = re.compile(r"어제|지난|아까|그저께|엊그제|방금|\byesterday\b|\blast (?:night|week)\b|\bago\b|\bearlier\b")

# A time that names the load, not when to act: "holiday weekend traffic", "friday dinner rush".
_TIMED_LOAD_EN = re.compile(
    r"\b(?:(?:holiday|weekend|tonight'?s?|tomorrow'?s?|friday|saturday|sunday|monday|tuesday|wednesday|thursday"
    r"|morning|evening|night|dinner|lunch|lunchtime|midnight|month-end|year-end)\s+)+"
    r"(?:traffic|rush|peak|surge|spike|load|sale|sales|promo|promotion|event|crowd|launch)\b"
)
# A reason a request gives before it, by its last word: "주말 프로모션 때문에 예약 몰릴 예정이라 x 늘려줘" tells
# when the load comes, not when to act; a reason that is the time itself ("내일 아침이니까 …") still puts it off.
_REASON_MARKS_KO = ("때문에", "이라서", "라서", "이라", "니까", "여서")
# Times that say when, not which load ("내일", "12월 24일에", "tomorrow"); "주말 프로모션" names the
# promotion.
_ADVERB_TIME = re.compile(
    r"내일|모레|이따|나중|다음\s?(?:주|달)|tomorrow|tonight|later|\d+\s*(?:월|일|시)|\d{1,2}:\d{2}"
)
_TIME_WORDS_KO = (
    "내일",
    "모레",
    "주말",
    "아침",
    "저녁",
    "밤",
    "새벽",
    "오후",
    "오전",
    "점심",
    "퇴근",
    "다음",
    "이따",
    "나중",
)


def when_of_request(lowered: str) -> str:
    """The words of a clause that may say when its request is for: without a load named by its time ("holiday
    weekend traffic"), nor a reason given before it ("주말 개봉작 때문에 트래픽 터질 것 같아요")."""
    lowered = _TIMED_LOAD_EN.sub(" ", lowered)
    words = lowered.split()
    cut = None
    for index, word in enumerate(words[:-1]):
        mark = next((m for m in _REASON_MARKS_KO if word.endswith(m)), None)
        if mark is None:
            continue
        head = word[: -len(mark)] or (words[index - 1] if index else "")
        if head and not head.startswith(_TIME_WORDS_KO):
            cut = index
    if cut is None or _ADVERB_TIME.search(" ".join(words[: cut + 1])):
        return lowered  # "내일 스테이징 x는 당분간 안 쓰니까 0개로 내려줘": a time of its own still governs the request
    return " ".join(words[cut + 1 :])


def later(lowered: str, hangul_words: list[str], latin: str, *, past_time: bool) -> bool:
    """Whether a clause puts its request off to another time ("tomorrow", "퇴근 후", "3시에"); `hangul_words` and
    `latin` are its words in each script (mood.py reads them so)."""
    hangul = "".join(hangul_words)
    at_time = any(w in ("때", "때에", "때쯤", "때까지") for w in hangul_words[1:])  # "다음 release window 때"
    return bool(_LATER_EN.search(latin) or _CLOCK_KO.search(lowered) or _LATER_KO.search(hangul) or at_time) or (
        not past_time and bool(_LATER_WEAK_KO.search(hangul) or _BEFORE_KO.search(lowered) or _AFTER_KO.search(lowered))
    )


def opens_with_time(text: str, *, whole: bool = True) -> bool:
    """Whether a clause opens with a time ("tomorrow …", "내일 …"), or (`whole`) is little else."""
    lowered = text.lower().strip()
    if whole and len(lowered.split()) <= 3:
        return True
    first = lowered.split()[0] if lowered else ""
    return bool(_LATER_EN.match(lowered) or _LATER_KO.match(first) or _LATER_WEAK_KO.match(first))
