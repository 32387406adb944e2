"""
The built-in, offline Korean/English parser: text -> Command, in well under a millisecond.

A message is read once (intents/discourse): Slack markup, clauses, the mood of each. When it
asks the bot for something now, the clause that asks is decided by the ladder in decide.py;
the other clauses may add the app or a value ("web is stuck, restart it"); a second request,
a second app, or a request that is not for now is `unknown`. Every change passes the gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intents import gate, gate_words
from intents.builtin import usage as usage_words
from intents.builtin.decide import clause_action, decide, find_target, named
from intents.builtin.namespaces import find_namespace
from intents.builtin.normalize import Flags, Kind, normalize
from intents.builtin.numerals import Counts, numbers
from intents.builtin.signals import detect
from intents.command import MUTATING, NEEDS_APP, Command, Intent
from intents.discourse import Discourse, Mood, Part, Reason, read_message
from intents.provider import Context

_MAX_TEXT = 2000  # longer than any command; the rest is not read
# A Latin name with a look-alike letter from another script inside it (Cyrillic, Greek, ...); Latin letters
# with accents ("cafés") are words, not look-alikes.
_OTHER_LETTER = r"[^\x00-\x7f\u00c0-\u024f\u1e00-\u1eff\uac00-\ud7a3\u3131-\u318e\s\W]"
_MIXED_SCRIPT = re.compile(rf"[A-Za-z0-9]{_OTHER_LETTER}|{_OTHER_LETTER}[A-Za-z0-9]")


def parse_text(text: str, context: Context) -> Command:
    """Turn one message into a Command (see the module docstring)."""
    text = text[:_MAX_TEXT]
    reading = read_message(text)
    put_off = reading.reason is Reason.LATER or any(p.mood is Mood.LATER for p in reading.parts)
    if put_off and (ahead := _BEFORE.sub(_ahead_of, text)) != text:
        # "quick health check before the stores open", "재시작하기 전에 로그부터": a look now, ahead of it; a change
        # "before kickoff" is still for later
        read = parse_text(ahead, context)
        if not read.mutating and read.intent is not Intent.UNKNOWN:
            return read
        if reading.reason is not None:
            return Command(intent=Intent.UNKNOWN)
    if reading.reason is not None or _MIXED_SCRIPT.search(reading.marked.text):
        return Command(intent=Intent.UNKNOWN)  # not for the bot now; "prоd" with a Cyrillic о is no name
    if len(reading.asked) == 1 and (usage := usage_words.read(reading.text, context)) is not None:
        return gate.guard(usage, text)  # "web CPU 사용량", "how much memory is api using": read apart
    if all(part.mood is Mood.STATEMENT for part in reading.asked):
        return Command(intent=Intent.UNKNOWN)  # "이번 릴리스 꽤 괜찮네요": told, not asked
    if len(reading.asked) == 1:
        command = decide(reading.text, context)
        alone = command.intent is not Intent.UNKNOWN or len(reading.parts) == 1
        actions = set() if alone else {a for a in [clause_action(reading.text, context)] if a}
    else:
        acting = [(part, clause_action(part.text, context)) for part in reading.asked]
        acting = _without_weighed(acting)
        actions = {action for _, action in acting if action}
        if len(actions) > 1:
            return Command(intent=Intent.UNKNOWN)  # "restart web, then check its logs": one message, one request
        # the clauses that carry the request; the others tell something, or add values (used below)
        command = decide(" ".join(part.text for part, action in acting if action) if actions else reading.text, context)
    if len(reading.parts) > 1:
        command = _with_values(_in_context(command, reading, actions, context), reading, context)
    if command.app is None and command.intent is not Intent.UNKNOWN and _asks_concept(reading):
        return Command(intent=Intent.UNKNOWN)  # "deployment vs statefulset? why is staging using one": a question
    if command.app and gate.joined_names(reading.marked.text, command.app):
        return Command(intent=Intent.UNKNOWN)  # "logs for web and api": one request names one app
    if command.mutating and _value_corrected(reading):
        return Command(intent=Intent.UNKNOWN)  # "20개로 늘려줘 — 아 20 말고 16": which value is meant, the bot asks
    words = named(reading.marked.text, command.app, context) if command.mutating else ()
    return gate.guard(command, text, app_words=words)


# "before X" / "X 전에" (not "이전에", previously): what a read is done ahead of, read as "ahead of" / "앞두고"
# ("롤백하기 전에": the change is what comes after; it is dropped with the "before")
_BEFORE = re.compile(r"\bbefore\b|(?:\S+(?:하기|되기)\s*)?(?<![0-9분간일주달년이\s])(\s*)전에(?![\uac00-\ud7a3])")


def _ahead_of(match: re.Match[str]) -> str:
    return "ahead of" if match.group(0) == "before" else f"{match.group(1) or ''} 앞두고"


_SHOW = re.compile(
    r"\b(?:list|show|display|ls|get)\b|목록|리스트|보여|나열"
    r"|\b(?:what|which)\s+(?:\w+\s+){0,2}(?:services|pods|deployments|ingresses|namespaces|apps)\b"
)


def _without_weighed(acting: list[tuple[Part, Intent | None]]) -> list[tuple[Part, Intent | None]]:
    """The clauses' actions, but a change a question only weighs when another clause asks for a look:
    "should we roll back x? pull up its history first" asks for the history."""
    weighed = {
        id(part)
        for part, action in acting
        if action in MUTATING and gate.screen(action, part.text) is gate_words.Block.QUESTION
    }
    if not weighed or all(action is None or id(part) in weighed for part, action in acting):
        return acting
    return [(part, None if id(part) in weighed else action) for part, action in acting]


def _asks_concept(reading: Discourse) -> bool:
    """Whether the clauses that ask put a question about a concept ("what's the difference?") and show nothing."""
    asked = " ".join(part.text for part in reading.asked)
    return detect(normalize(asked)).concept and not _SHOW.search(asked.lower())


def _value_corrected(reading: Discourse) -> bool:
    """Whether a withdrawn clause takes back a number that a clause still asking says too."""
    taken = {n for p in reading.parts if p.withdrawn for n in re.findall(r"\d+", p.text)}
    return bool(taken & {n for p in reading.asked for n in re.findall(r"\d+", p.text)})


def _in_context(command: Command, reading: Discourse, actions: set[Intent], context: Context) -> Command:
    """The request of a message of several clauses, with what its other clauses add."""
    if command.intent is Intent.UNKNOWN and actions:
        # "web is broken, take it back": the asking clause lacks the app a telling clause names
        completed = _completed(Command(intent=next(iter(actions))), reading, context)
        elsewhere = completed.app is not None and completed.app not in reading.text.lower()
        if elsewhere and _names_other(reading.text, context):
            return command  # "restart course-catalog, the search box is empty": the name asked for is not here
        command = _own_values(completed, reading, context) if completed.app is not None else command
    elif _incomplete(command):
        command = _completed(command, reading, context)
    elif command.intent is Intent.UNKNOWN and all(p.mood is Mood.QUESTION for p in reading.asked):
        # "rate-guard seems down, is it?": the question asks about what the statement says
        said = decide(_said(reading), context)
        command = command if said.mutating else said
    if command.mutating and _another_app(command.app, reading, context):
        return Command(intent=Intent.UNKNOWN)  # "restart web, api too": one change names one app
    return command


_VALUES = ("replicas", "lines", "image", "revision")


def _own_values(command: Command, reading: Discourse, context: Context) -> Command:
    """The values the asking clauses say themselves, over those of the others ("지금 v1.7.3인데 v1.7.4로 배포해줘")."""
    asked = decide(f"{command.app} {reading.text}", context)
    if asked.intent is not command.intent or asked.app != command.app:
        return command
    return command.model_copy(update={f: v for f in _VALUES if (v := getattr(asked, f)) is not None})


# Clauses that may add a value to the request: not one that tells what happened or what is to come.
_TELLS_OTHER = frozenset({Mood.PAST, Mood.LATER, Mood.CONDITION, Mood.INTENTION, Mood.PROHIBITION})


def _with_values(command: Command, reading: Discourse, context: Context) -> Command:
    """The namespace, revision or image a clause of its own adds ("imaging 쪽이요", "rev 3", "태그는 2.4.0").

    Each such clause is read with the request; a value counts when the request stays the same. A
    namespace counts only by its own name: "부하테스트 끝났어" tells of a test, it names no namespace.
    """
    if command.intent is Intent.UNKNOWN or command.app is None:
        return _place_said(command, reading, context)
    added: dict[str, object] = {}
    for namespace in context.namespaces:  # an aside names it wherever it stands: "… 문제 있음 (ami-edge)"
        if any(f"({namespace.lower()})" in p.text.lower() for p in reading.parts if not p.withdrawn):
            added.setdefault("namespace", namespace)
    for part in reading.parts:
        if part.withdrawn or part.mood in _TELLS_OTHER or not _may_hold_value(part.text, context):
            continue
        others = " ".join(p.text for p in reading.asked if p is not part)
        fuller = decide(f"{others} {part.text}", context)
        if fuller.intent is not command.intent or fuller.app != command.app:
            continue
        if fuller.namespace is not None and _names_namespace(fuller.namespace, [part.text]):
            added.setdefault("namespace", fuller.namespace)
        marked = {n.value for n in numbers(normalize(part.text)) if n.counts in (Counts.REVISION, Counts.LINES)}
        if fuller.revision is not None and fuller.revision in marked:
            added.setdefault("revision", fuller.revision)  # "rev 3", "리비전 22번으로요"; not "10원씩 틀려요"
        if fuller.lines is not None and fuller.lines in marked:
            added.setdefault("lines", fuller.lines)
        if fuller.image is not None:
            added.setdefault("image", fuller.image)
    added = {k: v for k, v in added.items() if getattr(command, k) is None}
    return command.model_copy(update=added) if added else command


def _place_said(command: Command, reading: Discourse, context: Context) -> Command:
    """A request of no app with the namespace another clause names ("whats running in prod, quick overview pls")."""
    if command.intent is Intent.UNKNOWN or command.intent in NEEDS_APP or command.namespace is not None:
        return command
    for part in reading.parts:
        if part.withdrawn or part.mood in _TELLS_OTHER:
            continue
        found = find_namespace(normalize(part.text), context.namespaces, apps=context.apps)[0]
        if found is not None and _names_namespace(found, [part.text]):
            return command.model_copy(update={"namespace": found})
    return command


def _may_hold_value(clause: str, context: Context) -> bool:
    """Whether a clause holds a number, an image or a namespace at all (most clauses hold none: no reading)."""
    utterance = normalize(clause)
    if any(t.kind in (Kind.NUMBER, Kind.REF) for t in utterance.tokens) or numbers(utterance):
        return True
    if utterance.flags != Flags():
        return True  # "image: web:1.3.0", "-n prod"
    return find_namespace(utterance, context.namespaces, apps=context.apps)[0] is not None


def _names_other(text: str, context: Context) -> bool:
    """Whether a clause names, as a Kubernetes name, something that is no app or namespace here."""
    known = {name.lower() for name in (*context.apps, *context.namespaces)}
    return any(name not in known for name in re.findall(gate_words.NAME, text.lower()))


def _names_namespace(namespace: str, clauses: list[str]) -> bool:
    """Whether a clause names the namespace as one: little else beside it ("imaging 쪽이요", "staging ns"), or a
    word that marks it ("in prod", "prod 네임스페이스"); "graduation batch is done" names no namespace "batch"."""
    for clause in clauses:
        tokens = [t.text for t in normalize(clause).tokens]
        if len(tokens) == 1 and tokens[0].endswith(("입니다", "이에요", "예요", "이요")):
            return True  # "스테이징입니다": the clause is nothing but the namespace
        if namespace not in tokens:
            continue
        at = tokens.index(namespace)
        beside = {*tokens[max(at - 1, 0) : at], *tokens[at + 1 : at + 2]}
        if len(tokens) <= 3 or beside & _NAMESPACE_MARKS or any(w.startswith(_NAMESPACE_MARKS_KO) for w in beside):
            return True
    return False


_NAMESPACE_MARKS = frozenset({"in", "ns", "namespace", "env", "environment"})  # not "on search", "from checkout"
_NAMESPACE_MARKS_KO = ("네임스페이스", "쪽", "꺼", "환경", "에서")


def _said(reading: Discourse) -> str:
    """The words of every clause that is neither withdrawn nor forbidden."""
    return " ".join(p.text for p in reading.parts if not p.withdrawn and p.mood is not Mood.PROHIBITION)


def _another_app(app: str | None, reading: Discourse, context: Context) -> bool:
    known = {a.lower() for a in context.apps}
    named = {t.text for t in normalize(gate.naming_more(reading)).tokens if t.text in known}
    return bool(named - {app})


def _incomplete(command: Command) -> bool:
    if command.intent in NEEDS_APP and command.app is None:
        return True
    return (command.intent is Intent.LOGS and command.lines is None) or (
        command.intent is Intent.SCALE and command.replicas is None
    )


def _completed(command: Command, reading: Discourse, context: Context) -> Command:
    """What the other clauses add to the asking one, for the same request.

    Values said in a telling clause ("로그 볼 수 있을까요? 백 줄이면 돼요"), or the app a
    telling or corrected clause names when the asking one names none ("web is stuck, restart
    it", "web 재배포 말고 재시작만 해줘": the correction is of the verb, not of the app).
    """
    fuller = decide(_said(reading), context)
    own = {f: v for f in _VALUES if (v := getattr(command, f)) is not None}
    if own and fuller.intent is command.intent:
        fuller = fuller.model_copy(update=own)  # "지금 2개인데 다섯 개로 늘려줘": the asking clause's own value stands
    if fuller.namespace is not None and fuller.namespace != command.namespace:
        named = _names_namespace(fuller.namespace, [p.text for p in reading.parts if p.mood not in _TELLS_OTHER])
        fuller = fuller if named else fuller.model_copy(update={"namespace": command.namespace})
    if fuller.intent is command.intent and fuller.app is not None and command.app in (None, fuller.app):
        return fuller
    if fuller.intent is command.intent:
        command = fuller
    if command.app is None:
        if command.intent in NEEDS_APP and _names_other(reading.text, context):
            return Command(intent=Intent.UNKNOWN)  # "restart ucas-sync, it's pulling stale offers": a name not here
        every = normalize(" ".join(p.text for p in reading.parts))
        found, _ = find_target(every, context, frozenset())
        if found.app and not found.foreign:
            with_app = decide(f"{found.app} {reading.text}", context)
            if with_app.intent is not command.intent:  # "should we roll back x? | pull up its history": the look
                looked = " ".join(p.text for p in reading.asked if clause_action(p.text, context) is command.intent)
                with_app = decide(f"{found.app} {looked}", context) if looked else with_app
            if with_app.intent is command.intent and with_app.namespace is None and command.namespace:
                return with_app.model_copy(
                    update={"namespace": command.namespace}
                )  # "(bss-prod 아니고 core-prod 쪽이요)"
            if with_app.intent is command.intent:
                return with_app
        if found.foreign and command.intent in NEEDS_APP:
            return Command(intent=Intent.UNKNOWN)  # "spotlight-planner went bad, revert it": no app of this cluster
    return command


@dataclass(frozen=True)
class BuiltinParser:
    """The offline parser: always answers, so it ends every provider chain."""

    name: str = "builtin"

    async def parse(self, text: str, *, context: Context) -> Command | None:
        return self.parse_sync(text, context=context)

    def parse_sync(self, text: str, *, context: Context) -> Command:
        return parse_text(text, context)
