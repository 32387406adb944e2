"""
Taking back what came before: a clause that withdraws the request before it ("…scratch that",
"edit: never mind", "아 아니다 취소", "요청 무시해 주세요", "false alarm"), or a correction
alone ("sorry,", "정정,"). message.py withdraws every clause before the last such one.
"""

from __future__ import annotations

import re

from intents.discourse.alternatives import alternatives

# A clause that takes back what came before it: "…scratch that", "아 아니다 취소".
RETRACT_EN = (
    "scratch that",
    "never mind",
    "nevermind",
    "nvm",
    "forget it",
    "forget that",
    "ignore that",
    "ignore me",
    "disregard that",
    "cancel that",
    "cancel it",
    "hold off",
    "hold on",
    "hang on",
    "not yet",
    "don't do it",
    "don't do that",
    "stand down",
    "wait no",
    "false alarm",
)
RETRACT_KO = (
    "아니다",
    "아니야",
    "아냐",
    "아니에요",
    "아닙니다",
    "됐어",
    "됐다",
    "됐습니다",
    "취소",
    "취소요",
    "무시해",
    "무시하세요",
    "잘못 말했",
    "잘못 보냈",
    "잘못 썼",
)
# A clause of nothing but a correction: what came before is taken back ("five replicas. sorry, six").
RETRACT_ALONE = (
    "sorry",
    "i mean",
    "correction",
    "make that",
    "no wait",
    "wait no",
    "nah",
    "nope",
    "no no",
    "no no no",
    "정정",
    "아니",
    "아 아니",
    "정정합니다",
    "패스",
    "ㄴㄴ",
)
# Taking back a request anywhere in a clause: "방금 그 요청 무시해 주세요", "ignore my last message".
RETRACT_ANYWHERE = (
    "요청 무시",
    "요청은 무시",
    "말 무시",
    "ignore my last",
    "ignore that request",
    "ignore the last",
    "disregard my last",
    "disregard that",
    "my bad",
    "false alarm",
    "하려다가",
    "무시하세요",
    "무시해주세요",
    "무시해 주세요",
    "하려다 ",
)


_INTERJECTION = (
    r"(?:(?:oh|ah|uh|um|hmm|wait|actually|no|sorry|edit|edited|update|ps|아|어|앗|엇|음|잠깐|아니|아이고|헐|ㄴㄴ+)\W+)*"
)
_RETRACT = re.compile(
    rf"^\W*{_INTERJECTION}(?:(?:{alternatives(RETRACT_EN)})\b|(?:{alternatives(RETRACT_KO)})(?!\S*[\uac00-\ud7a3]\s))"
)

# A clause that opens with a "no" and drops something: "아 잠깐 ㄴㄴ 원인 다른 데 있음 무시해줘", "no no, cancel it".
_NO_OPENING = re.compile(rf"^\W*{_INTERJECTION}(?:ㄴㄴ+|아니|no|nope|nah)(?:\W|$)")
_DROPPED = ("무시", "취소", "안 해도", "안해도", "없던 걸로", "ignore", "cancel", "no need", "don't")

_RETRACT_ANYWHERE = re.compile("|".join((alternatives(RETRACT_ANYWHERE), r"(?:^|\s)취소!")))  # not "배포 취소해줘"


# What opens a correction and says what is meant instead: "아 아니 재시작 해주세요", "no wait, roll it back"
# (message.py takes it as one when what follows is a command; correction.py when a value follows).
CORRECTING = ("아 아니", "아니 아니", "아니", "no wait", "wait no", "nah", "nope", "i mean", "correction", "정정")
_CORRECTING = re.compile(rf"^\W*(?:{alternatives(CORRECTING)})\W+(?=\S)", re.IGNORECASE)


def correcting_rest(text: str) -> str:
    """What a clause that opens as a correction says after the opener; "" for any other clause."""
    opened = _CORRECTING.match(text)
    return text[opened.end() :].strip(" ,.!:") if opened else ""


def said_instead(text: str) -> str:
    """What a clause that opens by taking back says after it: "아 아니다 api 재시작해줘" -> "api 재시작해줘"."""
    opened = _RETRACT.match(text.lower())
    return text[opened.end() :].strip(" ,.!:") if opened else ""


def retracts(text: str) -> bool:
    """Whether a clause takes back what came before it (see the module docstring)."""
    lowered = text.lower()
    alone = lowered.strip(" .!?:") in RETRACT_ALONE
    dropped = _NO_OPENING.match(lowered) is not None and any(word in lowered for word in _DROPPED)
    return bool(alone or dropped or _RETRACT.match(lowered) or _RETRACT_ANYWHERE.search(lowered))
