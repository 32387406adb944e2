"""
The closed classes that carry a clause's mood, in Korean and English.

These are words of the language — connectives, auxiliaries, endings, time and condition
phrases — never names or phrases of any one message. Korean entries are matched in a
clause's Hangul with the spaces taken out; English entries are alternatives of a regular
expression over the lowercased clause, whole words.
"""

from __future__ import annotations

# --- where a message divides into clauses --------------------------------------------------
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
    "actually",
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
)

# --- mood ----------------------------------------------------------------------------------
# A request to the reader: Korean endings and auxiliaries of giving, asking, proposing.
REQUEST_KO = tuple(
    "줘 주세 주실 주시 주십 줄래 줄수 주라 쥬 주삼 부탁 바랍 바래요 합시다 하세요 하셈 ㄱㄱ 고고 좀 가능".split()
    + ["필요합", "필요해"]
)
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
    "가요",
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
STATEMENT_KO = ("됨", "음", "임", "네", "네요", "다", "어요", "아요", "져요", "요", "거든요", "는데", "던데", "완료")
# A clause that gives the reason for another: "since the deploy …", "because …", "결승이라서", "급하니까".
REASON_EN = ("because", "since", "cuz", "coz", "bc", "as")
REASON_KO = ("라서", "이라서", "니까", "때문에", "기에", "길래")
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
)
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

# --- who is asked ----------------------------------------------------------------------------
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
    "wait no",
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
RETRACT_ALONE = ("sorry", "i mean", "correction", "make that", "no wait", "정정", "아니", "아 아니", "정정합니다")
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
)
