"""
English verbs that decide a clause's mood by themselves: the verbs a command to the bot opens
with, and the irregular past forms of everyday verbs. Read by mood.py.
"""

from __future__ import annotations

# Verbs a command to the bot opens with: a clause that starts with one is not a statement
# ("check if web is up"), whatever copula follows.
COMMAND_VERBS_EN = (
    "check",
    "show",
    "list",
    "get",
    "give",
    "tell",
    "find",
    "scale",
    "restart",
    "deploy",
    "roll",
    "rollback",
    "revert",
    "bounce",
    "kick",
    "cycle",
    "recycle",
    "ship",
    "put",
    "bump",
    "take",
    "see",
    "verify",
    "make",
    "set",
    "describe",
    "display",
    "fetch",
    "pull",
    "tail",
    "print",
    "look",
    "reboot",
    "redeploy",
    "undo",
    "update",
    "upgrade",
)
# The Korean verbal nouns of the bot's commands: with -(이)요 alone they ask, a request cut short
# ("새 버전 배포요", "재시작요", "로그요").
ACTION_NOUNS_KO = (
    "재시작",
    "재기동",
    "리스타트",
    "배포",
    "롤백",
    "원복",
    "스케일",
    "스케일아웃",
    "스케일인",
    "확장",
    "축소",
    "로그",
    "상태",
)
# Nouns of the reads that ask by themselves, with -(이)요 or alone: "staging 개요", "인그레스 목록이요".
READ_NOUNS_KO = ("목록", "리스트", "현황", "개요", "요약", "이력", "히스토리")
# Irregular past forms of everyday verbs: "kyc-api broke after the deploy" tells, it does not ask.
PAST_VERBS_EN = (
    "broke",
    "went",
    "came",
    "fell",
    "got",
    "took",
    "made",
    "began",
    "ran",
    "did",
    "had",
    "saw",
    "said",
    "told",
    "left",
    "kept",
    "brought",
    "threw",
    "blew",
    "froze",
    "hung",
    "sent",
    "spent",
    "caught",
    "found",
    "lost",
)
