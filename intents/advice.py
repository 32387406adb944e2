"""
Asking for advice about a change instead of asking for it: an opinion or a permission ("is it
ok to scale x down?", "thoughts on rolling back x?", "would it help?", "재시작해도 괜찮을까요?",
"몇 개가 적당할까?"). The answer is advice, never the change and never a status; read by the
gate (any provider's answer) and by the built-in parser alike.
"""

from __future__ import annotations

import re
import unicodedata

# Asking for an opinion or permission about a change: the answer is advice, not a status ("is it ok to scale
# x down?", "thoughts on rolling back x?", "재시작해도 괜찮을까요?", "내려도 될까?").
EVALUATE = re.compile(
    r"\b(?:(?:ok|okay|safe|fine|alright|wise|risky) to|thoughts on|worth it|worth doing|good idea|bad idea|"
    r"too risky|make sense|really need|even help|actually help|would it help|should (?:we|i))\b"
    # "-어도 괜찮을까요?", not "부탁드려도 될까요"
    r"|(?<!부탁드)(?<!부탁)(?:어도|아도|해도|러도|려도|여도|와도|워도)\s*(?:괜찮|될까|되나|돼|되겠|문제)"
    r"|어떻게\s*생각|\bwhat do you think\b|\byour thoughts\b|\bthoughts\?"
    r"|어떨까|나을까|좋을까|해야\s*할까|적당할까|적당한가|적절할까|적절한가|risk 없을까|리스크 없을까"
)


def evaluates(text: str) -> bool:
    """Whether the text asks for an opinion or permission about a change ("is it ok to scale x down?")."""
    return bool(EVALUATE.search(unicodedata.normalize("NFKC", text).lower()))
