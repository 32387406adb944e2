"""
The closed classes that carry a clause's mood, in Korean and English.

These are words of the language — connectives, auxiliaries, endings, time and condition
phrases — never names or phrases of any one message. Korean entries are matched in a
clause's Hangul with the spaces taken out; English entries are alternatives of a regular
expression over the lowercased clause, whole words.
"""

from __future__ import annotations

# --- mood ----------------------------------------------------------------------------------
# A request to the reader: Korean endings and auxiliaries of giving, asking, proposing.
REQUEST_KO = tuple(
    "줘 주세 주실 주시 주십 줄래 줄수 주라 쥬 주삼 부탁 바랍 바래요 합시다 하세요 하셈 ㄱㄱ 고고 좀 가능".split()
    + ["필요합", "필요해", "요청드", "요청합"]
)
# Endings that ask only at the end of a word: "재시작해", "하자", "ㄱ" ("해" inside "해결" asks nothing).
REQUEST_END_KO = (
    "해",
    "해요",
    "해라",
    "하자",
    "해봐",
    "해놔",
    "해둬",
    "시켜",
    "가자",
    # a proposal: "재시작으로 가죠", "롤백하시죠", "그렇게 갑시다"
    "가죠",
    "하죠",
    "가시죠",
    "하시죠",
    "갑시다",
    "ㄱ",
    "좀",
    # polite -아요/-어요 of the verbs of a change ask, as "해요" does: "두 개로 줄여요"
    "줄여요",
    "늘려요",
    "올려요",
    "내려요",
    "돌려요",
    "바꿔요",
    "띄워요",
    "켜요",
)
REQUEST_EN = (
    "please",
    "pls",
    "plz",
    "kindly",
    "can you",
    "could you",
    "would you",
    "will you",
    "can we get",
    "could we get",
    "can i get",
    "could i get",
    "can we have",
    "can i have",
    "may i have",
    "can u",
    "could u",
    "let's",
    "lets",
    "let me",
    "lemme",
    "help me",
    "if you could",
    "be great if",
    "be nice if",
    "could use",
    "would be great",
    "would be nice",
    "would be appreciated",
    "would be helpful",
    "would help",
    "i'd like",
    "would like",
    "go ahead and",
    "need you to",
    "i need",
    "we need",
    "needs",
)
# Prohibition: the clause withdraws or forbids what it names.
PROHIBIT_KO = ("하지마", "지마", "지말", "말고", "마세요", "마라", "말아", "금지", "하면안", "필요없")
PROHIBIT_EN = (
    "don't",
    "dont",
    "do not",
    "never",
    "no need to",
    "not",
    "no",
    "stop",
    "avoid",
    "without",
    "nobody",
    "skip",
    "hands off",
    "hold off",
    "no one",
    "noone",
    "no-one",
)
# Past and done: a report of what happened, not a request.
PAST_KO = ("이미", "벌써")
PAST_EN = ("already", "just did")
# The speaker's own intention: "롤백할게요", "I'll restart it" — not a request to the bot.
INTENT_KO = (
    "할게",
    "할께",
    "할거",
    "할 거",
    "할겁",
    "하겠습니다",
    "하려고",
    "하려구",
    "려구요",
    "려고요",
    "할예정",
    "할 예정",
    "해볼게",
    "해둘게",
    "하겠음",
)
INTENT_EN = (
    "i'll",
    "i will",
    "i'm going to",
    "im going to",
    "i am going to",
    "we'll",
    "we will",
    "i'm gonna",
    "gonna",
    "going to",
)
# A question: it asks, it does not request (English openers; Korean endings at the clause's end).
QUESTION_OPEN_EN = (
    "would",
    "could",
    "can",
    "will",
    "might",
    "may",
    "did",
    "was",
    "were",
    "has",
    "have",
    "had",
    "should",
    "shall",
    "is",
    "are",
    "do",
    "does",
    "why",
    "when",
    "who",
    "what",
    "which",
    "how",
    "where",
    "whether",
    "any",
)
# Korean question words: "주소 뭐였지" asks, though it ends like a past statement.
QUESTION_WORDS_KO = (
    "뭐",
    "뭔",
    "무슨",
    "어디",
    "언제",
    "누가",
    "누구",
    "몇",
    "어떻",
    "어때",
    "어떤",
    "어떰",
    "어땠",
    "왜",
    "어느",
    "얼마",
)
QUESTION_END_KO = (
    "까",
    "까요",
    "는지요",
    "나요",
    "나",
    "니",
    "냐",
    "는지",
    "ㄹ래",
    "을래",
    "어때",
    "죠",
    "지요",
)
# One-syllable -ㅁ forms of light verbs that close a report ("안 됨", "504 뜸"); other one-syllable
# words in ㅁ are nouns (봄, 밤, 힘). Longer words in ㅁ that are nouns, not the ending:
NOMINAL_SHORT_KO = ("됨", "함", "뜸", "옴", "감", "남", "씀", "줌", "뺌")
NOUNS_IN_MIEUM = (
    "다음",
    "처음",
    "마음",
    "지금",
    "요즘",
    "사람",
    "시스템",
    "프로그램",
    "스트림",
    "알림",
    "플랫폼",
    "이름",
)
# A statement about how things are ("it's stuck", "결제 안 됨"): Korean endings, English copulas.
STATEMENT_KO = (
    "됨",
    "음",
    "임",
    "네",
    "네요",
    "다",
    "어요",
    "아요",
    "져요",
    "요",
    "거든요",
    "는데",
    "던데",
    "완료",
    # what seems so: "지금은 괜찮은 듯", "된 듯요"
    "듯",
    "듯요",
    "듯해요",
    "듯합니다",
    # reported speech: "테스트 한대", "안 된대", "했대"
    "한대",
    "된대",
    "는대",
    "했대",
    "난대",
)
