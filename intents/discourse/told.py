"""
What a clause tells beside a request, and so asks nothing itself: a reason ("since the deploy …",
"결승이라서", "안 보여서"), a purpose ("to pick a rollback target", "…보려고"), how things are in an
adjective that ends like a request ("숫자가 이상해요"), that it was heard ("확인", "roger"), a notice
("참고하세요", "FYI") or a wish ("롤백하고 싶다"). Words of the language, read by mood.py.
"""

from __future__ import annotations

from intents.spelling import jamo

# Adjectives in -하다 whose -해요 tells how things are ("숫자가 이상해요", "좀 급해요"), never asks.
DESCRIPTIVE_HA_KO = (
    "이상",
    "급",
    "심",
    "불안",
    "답답",
    "느릿",
    "비슷",
    "필요",
    "가능",
    "충분",
    "조용",
    "심각",
    "위험",
    "확실",
    "애매",
    "특이",
    "중요",
    "궁금",
    "피곤",
    "미안",
    "죄송",
    "다행",
    "곤란",
    "난감",
    "멀쩡",
    "깨끗",
    "무사",
    "잠잠",
    "한산",
    "원활",
)
# A field that tells the context of a request, not the request: "이유: 배포 후 오류", "why: buffer full".
LABELS = (
    *("이유", "사유", "원인", "배경", "증상", "참고"),
    *("why", "reason", "cause", "context", "impact", "symptom", "fyi"),
)
# A clause that gives the reason for another: "since the deploy …", "because …", "결승이라서", "급하니까".
REASON_EN = ("because", "since", "cuz", "coz", "bc", "as")
REASON_KO = ("라서", "이라서", "니까", "때문에", "기에", "길래")
# A purpose told after a request: "어느 리비전으로 돌릴지 보려고", "to pick a rollback target".
PURPOSE_KO = ("보려고", "알려고", "찾으려고", "고르려고", "정하려고", "확인하려고")
PURPOSE_EN = ("need it for", "needed for", "need to pick", "to pick", "so i can", "so we can", "in order to")

# A clause that only acknowledges: "확인.", "넵", "roger".
ACKNOWLEDGE = frozenset(
    {"확인", "확인했습니다", "확인했어요", "확인요", "넵", "네", "넹", "ㅇㅋ", "ㅇㅇ", "오키", "알겠습니다", "알겠어요"}
    | {"ok", "okay", "k", "roger", "got it", "noted", "ack", "ack'd", "will do", "on it", "copy", "copy that"}
    # working on it, told: "looking into it", "보는 중"
    | {"looking into it", "looking into this", "looking into that", "investigating", "i'm on it", "im on it"}
    | {"보는 중", "보는중", "확인 중", "확인중", "확인 중입니다", "보고 있어요", "보고 있습니다"}
)
# A notice that asks nothing but to be read: "…줄여놨어요 참고하세요", "FYI".
NOTICE = frozenset(
    {"참고하세요", "참고해주세요", "참고해 주세요", "참고 바랍니다", "참고바랍니다", "참고 부탁드립니다", "참고요"}
    | {"fyi", "for your information", "just fyi", "for reference", "heads up"}
)
# A wish in the plain form: "롤백하고 싶다", "배포하고 싶네" (the polite "싶어요" may ask, as "I'd like" does).
WISH_KO = ("싶다", "싶네", "싶음", "싶군", "싶당")

# the vowels of the connective -아서/-어서 as it fuses with the stem: 보여서, 느려서, 해서, 돼서, 와서, 줘서, 안 돼서
# (not ㅔ: the place "에서")
_FUSED_VOWELS = "ㅏㅐㅓㅕㅘㅙㅝ"


def tells_reason(word: str) -> bool:
    """Whether a clause's last word gives a reason: "…라서", "…니까", and -아서/-어서 ("빌드 올렸는데 안 보여서")."""
    if word.endswith(REASON_KO):
        return True
    if len(word) < 2 or not word.endswith("서"):
        return False
    letters = jamo(word[-2])  # lead and vowel, and no final consonant
    return len(letters) == 2 and letters[1] in _FUSED_VOWELS


# Words of a clause that says how things are: "it's down", "api answers fine", "we'd lose the lock".
STATEMENT_EN = (
    "it's",
    "it is",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "doesn't",
    "didn't",
    "can't",
    "cannot",
    "won't",
    "hasn't",
    "haven't",
    "we're",
    "they're",
    "you're",
    "i'm",
    "he's",
    "she's",
    "we've",
    "has",
    "say",
    "says",
    "report",
    "complain",
    "complaining",
    "they've",
    "i think",
    "i guess",
    "looks like",
    "looks",
    "seems",
    "feels",
    "is",
    "are",
    "was",
    "were",
    "keeps",
    "has been",
    "have been",
    "there's",
    "something's",
    "nothing's",
    "everything's",
    "that's",
    "there is",
    "we have",
    "i have",
    "getting",
    # how an app behaves: "api answers fine", "the page loads but hangs"
    "answers",
    "responds",
    "works",
    "loads",
    "hangs",
    "returns",
    "serves",
    "behaves",
    # what would happen, told: "we'd lose the carrier lock", "it'll drop the queue"
    "we'd",
    "it'd",
    "they'd",
    "that'd",
    "we'll",
    "it'll",
    # what happens next, told: "weekend event starts in 5 min"
    "starts",
    "begins",
    "kicks off",
)
