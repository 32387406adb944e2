"""
How each occurrence of a change's verb is used: asked for, told as past, negated, a question, or
talk about it. Korean by the ending that follows the stem ("재시작해줘", "재시작했는데", "재시작하지 마"),
English by the words around the verb, in mixed text by the Korean ending after an English verb
("restart 해줘"). Read by the gate (intents/gate.py) for the clauses that ask.
"""

from __future__ import annotations

import re

from intents import count_words as counts
from intents import gate_words as words
from intents.command import Intent
from intents.evidence import verb_pattern
from intents.gate_words import Block
from intents.lazy_pattern import LazyPattern

# What follows a Korean verb stem, earliest first; a request wins only where it comes first.
KO_FORMS: tuple[tuple[Block | None, re.Pattern[str]], ...] = (
    (
        Block.NEGATED,
        re.compile(
            r"하지마|하지말|하지않|안해|안하|안돼|안됨|말고|말아|마세요|마라|금지|필요없|하면안|되면안|못하"
            r"|보류|홀드|스킵|패스|나중에|미뤄|미루"
        ),
    ),
    (
        Block.PAST,
        re.compile(
            r"했|됐|됬|되었|였|었|았|된(?!다면)|되어|돼있|하셨|시켰|해놨|해뒀|해봤|한(?!번|테|다면|대로)|하던|됨|완료|끝났|끝난|중이|중인|되고|하고있|되는|되나|하나요|했나|할때|했는지|하는지|끝|성공|실패|중단|나있|어있|져있"
        ),
    ),
    (
        Block.QUESTION,
        # hypothetical, or a look at the change rather than the change ("재시작 횟수 확인해줘")
        re.compile(
            r"하면|되면|하려면|하기전|할지|해야|해도|하는법|하는방법|할수있는지|하나\?|할까말까|해볼까"
            r"|확인|체크|봐줘|봐주|알려|보여|설명|횟수|카운트|루프|원인|이유|정책|버튼|명령|이벤트|설정|기능|일까|인가|인지|답"
        ),
    ),
    (
        None,
        re.compile(
            r"줘|주세|주실|주시|줄래|줄수|주라|주십|해라|하자|해봐|해요|합시다|하세|부탁|바랍|바래|ㄱ|고고|가자|가능|할래|할까|하셈|해놔|해둬|놔|둬|시켜|하고싶|해주|해"
            r"|가죠|하죠|가시죠|하시죠|갑시다"  # a proposal: "재시작으로 가죠"
            r"|하고(?=결과|알려|보고|공유|말해)"  # and report back: "재시작하고 결과 알려줘"
            r"|^(?:지금|당장|빨리|얼른|바로|어서|즉시)"  # the bare imperative, then now: "10개로 늘려 지금 당장"
            # a request cut short ("배포요", "재시작이요") or made by name ("재기동 요청드립니다")
            r"|^이?요|요청(?!했|하셨|드렸|된|한|받)"
        ),
    ),
)
_OPENS_QUESTION = LazyPattern(r"(?:did|was|were|has|have|had|should|shall|why|when|who|whether|is it ok|is it safe)\b")
_PAST_TIME_KO = LazyPattern(r"어제|아까|방금|지난|그저께|저번|예전|이미(?!지)|벌써")
# Hangul right after an English verb, past at most two Latin words ("up", a number, the app).
_KOREAN_AFTER = LazyPattern(r"\s*(?:[a-z0-9.:/-]+\s*){0,2}([\uac00-\ud7a3])")


def ko_forms(hangul: str, intent: Intent) -> list[Block | None]:
    """How each Korean occurrence of the verb is used (None = asked for)."""
    found: list[Block | None] = []
    for stem in words.VERBS_KO.get(intent, ()):
        if stem not in hangul:
            continue
        for match in re.finditer(re.escape(stem), hangul):
            found.append(ko_ending(hangul[match.end() :]))
    return found


