"""
The mood of one clause, from the closed classes that carry it (discourse/words.py).

Korean marks mood with endings: a request (-아/어 줘, -주세요, -해, -하자), the past
(-었/았), an intention (-ㄹ게), a condition (-면, -거든, -ㄹ 때), a question (-까, -나, -니),
a prohibition (-지 마). English marks it with auxiliaries and word order: "please",
"can you", "don't", "I'll", "if", "did …?", a subject and a copula for a statement.
Time phrases ("tomorrow", "after lunch", "퇴근 전에", "3시에") put a request off until later.

The strongest mark decides: prohibition, then condition, intention, later, past, then a
request; a clause without any mark is terse ("web 재시작", "scale web 3"), which in chat is a
request too.
"""

from __future__ import annotations

import enum
import functools
import re

from intents.discourse import timing, told, verbs, when, words
from intents.discourse.alternatives import alternatives, whole
from intents.lazy_pattern import LazyPattern
from intents.spelling import closed_by


class Mood(enum.StrEnum):
    DIRECTIVE = "directive"  # asks the reader to do something
    TERSE = "terse"  # no mark at all: a command as typed, or a fragment ("last 80 lines")
    QUESTION = "question"  # asks how things are
    STATEMENT = "statement"  # says how things are
    PAST = "past"  # says what was done
    INTENTION = "intention"  # says what the speaker will do
    LATER = "later"  # a request for another time
    CONDITION = "condition"  # a request that waits for a condition
    PROHIBITION = "prohibition"  # forbids or withdraws what it names


