"""
Numbers that label rather than count: "exit code 137", "HTTP 502", "port 8080", "500 에러", "10분째". Beside
such a word a bare number is no count of lines or replicas (numerals.py asks before it counts one).
"""

from __future__ import annotations

from intents.builtin.normalize import Kind, Token

# Words that make the number beside them a label, not a count: "exit code 137", "HTTP 502", "port 8080", "500 에러".
_LABEL_BEFORE_EN = frozenset(
    {"code", "error", "errno", "status", "http", "port", "pid", "exit", "exited", "issue", "ticket", "pr", "incident"}
)
_LABEL_KO = ("코드", "에러", "오류", "포트", "상태코드", "번호")
_LABEL_AFTER_EN = frozenset(
    {"error", "errors", "errno", "status", "min", "mins", "minutes", "sec", "secs", "seconds", "hours", "hrs", "ms"}
)
_DURATION_KO = ("분", "초", "시간", "일째", "주째", "달째", "개월")  # "10분째 안 들어와요": how long, not how many
# An HTTP status as people name it: "they get a 500", "returning 502", "throws 503 on checkout".
_STATUS_BEFORE_EN = frozenset({"a", "an", "get", "got", "gets", "getting", "return", "returns", "returning", "throws"})


def labels(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether the number at `index` is a label ("exit code 137", "502 error", "포트 8080"), which counts nothing."""
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    for near, english in ((before, _LABEL_BEFORE_EN), (after, _LABEL_AFTER_EN)):
        if near is None:
            continue
        if near.kind is Kind.HANGUL and near.text.startswith(_LABEL_KO) or near.text in english:
            return True
    if after is not None and after.kind is Kind.HANGUL and after.text.startswith(_DURATION_KO):
        return True
    status = tokens[index].text.isdigit() and 400 <= int(tokens[index].text) <= 599
    return status and before is not None and before.text in _STATUS_BEFORE_EN
