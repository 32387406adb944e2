"""
Whether a number in a message is a count to set or something else: where a change starts
("3개에서 5개로", "from 3 to 5") or an amount to change by ("두 개 더", "by 2",
"2 versions back", "the last 2 deploys"). Only a count to set may become replicas,
lines or a revision; the others leave the value to be asked.
"""

from __future__ import annotations

from intents.builtin.normalize import Kind, Token
from intents.lazy_pattern import LazyPattern

_FROM_KO = LazyPattern(r"^(?:개|대|줄|레플리카|파드|포드|인스턴스)?에서")
_RELATIVE_KO = LazyPattern(
    r"^(?:개|대|레플리카|파드|포드|인스턴스)?만?(?:더|추가|씩|만큼)|^(?:개|대)(?:늘려|늘리|줄여|줄이|빼|없애)"
    r"|^(?:단계|스텝|버전전|개전|번전|개이전|번이전)"
)
# A count a past change set, not the one asked: "어제 12개로 늘린거 다시 3개로", "5개로 올렸던 걸"
_WAS_KO = LazyPattern(
    r"^(?:개|대|레플리카|파드|포드|인스턴스)?(?:으로|로)(?:늘|줄|올|내|바꾸|바꿨|바꾼|맞추|맞췄|맞춘|변경)"
    r"[^줘요\s]{0,2}(?:[린인은한](?:거|것|걸|게)|던)"
)
_COUNTERS = frozenset({"개", "대", "replicas", "replica", "pods", "pod", "instances", "copies"})
_RELATIVE_BEFORE_EN = frozenset({"by", "add", "another", "plus", "extra"})
_RELATIVE_AFTER_EN = frozenset(
    {
        "more",
        "extra",
        "additional",
        "fewer",
        "less",
        "versions",
        "releases",
        "deploys",
        "steps",
        "builds",
        "back",
        "ago",
    }
)


def relation(tokens: tuple[Token, ...], index: int, last: int, rest: str) -> str:
    """ "from" for a starting value, "relative" for a change by an amount ("두 개 더", "by 2"), else ""."""
    before = [t.text for t in tokens[max(0, index - 2) : index]]
    after = [t.text for t in tokens[last + 1 : last + 3]]
    if before[-1:] == ["from"]:
        return "from"
    following = tokens[last + 1 : last + 4]
    if following[:1] and following[0].text in _COUNTERS:
        following = following[1:]  # "3개 → 12개로", "3 pods to 5"
    if [t.text for t in following[:1]] == ["to"] and len(following) >= 2 and following[1].kind is Kind.NUMBER:
        return "from"  # "3 to 5", "3 → 5": where it starts; the count asked for follows
    if _RELATIVE_BEFORE_EN & set(before) or _RELATIVE_AFTER_EN & set(after):
        return "relative"
    tail = rest + "".join(t.text for t in tokens[last + 1 : last + 3] if t.kind is Kind.HANGUL)
    if _FROM_KO.match(tail) or _WAS_KO.match(rest + "".join(t.text for t in tokens[last + 1 : last + 4])):
        return "from"
    return "relative" if _RELATIVE_KO.match(tail) else ""