def _en(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(whole(phrases))


_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+")
_PROHIBIT_EN = re.compile(
    r"^(?:(?:please|pls|plz|just|and|but|so|actually|reminder|fyi|psa|note|heads up|ok|okay|wait)\W*\s+)*"
    + r"(?:"
    + alternatives(words.PROHIBIT_EN)
    + r")\b"
)
_PROHIBIT_KO = re.compile(alternatives(words.PROHIBIT_KO))
_PAST_EN = _en(words.PAST_EN)
_DONE_EN = re.compile(r"^(?:i|we|they|he|she|someone|somebody)\s+(?:" + alternatives(words.PAST_EN) + r")\b")
_PAST_KO = LazyPattern("(?:" + alternatives(words.PAST_KO) + r")(?!지)")
# The endings that may follow the past -았/었/였 ("끝났어", "재시작했습니다", "올렸는데", "됐음").
_AFTER_PAST_KO = re.compile(r"(?:어요|어|다|습니다|음|는데|지|고|네|더니|던|요)?$")
_INTENT_EN = LazyPattern(r"(?:^|\b(?:i|we)\s)(?:" + alternatives(words.INTENT_EN) + r")\b|^(?:i|we)\s(?:will|shall)\b")
_INTENT_KO = LazyPattern(alternatives(tuple(w.replace(" ", "") for w in words.INTENT_KO)))
_COURTESY_EN = _en(when.CONDITION_COURTESY_EN)
_WHETHER_EN = re.compile(r"\b(?:" + alternatives(when.WHETHER_EN) + r")\s+(?:if|whether|when)\b")
_REQUEST_EN = _en(words.REQUEST_EN)
_REQUEST_KO_ANY = re.compile(alternatives(words.REQUEST_KO))
_REQUEST_KO_END = LazyPattern("(?:" + alternatives(words.REQUEST_END_KO) + ")$")
_QUESTION_EN = re.compile(r"^(?:" + alternatives(words.QUESTION_OPEN_EN) + r")\b")
# (-가요 asks after -ㄴ/-는: "괜찮은가요", "된 건가요"; "나가요" (goes out) tells)
_QUESTION_KO = re.compile(r"(?:" + alternatives(words.QUESTION_END_KO) + rf"|(?:는|{closed_by('ㄴ')})가요)$")
_STATEMENT_EN = _en(told.STATEMENT_EN)
# A subject and a verb in -ed ("I restarted it", "the deploy failed"), or an irregular past ("broke").
# A verb in -ed after the clause's first word, not an adjective after an article ("the failed pod").
_PAST_VERB_EN = re.compile(
    r"^\S+\s+(?:.*\s)?(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bmy )(?<!\bour )(?<!\bthis )(?<!\bthat )"
    r"(?!hundred\b)[a-z]+[^e\W]ed\b|" + whole(verbs.PAST_VERBS_EN)
)
# (not a verb that is the subject: "restart won't fix the backlog", "a rollback is risky")
_COMMAND_EN = LazyPattern(
    r"^(?:(?:please|pls|plz|just|then|and|also|so|now)\s+)*(?:"
    + alternatives(verbs.COMMAND_VERBS_EN)
    + r")(?![\w-])(?!\s+(?:won't|wont|will|would|doesn't|didn't|isn't|wasn't|is|was|can't|might|may|should)\b)"
)
_STATEMENT_KO = re.compile(r"(?:" + alternatives(words.STATEMENT_KO) + r")$")
# "if … the taproom can't tap a keg tonight": a subject and a modal after the condition tell what follows.
_CONSEQUENCE_EN = re.compile(r"^if\s.+\s(?:we|they|it|the\s\w+|\w+s)\s+(?:can't|cannot|won't|will|would|is going to)\b")
# A clause that opens with its subject tells ("I feel like we restart x too often"); a request opens with a verb.
_SUBJECT_EN = re.compile(r"^(?:i|we|they|he|she|people|everyone|everybody)\s+(?!need\b|want\b|'d\b|would\b)")
_PURPOSE_EN = re.compile(r"^(?:" + alternatives(told.PURPOSE_EN) + r")\b")
_REASON_EN = re.compile(r"^(?:" + alternatives(told.REASON_EN) + r")\s")
_SUBJECT_GONE = re.compile(r"^(?:is|are|was|were)\s+(?:asking|wondering|checking|saying|reporting|complaining)\b")
_NAMED_FIRST = re.compile(r"^[a-z0-9][a-z0-9.-]*\s*:\s+")
_ASIDE = re.compile(r"[()\[\]]")
_THANKS_EN = re.compile(r"^(?:thanks|thank you|thx|ty|kudos|cheers)\b(?:\s+\w+)?\s+for\b")
_COUNT_TO = re.compile(r"(?:\d|개|대|레플리카|버전|리비전)(?:으로|로)$")
_WISH_EN = re.compile(
    r"\b(?:i|we) wish\b|\b(?:i'd|i would|we'd|we would) love to\b|\bif only\b"
    # what the speaker would do, an opinion: "I'd roll back x honestly", "I would just bounce it"; not "I'd like"
    r"|^(?:honestly\s+|tbh\s+)?(?:i'd|i would|id)\s+(?!like\b|love\b|appreciate\b|be\b|prefer\b|want\b)"
)
_LEADING = re.compile(r"^(?:(?:yo|hey|hi|hello|ok|okay|alright|um|uh|hmm|oh|ah|so|well)\b[\s,!.]*)+")
_LABEL = re.compile(r"^[•*-]?\s*(?:" + alternatives(told.LABELS) + r")\s*:")
_RIEUL = 8  # the final consonants ㄹ and ㅁ, as Unicode composes Hangul syllables
_MIEUM = 16
_SSANG_SIOS = 20  # the final consonant of the past -았/었
_VOWEL_I, _VOWEL_E = 20, 5  # 있 "there is", 겠 "will"


def _final(word: str) -> int:
    """The final consonant of a word's last syllable (0: none, or not Hangul)."""
    last = word[-1:]
    return (ord(last) - 0xAC00) % 28 if last and "\uac00" <= last <= "\ud7a3" else 0


def _past_ending(word: str) -> bool:
    """A word in the past: -았/었/였 (a syllable closed by ㅆ), not 있 "there is" nor -겠 "will"."""
    stem = _AFTER_PAST_KO.sub("", word, count=1)
    last = stem[-1:]
    if not last or not "\uac00" <= last <= "\ud7a3":
        return False
    syllable = ord(last) - 0xAC00
    return syllable % 28 == _SSANG_SIOS and (syllable // 28) % 21 not in (_VOWEL_I, _VOWEL_E)


def _ends_in_rieul(word: str) -> bool:
    return _final(word) == _RIEUL


def _nominal(word: str) -> bool:
    """A clause closed by the -(으)ㅁ noun ending: "안 찍힘", "실패함", "504 뜸" report, they do not ask."""
    if len(word) == 1:
        return word in words.NOMINAL_SHORT_KO
    return _final(word) == _MIEUM and not word.endswith(words.NOUNS_IN_MIEUM)


def _korean_condition(hangul_words: list[str], lowered: str) -> bool:
    """-면, -거든, -ㄹ 때 / 경우: "넘으면", "실패하거든", "죽을 때", "터질 경우"."""
    said = lowered.split()
    for index, word in enumerate(hangul_words):
        if word.endswith("면") and len(word) > 1 and word not in when.NOUNS_IN_MYEON and word not in when.EVIDENCE_KO:
            at = next((i for i, w in enumerate(said) if w.startswith(word) or word in w), -1)
            following = said[at + 1] if 0 <= at < len(said) - 1 else ""
            if not word.endswith(when.PURPOSE_KO) and not following.startswith(when.CONDITION_COURTESY_KO):
                return True
        if "거든" in word and not word.endswith(("거든요", "거든요?")) and index < len(hangul_words) - 1:
            return True
        # (not "때문에", because: "세일 때문에")
        if (
            word.startswith(("때", "경우"))
            and not word.startswith("때문")
            and index
            and _ends_in_rieul(hangul_words[index - 1])
        ):
            return True
        if word.startswith(("경우", "순간")) and index and hangul_words[index - 1].endswith(("는", "은", "던")):
            return True  # "에러가 계속되는 경우에만", "2초 넘는 순간"
        if word.endswith(("자마자", "는대로")):
            return True  # "배포 끝나자마자", "준비되는대로"
        if word.startswith("대로") and index and hangul_words[index - 1].endswith("는"):
            return True  # "점검 끝나는 대로"
    return False


_WHEN_INVERTED = [[w] for w in ("was", "did", "is", "were", "does", "do", "will", "can", "are", "has", "have")]


def _descriptive(word: str) -> bool:
    """An adjective in -해요/-해 ("이상해요", "급해"): it tells, though it ends like a request."""
    stem = word.removesuffix("요").removesuffix("해")
    return stem != word and stem.endswith(told.DESCRIPTIVE_HA_KO)


def _cut_short(word: str) -> bool:
    """A verbal noun of a command with -(이)요 alone: "배포요", "재시작이요" ask, cut short; so does the noun
    of a read alone or with -(이)요: "staging 개요", "인그레스 목록이요"."""
    word = word.rstrip("~?!.")
    if word.endswith(verbs.READ_NOUNS_KO):
        return True
    stem = word.removesuffix("요")
    if stem == word:
        return False
    nouns = (*verbs.ACTION_NOUNS_KO, *verbs.READ_NOUNS_KO)
    return stem.removesuffix("이").endswith(nouns) or bool(_COUNT_TO.search(stem))  # "다섯개로요"


def _stated(latin: str, hangul_words: list[str]) -> bool:
    told = _STATEMENT_EN.search(latin) or _PAST_VERB_EN.search(latin) or _SUBJECT_EN.match(latin)
    return bool(told and not _COMMAND_EN.match(latin)) or bool(
        hangul_words
        and not _cut_short(hangul_words[-1])  # "재시작이요", "배포요": a request cut short, not a statement
        and (_STATEMENT_KO.search(hangul_words[-1]) or _nominal(hangul_words[-1]))
    )


@functools.lru_cache(maxsize=4096)
def tells(text: str) -> bool:
    """Whether a clause says how things are, and neither asks nor questions ("내일 배치가 안 돌아요")."""
    lowered = text.lower().strip()
    hangul_words = _HANGUL.findall(lowered)
    latin = " ".join(_HANGUL.sub(" ", lowered).split())
    reason = bool(_REASON_EN.match(latin) or (hangul_words and hangul_words[-1].endswith(told.REASON_KO)))
    if not (_stated(latin, hangul_words) or reason) or lowered.endswith("?"):
        return False
    return not (_REQUEST_EN.search(latin) or _REQUEST_KO_ANY.search("".join(hangul_words)))


def consequence_told(text: str) -> bool:
    """A condition with its consequence told ("글 올리면 에러 난대요", "if it stays wedged the taproom can't
    open"): a reason, not a request that waits."""
    if _CONSEQUENCE_EN.search(text.lower()):
        return True
    hangul_words = _HANGUL.findall(text.lower())
    if any(w in when.OTHERWISE_KO for w in hangul_words):
        return False  # "아니면 그대로 두고요": the other branch of the condition, still waiting on it
    conditional = hangul_words[:-1] and _korean_condition(hangul_words[:-1], text.lower())
    return bool(conditional) and tells(text)


def _scripts(lowered: str) -> tuple[list[str], str]:
    """The Hangul words of a clause, and its Latin words without a leading "hey"/"ok"."""
    return _HANGUL.findall(lowered), _LEADING.sub("", " ".join(_HANGUL.sub(" ", lowered).split()))


@functools.lru_cache(maxsize=4096)
def mood(text: str) -> Mood:
    """The mood of one clause (see the module docstring)."""
    lowered = " ".join(_ASIDE.sub(" ", text.lower()).split())  # "점검 시간(새벽 4시)에": the aside is read in place
    if lowered.strip(" .!~") in told.ACKNOWLEDGE or lowered.strip(" .!~:") in told.NOTICE:
        return Mood.STATEMENT  # "확인.", "ㅇㅋ", "roger", "참고하세요": heard, or to be read, and asks nothing
    if _LABEL.match(lowered):
        return Mood.STATEMENT  # "이유: 어제 배포 후 오류": the context of a request, told
    if _SUBJECT_GONE.match(lowered):
        return Mood.STATEMENT  # "<#C…|ops> is asking if …": a mention was the subject, this tells what it does
    hangul_words, latin = _scripts(lowered)
    hangul = "".join(hangul_words)
    asks = bool(_REQUEST_EN.search(latin) or _REQUEST_KO_ANY.search(hangul))
    asks = asks or any(_REQUEST_KO_END.search(w) and not _descriptive(w) for w in hangul_words[-2:])
    asks = asks or bool(hangul_words and _cut_short(hangul_words[-1]))
    question = lowered.endswith("?") or bool(_QUESTION_EN.match(latin) and not hangul)
    question = question or bool(hangul_words and _QUESTION_KO.search(hangul_words[-1].rstrip("?")))
    question = question or any(w.startswith(words.QUESTION_WORDS_KO) for w in hangul_words)
    stated = _stated(latin, hangul_words)
    whether = bool(_WHETHER_EN.search(latin)) or bool(_COURTESY_EN.search(latin))
    # "when did web break?" asks; "when the queue passes 500, bump web" waits for it (no "?", no inversion)
    when_asks = latin.startswith("when") and (lowered.endswith("?") or latin.split()[1:2] in _WHEN_INVERTED)
    conditional = timing.conditional_en(latin)
    if (conditional and not whether and not when_asks) or _korean_condition(hangul_words, lowered):
        return Mood.CONDITION
    if latin.startswith("should ") and not lowered.endswith("?") and not latin.startswith(("should we", "should i")):
        return Mood.CONDITION  # "should x keep timing out, bounce it": "if x keeps timing out"
    past_time = bool(timing.PAST_TIME.search(lowered))
    timed = timing.when_of_request(lowered)
    later = timing.later(timed, *_scripts(timed), past_time=past_time)
    # "who restarted x at 3am?": when it happened; "after the close, which port is x exposed on?" still waits
    later = later and not (
        question and _PAST_VERB_EN.search(latin) and not timing.opens_with_time(lowered, whole=False)
    )
    # a telling clause may say when something happened ("broke after the deploy"); one that opens
    # with the time ("tomorrow, …", "내일 …") is put off, whatever follows
    if later and (not (stated and not asks and not question) or timing.opens_with_time(lowered, whole=False)):
        return Mood.LATER
    if _PROHIBIT_EN.match(latin) or _PROHIBIT_KO.search(hangul):
        return Mood.PROHIBITION
    if _DONE_EN.match(latin):  # "I already …": told, whatever follows
        return Mood.PAST
    if any(w.startswith("싶") and w.rstrip("ㅠㅜ") in told.WISH_KO for w in hangul_words):
        return Mood.STATEMENT  # "롤백 ㄱ 하고 싶다 진짜": a wish, told
    if _THANKS_EN.match(latin):
        return Mood.STATEMENT  # "thanks for the quick rollback on x"
    if _WISH_EN.search(latin):
        return Mood.STATEMENT  # "I'd love to scale x to 10 and go home", "I wish we could just redeploy x"
    if not asks and (_INTENT_EN.search(latin) or _INTENT_KO.search(hangul)):
        return Mood.INTENTION
    if not asks and not question and (_PAST_EN.search(latin) or _PAST_KO.search(hangul)):
        return Mood.PAST
    if not asks and hangul_words and _past_ending(hangul_words[-1]) and not question:
        return Mood.PAST
    if not asks and (_PURPOSE_EN.match(latin) or (hangul_words and hangul_words[-1].endswith(told.PURPOSE_KO))):
        return Mood.STATEMENT  # a purpose told after a request asks nothing itself
    if asks:
        return Mood.DIRECTIVE
    if question:
        return Mood.QUESTION
    if stated or _REASON_EN.match(latin) or (hangul_words and told.tells_reason(hangul_words[-1])):
        return Mood.STATEMENT
    return Mood.TERSE


def commands(text: str) -> bool:
    """Whether a clause without a mark is a command as typed: it opens with a command's verb ("scale x to
    24") or closes with a command's noun ("lottery-draw 재기동"); not a fragment that tells ("error budget
    fine", "Nothing useful in the logs")."""
    lowered = _NAMED_FIRST.sub("", text.lower().strip())  # "x: scale to 1": the app, then the command
    latin = " ".join(_HANGUL.sub(" ", lowered).split())
    hangul_words = _HANGUL.findall(lowered)
    if hangul_words:
        last = hangul_words[-1]
        if last.endswith(verbs.ACTION_NOUNS_KO) or _cut_short(last):
            return True
        if not _descriptive(last) and (_REQUEST_KO_END.search(last) or _REQUEST_KO_ANY.search(last)) and last != "좀":
            return True  # "…해주세요", "…부탁드려요"; not "좀 급해요"
    return bool(_COMMAND_EN.match(latin) or _REQUEST_EN.search(latin))