def ko_ending(rest: str) -> Block | None:
    """What the Hangul after a verb says about it; the earliest marker decides."""
    if rest[:1] in ("은", "는", "도"):  # the change as a topic: "롤백은 PM이랑 얘기해봐", "배포도 끝"
        return Block.NOT_ASKED
    best: tuple[int, Block | None] | None = None
    for block, pattern in KO_FORMS:
        hit = pattern.search(rest[:12])
        if hit and (best is None or hit.start() < best[0]):
            best = (hit.start(), block)
    if best is None:  # a command noun at the end: "이미지리사이저재시작", "원복으로", "스케일 여섯으로"
        if rest[:1] == "가":  # a subject: "배포가 늦네"
            return Block.NOT_ASKED
        return None if len(rest) <= 3 or counts.NUMERAL_TAIL.fullmatch(rest) else Block.NOT_ASKED
    return best[1]


def en_forms(intent: Intent, mixed: str) -> list[Block | None]:
    """How each English occurrence of the verb is used (None = asked for).

    In mixed text the Korean ending after an English verb decides ("restart 했던 거", "restart 해줘").
    """
    found: list[Block | None] = []
    pattern = words.VERBS_EN.get(intent)
    if pattern is None:
        return found
    for match in verb_pattern(pattern).finditer(mixed):
        after = mixed[match.end() :]
        if words.TOPIC_EN.match(after) and not match.group(0).startswith("replica"):
            found.append(Block.TALK)
            continue
        korean = _KOREAN_AFTER.match(after)  # "restart 했던 거", "scale up 해야 하나?"
        if korean:
            found.append(ko_ending("".join(words.HANGUL.findall(after[korean.start(1) :][:16]))))
            continue
        clause = re.split(r"[,.!?;:]", words.HANGUL.sub(" ", mixed[: match.start()]))[-1]
        before = " ".join(clause.split()[-3:])
        verb = match.group(0).split()[0]
        asking = bool(words.ASKING_EN.search(before))
        noun = words.NOUN_BEFORE_EN.search(before) and not words.DOING_BEFORE_EN.search(before)
        noun = noun and not verb.startswith("replica")
        if words.POLITE_EN.search(before) or words.COURTESY_AFTER_EN.match(after):
            found.append(None)  # "please restart x", "a restart would be great"
        elif noun or (words.PAST_AFTER_EN.match(after) and not after.lstrip().startswith(("it", "them"))):
            found.append(Block.PAST)  # "the rollback broke it", "mailer deploy went out at 3pm"
        elif words.NEGATED_EN.search(before):
            found.append(Block.NEGATED)
        elif words.QUESTION_EN.search(before):
            found.append(Block.QUESTION)
        elif words.PAST_EN.search(verb) and not asking and verb not in ("scaling", "replica", "replicas"):
            found.append(Block.PAST)
        elif verb.endswith("s") and not verb.endswith("ss") and verb != "replicas" and not asking:
            found.append(Block.PAST)  # "web restarts a lot": what it does, not a request
        else:
            found.append(None)
    return found


def message_form(hangul: str) -> Block | None:
    if not hangul:
        return None
    best: tuple[int, Block | None] | None = None
    for block, pattern in KO_FORMS:
        hit = pattern.search(hangul)
        if hit and (best is None or hit.start() < best[0]):
            best = (hit.start(), block)
    if best is None:  # terse, without any ending: "게이트웨이 파드 다섯"; not "어제 게이트웨이 파드 다섯"
        past = bool(_PAST_TIME_KO.search(hangul))
        return Block.PAST if past else None if len(hangul) <= 16 else Block.NOT_ASKED
    return best[1]


def english_form(english: str) -> Block | None:
    """A message without a known verb form ("didn't rollbak x", "half a dozen pods for x")."""
    if words.NEGATED_EN.search(english):
        return Block.NEGATED
    if _OPENS_QUESTION.match(english):
        return Block.QUESTION
    return None
