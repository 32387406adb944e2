"""
Who a message asks, by its words: people rather than the bot ("can someone …", "누가 좀 …",
"-주실 분", a title or a name called at the start: "김대리님, …", "민호씨 …", "Jiwoo, …", "@지훈",
a team: "DBA팀에서 …해주세요", "infra team, …").
A Slack mention says the same in markup (markup.py); this is what the words say.
"""

from __future__ import annotations

import re

from intents.discourse.alternatives import alternatives
from intents.discourse.markup import Marked
from intents.spelling import closed_by

# A request put to people rather than to the bot: "can someone restart x", "anyone free to …".
ADDRESS_EN = ("someone", "somebody", "anyone", "anybody", "whoever", "one of you", "any of you")
# Korean: "누가 좀 …해줄래요?", "아무나 …"; and a title or name in -님 opening the message ("김대리님, …").
ADDRESS_KO = (
    "누가좀",
    "누구든",
    "누구라도",
    "아무나",
    "아무라도",
    "하신분",
    "계신분",
    "되시는분",
    "있는분",
    "되는분",
    "주실분",
    "하실분",
    "주신분",
)
# Capitalised words that open a message with a comma and call no one: "Hey, …", "Urgent, …".
NOT_A_NAME_EN = frozenset(
    (
        "hey",
        "hi",
        "hello",
        "ok",
        "okay",
        "please",
        "pls",
        "also",
        "so",
        "well",
        "yes",
        "no",
        "yeah",
        "yep",
        "sorry",
        "thanks",
        "urgent",
        "fyi",
        "update",
        "edit",
        "klepaas",
        "bot",
        "quick",
        "then",
        "now",
        "first",
        "next",
        "again",
        "actually",
        "btw",
        "alright",
        "right",
        "hmm",
        "oh",
        "ah",
    )
)


_SOMEONE = alternatives(ADDRESS_EN)
# "can someone restart x", "someone pls bounce x", "anyone around to roll back x?"
_ASKING_SOMEONE = (
    r"\b(?:can|could|would|will)\s+(?:SOMEONE)\b",
    r"^(?:SOMEONE)\b",
    r"\b(?:SOMEONE)\s+(?:please|pls|plz|free|around|able|available|mind|want)\b",
)
_ADDRESS_EN = re.compile("|".join(_ASKING_SOMEONE).replace("SOMEONE", _SOMEONE))
_ADDRESS_KO = re.compile(alternatives(ADDRESS_KO))
# "누가 확인 좀", "누가 x 재시작해 줄래요": someone is asked
# (not "누가 배포했는지 알려줘": who did it, asked of the bot)
_SOMEONE_KO = re.compile(
    r"(?:^|\s)누가\s+(?:(?!\S*(?:는지|던지|었|했|됐))\S+\s+){0,2}" + r"(?:좀|\S*(?:해|봐)\s?(?:줘|주|줄))"
)
# A title or name called at the start: "김대리님, …", "데스크 당번님 …", "민호씨 …" (a name before 씨: not 날씨)
_VOCATIVE_KO = re.compile(r"^(?:\S+\s+){0,2}(?:[^\s,]*[\uac00-\ud7a3]님|[^\s,]*[\uac00-\ud7a3]{2}씨)(?:[,!\s]|$)")
# a name called at the start: "Jiwoo, can you …", "hey Jisoo, could you …"
_VOCATIVE_EN = re.compile(
    r"^(?:(?:hey|hi|hello|yo|ok|okay|thanks)\s+)?([A-Z][a-z]+)(?:,\s|\s+(?=(?:can|could|would|will) you\b))",
    re.IGNORECASE,
)
# a given name called with -아/-야 ("지훈아", "민수야"): -아 after a closing consonant, -야 after a vowel
_CALLED_KO = re.compile(r"^([\uac00-\ud7a3]{2,3})([아야])[,!\s]")
# words of two or three syllables that end so without calling anyone ("괜찮아", "이제야")
NOT_CALLED_KO = frozenset({"괜찮아", "그래야", "이제야", "지금이야", "드디어야", "급해야", "빨리야"})


# "@jenna could you …", "@지훈 …", "@oncall can someone …": a person or a group, called by a typed handle
_AT_HANDLE = re.compile(r"^@([^\W\d_][\w.-]*)")
# A team asked to do it: "DBA팀에서 x 재시작 해주세요", "인프라 파트에서 …", "infra team, can you …";
# not a team that asked for it or said something ("DBA팀에서 요청 와서 …", "DBA팀 말로는 …").
# (nor the team that uses or made the app: "데이터팀에서 쓰는 api", "-는"/"-ㄴ" before a noun)
_MODIFIER_KO = "(?:" + "|".join(("는", closed_by("ㄴ"))) + ")"
_TEAM_TOLD_KO = (
    *("요청", "연락", "전달", "공지", "문의", "말", "얘기"),
    *("그러", "부탁", "알려", "했", "하셨", "왔", "와서"),
)
_TEAM_KO = re.compile(
    r"^(?:\S+\s+){0,2}?\S*(?:팀|파트|실|담당자?|센터)\s*(?:에서|께서|쪽에서)\s+"
    + rf"(?!\S*(?:{alternatives(_TEAM_TOLD_KO)})|\S*{_MODIFIER_KO}\s)"
)
_TEAM_EN = re.compile(r"^(?:hey\s+)?(?:[\w-]+\s+)?(?:team|squad|folks|guys|crew|on-?call)\s*[,:]", re.IGNORECASE)
_NOT_A_PERSON = frozenset({"klepaas", "here", "channel", "everyone"})


def to_people(marked: Marked) -> bool:
    """Whether the request is put to people, by words: "can someone …", "누가 좀 …", "김대리님, …", "Jiwoo, …"."""
    if _VOCATIVE_KO.match(marked.text):
        return True
    called = _VOCATIVE_EN.match(marked.text)
    if called and called.group(1)[0].isupper() and called.group(1).lower() not in NOT_A_NAME_EN:
        return True
    if _called_ko(marked.text):
        return True
    if _TEAM_KO.match(marked.text) or _TEAM_EN.match(marked.text):
        return True
    handle = _AT_HANDLE.match(marked.text.strip())
    if handle and handle.group(1).lower() not in _NOT_A_PERSON:
        return True
    lowered = marked.text.lower()
    return bool(
        _ADDRESS_EN.search(lowered) or _ADDRESS_KO.search(lowered.replace(" ", "")) or _SOMEONE_KO.search(lowered)
    )


def _called_ko(text: str) -> bool:
    """Whether the message opens by calling a person by name: "지훈아 …", "민수야, …"."""
    called = _CALLED_KO.match(text)
    if called is None or called.group(0).rstrip(",! ") in NOT_CALLED_KO:
        return False
    closed = (ord(called.group(1)[-1]) - 0xAC00) % 28 != 0  # the name's last syllable ends in a consonant
    return closed == (called.group(2) == "아")
