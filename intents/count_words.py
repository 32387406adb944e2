"""
How a count is said: a count to set ("to 3", "3개로", "다섯 대"), one by how much ("by 3", "두 개 더"),
one said only roughly ("두세 개 정도"), versions back, and counts that are no count at all ("-3",
"2.5", "반 개"). Words of the language, read by the gate for every provider's answer.
"""

from __future__ import annotations

from intents.lazy_pattern import LazyPattern

# A count by how much: no count to set ("scale x up by 3", "두 개 더")
BY_AMOUNT = LazyPattern(
    r"\bby (?:\d+|one|two|three|four|five|a few|a couple)\b"
    r"|\b(?:\d+|one|two|three|four|five|a few|a couple) (?:more|extra|additional|fewer|less)\b"
    r"|(?:개|대)\s*만?\s*더"
)
# A count said only roughly: which one to set, no one can tell ("두세 개 정도", "2-3 pods", "5 or so")
ROUGH = LazyPattern(
    r"한두|두세|서너|너댓|네다섯|대여섯|예닐곱|\d+\s*[~-]\s*\d+\s*(?:개|대|replicas?|pods?|instances?)"
    r"|(?:개|대)\s*정도|\bor so\b|\b\d+ish\b|\broughly\b|\baround \d|\babout \d|\bapprox"
)
# Versions back past the previous one: no revision the bot can name ("roll x back two versions", "두 버전 전")
VERSIONS_BACK = LazyPattern(
    r"\b(?:two|three|four|five|[2-9]) (?:versions|releases|revisions|deploys|builds)(?: back| ago)?\b"
    r"|(?:두|세|네|다섯|[2-9])\s*(?:버전|단계|리비전|번)\s*(?:전|이전|뒤로)"
)
# Any count said at all: digits, number words, Korean numerals (the short ones before a counter or a particle).
NUMBER_WORDS_EN = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
    *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"),
    *("thirty", "forty", "fifty", "hundred", "dozen"),
)
NUMBERS_KO = ("하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉", "스물", "스무", "서른", "마흔", "쉰")
_SAID_EN = "|".join((*NUMBER_WORDS_EN, "none", "single", "couple", "pair", "half"))
_NUMERALS_KO = "열|한|두|세|석|네|넉|영|일|이|삼|사|오|육|칠|팔|구|십|백"
_COUNTED_KO = rf"(?:{_NUMERALS_KO})\s*(?:개|대|으로|로|레플리카|파드|인스턴스|copies|replicas?|pods?)"
SAID_COUNT = LazyPattern("|".join((r"\d", rf"(?<![A-Za-z])(?:{_SAID_EN})(?![A-Za-z])", *NUMBERS_KO, _COUNTED_KO)))
BAD_COUNT = LazyPattern(
    r"(?:^|[\s(=])[-+\u2212\u2013]\s*\d|\bminus\b|마이너스|음수|\b\d+[.,]\d+\b(?![:/])|\b\d+e\d+\b|\b0x[0-9a-f]+\b|반\s*개"
    r"|\b(?:to|by)\s+\d+\s*%|\d+\s*%\s*(?:로|으로)"  # a share to scale to ("to 50%"), no count
)
# What may follow a change's noun and still be the whole request: numbers, counters, particles
# ("스케일 여섯으로", "레플리카 3대에서 5대로").
NUMERAL_TAIL = LazyPattern(
    # ("스케일아웃 다섯개로요": the direction of a scale before the count, -요 after it)
    r"(?:아웃|인|업|다운)?(?:[일이삼사오육칠팔구십백영공하나둘셋넷다섯여섯일곱여덟아홉열스물서른마흔쉰한두세네]+|개|대|으로|로|에서|까지|만)+요?"
)
# A replica count said without a verb: "→ 8 replicas", "to 3", "3개로", "다섯 대".
COUNT = LazyPattern(
    r"\b(?:to|on|at)\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|zero|a dozen)\b"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|zero|dozen)\s*(?:replicas?|pods?|instances?|copies)\b"
    r"|(?:\d+|dozen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|zero)\s*(?:개|대|으로|로)"
    r"|(?:하나|한|둘|두|셋|세|넷|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:개|대)"
    r"|(?<![\uac00-\ud7a3])(?:둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열|스물|서른)(?:으로|로)"  # "셋으로 맞춰줘"
    r"|(?:replicas?|pods?|instances?|파드|포드|레플리카|리플리카|레플|인스턴스)\s*(?:\d+|하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)"
)
