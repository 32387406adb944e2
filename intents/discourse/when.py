"""
The closed classes that put a request off: conditions ("if", "once", -면, -거든, -ㄹ 때) and
times other than now ("tomorrow", "after lunch", "퇴근 전에", "3시에"). Words of the language,
matched like discourse/words.py: Korean in spaceless Hangul, English as whole words.
"""

from __future__ import annotations

# A condition the request waits for.
CONDITION_EN = (
    "if",
    "unless",
    "in case of",
    "provided that",
    "provided",
    "as long as",
    "only if",
    "assuming",
    "whenever",
    "in case",
    "as soon as",
    "once",
    "should it",
    "when",
    "in the event",
)
# "-면" before these is politeness or enough-ness, not a condition: "해주시면 감사하겠습니다", "백 줄이면 돼요".
CONDITION_COURTESY_KO = ("감사", "좋겠", "좋을", "고맙", "돼", "되", "충분", "됩니다", "됨")
# "if" in a courtesy: "it'd be great if you could restart", "if possible".
CONDITION_COURTESY_EN = (
    "if you could",
    "if you can",
    "if possible",
    "if you don't mind",
    "if you would",
    "if that's ok",
    "if that's okay",
)
# Verbs after which "if" means "whether": "check if web is up" asks now.
WHETHER_EN = (
    "check",
    "see",
    "verify",
    "know",
    "tell me",
    "ask",
    "asking",
    "asks",
    "asked",
    "find out",
    "wonder",
    "wondering",
    "sure",
)
# Words ending in "면" that are nouns, not conditions: 화면 (screen), 측면 (side), ...
NOUNS_IN_MYEON = (
    "화면",
    "측면",
    "전면",
    "표면",
    "방면",
    "정면",
    "국면",
    "단면",
    "대면",
    "외면",
    "냉면",
    "도면",
    "장면",
    "지면",
    "평면",
    "후면",
    "노면",
    "수면",
    "체면",
    "라면",
    "반면",
)
# Looking at the evidence, no condition: "대시보드 보면 배포 직후부터 튐", "로그 보면 타임아웃이 찍혀요".
EVIDENCE_KO = ("보면", "보시면", "봐보면", "확인해보면", "확인해 보면")
# "Otherwise": the other branch of a condition.
OTHERWISE_KO = ("아니면", "그렇지않으면", "안그러면", "아님")
# Purpose, not condition: "롤백하려면 어떻게 해?" asks how.
PURPOSE_KO = ("려면", "으려면")
# A time other than now: the request is for later.
LATER_KO = (
    "내일",
    "모레",
    "다음주",
    "다음달",
    "나중에",
    "이따",
    "주말",
    "퇴근전",
    "퇴근후",
    "퇴근하고",
    "점심먹고",
    "점심후",
    "점심시간",
    "회의끝",
    "회의후",
    "자정",
    "오늘밤",
    "고나서",
    "전날",
    "다음날",
    "끝나면",
    "끝나고",
    "때까지",
    "전까지",
    "월요일",
    "화요일",
    "수요일",
    "목요일",
    "금요일",
    "토요일",
    "일요일",
)
# Times of day and "after": later, unless a past time says when something happened ("어제 밤에 배포한 거").
LATER_WEAK_KO = ("시간에", "새벽에", "저녁에", "밤에", "오후에", "아침에", "이후에", "후에", "뒤에", "다음에")
LATER_EN = (
    "tomorrow",
    "tonight",
    "later",
    "later today",
    "after lunch",
    "after",
    "before you leave",
    "before lunch",
    "before eod",
    "when you're back",
    "when you are back",
    "when you get a chance",
    "when you have a sec",
    "when you can",
    "this weekend",
    "every night",
    "every morning",
    "every day",
    "every evening",
    "every week",
    "nightly",
    "weekend",
    "next week",
    "next month",
    "eod",
    "end of day",
    "end of the day",
    "at midnight",
    "at noon",
    "overnight",
    "in the morning",
    "this evening",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "until",
    "till",
)
# Clock times and delays: "at 5pm", "at 17:00", "in 10 minutes".
LATER_CLOCK_EN = (
    r"\bat (?:kickoff|kick-off|launch|go-live|noon|midnight|halftime|half-time|close of business|cob)\b|"
    r"\bat \d{1,2}(?::\d\d)?\s*(?:am|pm)?\b(?!\s*(?:replicas?|pods?|instances?|copies|nodes?|workers?|%))"
    r"|\bin (?:\d+|an?|one|two|few) (?:min|mins|minutes|hours?|hrs?)\b"
    # a clock time that opens the clause ("22:00 deploy x") or says am/pm ("10pm")
    r"|^\d{1,2}:\d\d\b|\b\d{1,2}(?::\d\d)?\s*(?:am|pm)\b"
    # dates: "on the 1st", "dec 24", "on 12/24"
    r"|\bon the \d{1,2}(?:st|nd|rd|th)\b|\bon \d{1,2}/\d{1,2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b"
)
