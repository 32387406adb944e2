"""
The decision ladder of the built-in parser: one request's words -> Command.

The order of decisions is the policy: refuse destructive or injected text first, then
an action on an app (rollback, deploy, scale, logs, restart, endpoint, status), then
listings, help and overviews; anything else is `unknown`. An action whose target is
something that is not an app ("restart my laptop") is `unknown` too, never a guess.
parser.py decides which words of a message are the request (intents/discourse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from intents import gate, gate_words
from intents.advice import evaluates
from intents.builtin import apps as app_names
from intents.builtin import lexicon
from intents.builtin.apps import Match
from intents.builtin.frame import command_of, pick
from intents.builtin.namespaces import find_namespace, several_namespaces
from intents.builtin.normalize import Kind, Utterance, normalize
from intents.builtin.numerals import Counts, Number, numbers
from intents.builtin.signals import Signals, detect
from intents.command import NEEDS_APP, Command, Intent
from intents.lazy_pattern import LazyPattern
from intents.provider import Context

_K8S_NAME = re.compile(r"^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$")
# A question, as opposed to a statement: after a mentioned change, only a question asks for status.
_ASKS = LazyPattern(
    r"\?|뭐|어때|어떻|어떰|몇|언제|확인|봐|알려|[나니까냐]\s*$|\b(?:is|are|did|how|what|which|any|check)\b", re.I
)
# "help" as the verb of a question about an effect: "did it actually help?", "would a restart help"
_HELPED = LazyPattern(r"\b(?:did|does|do|would|will|could|might|it|that|this|which)\s+(?:\w+\s+){0,2}help\b(?!\s+me)")
_LIST_WORDS = LazyPattern(r"목록|리스트|\blist\b|\bls\b")
# Reasons a change is refused after which the rest of the message may still ask something else.
_DEMOTABLE = frozenset({gate.Block.PAST, gate.Block.QUESTION, gate.Block.NOT_ASKED})


@dataclass(frozen=True, slots=True)
class _Target:
    """The app the message names (None if none), and whether it names something else instead."""

    app: str | None
    foreign: bool  # a word in the app's place that is no known app ("laptop")
    by_sound: bool = False  # the app is a guess from how a short Hangul word sounds


def _image(utterance: Utterance) -> str | None:
    if utterance.flags.image:
        return utterance.flags.image
    return next((t.raw for t in utterance.tokens if t.kind is Kind.REF), None)


def _image_app(image: str, context: Context) -> str | None:
    """The app an image reference names by its repository ("nginx:1.27" -> nginx)."""
    repository = re.split(r"[:@]", image.rsplit("/", 1)[-1], maxsplit=1)[0].lower()
    if not repository or repository == image.lower() and ":" not in image and "@" not in image:
        return None
    if not context.apps:
        return repository if _K8S_NAME.match(repository) else None
    match = app_names.resolve_app(repository, context.apps)
    return match.app


_HOW_DO_I = re.compile(
    r"\bhow (?:do|can|should) (?:i|we)\b|\bhow to\b|\bsyntax\b|어떻게 (?:써|쓰|해야|물어)|사용법|하는 법"
)
_NAME_LIKE = LazyPattern(gate_words.NAME)


def find_target(utterance: Utterance, context: Context, skip: frozenset[int]) -> tuple[_Target, frozenset[int]]:
    if context.apps:
        match, used = app_names.find_app(utterance, context.apps, skip=skip)
        if match.app:
            return _Target(match.app, False, match.by_sound), used
        if match.kind is Match.AMBIGUOUS:
            return _Target(None, False), used
    literal = app_names.literal_app(utterance, skip=skip)
    if literal is None:
        return _Target(None, False), frozenset()
    name, index = literal
    if not context.apps:
        return _Target(name, False), frozenset({index})
    return _Target(None, True), frozenset()


def _action(s: Signals, nums: list[Number], image: str | None, revision: int | None) -> Intent | None:
    """The action the cues ask for, strongest first; None when they ask for none."""
    replicas = pick(nums, Counts.REPLICAS)
    lines = pick(nums, Counts.LINES)
    if (s.logs or lines is not None) and not (s.scale and replicas is not None):
        return Intent.LOGS
    if s.history and revision is None:
        return Intent.HISTORY
    if s.rollback or (s.rollback_weak and (revision is not None or s.previous or s.deploy)):
        return Intent.ROLLBACK
    if image and (s.deploy or s.deploy_weak):
        return Intent.DEPLOY
    if s.deploy and not (s.status or s.status_weak or s.restart or s.scale):
        return Intent.DEPLOY
    if s.scale or replicas is not None or (s.scale_weak and pick(nums, Counts.UNSAID) is not None):
        return Intent.SCALE
    if s.restart:
        return Intent.RESTART
    if s.endpoint:
        return Intent.ENDPOINT
    if s.status or s.status_weak:
        return Intent.STATUS
    if image and s.to_version:
        return Intent.DEPLOY  # "payrun-scheduler → v4.0.0-hotfix.1, go"
    return None


def clause_action(text: str, context: Context) -> Intent | None:
    """The action one clause asks for, from its cues alone (its app and namespace set aside)."""
    utterance = normalize(text)
    if not utterance.tokens:
        return None
    _, ns_used = find_namespace(utterance, context.namespaces, apps=context.apps)
    _, app_used = find_target(utterance, context, ns_used)
    signals = detect(utterance, consumed=ns_used | app_used)
    nums = numbers(utterance)
    return _action(signals, nums, _image(utterance), utterance.flags.revision or pick(nums, Counts.REVISION))


def decide(text: str, context: Context) -> Command:
    utterance = normalize(text)
    if not utterance.tokens or gate.unsupported_change(text, context.apps):
        return Command(intent=Intent.UNKNOWN)
    namespace, ns_used = find_namespace(utterance, context.namespaces, apps=context.apps)
    target, app_used = find_target(utterance, context, ns_used)
    signals = detect(utterance, consumed=ns_used | app_used)
    if signals.refused:
        return Command(intent=Intent.UNKNOWN)
    changes = signals.restart or signals.scale or signals.rollback or signals.deploy
    if changes and evaluates(text):
        return Command(intent=Intent.UNKNOWN)  # "배포해도 괜찮을까요?": advice about a change, not its status
    nums = numbers(utterance)
    image = _image(utterance)
    revision = utterance.flags.revision or pick(nums, Counts.REVISION)
    action = _action(signals, nums, image, revision)
    app = target.app
    if action is Intent.DEPLOY and image and (app is None or target.foreign):
        # "deploy pricing-engine:2.0.1": the image names the app; known before the gate looks, so the
        # app's own words ("pricing") are not read as talk about the change.
        app = _image_app(image, context) or app
    if signals.help and app is None and _HOW_DO_I.search(utterance.text):
        return Command(intent=Intent.HELP)  # "how do I ask you for logs?": how to ask, not the logs of no app
    if action is not None and action.mutating and target.by_sound:
        app = None  # a change is never made to a guessed app: the bot asks (Reading.alternatives)
    if (
        action is not None
        and action.mutating
        and several_namespaces(utterance, context.namespaces, apps=context.apps, found=(namespace, ns_used))
    ):
        return Command(intent=Intent.UNKNOWN)  # "prod에서 테스트한 거 staging에 배포": which one is asked
    if action is not None and action.mutating and _several_apps(utterance, context):
        return Command(intent=Intent.UNKNOWN)  # "restart web and api": one change names one app
    if action is not None and action.mutating and (block := _screen(action, text, app, context)):
        # "배포된 앱 전부 보여줘", "show all deployed apps": a listing, not a deploy to everything
        listing = (
            block is gate.Block.SCOPE and action is Intent.DEPLOY and signals.listing and signals.resource is not None
        )
        if block not in _DEMOTABLE and not listing:
            return Command(intent=Intent.UNKNOWN)
        # Mentioned, not asked for: what else the message asks, without the change.
        signals = replace(
            signals,
            restart=False,
            scale=False,
            scale_weak=False,
            rollback=False,
            rollback_weak=False,
            deploy=False,
            deploy_weak=False,
            request=False,
        )
        nums = [n for n in nums if n.counts is not Counts.REPLICAS]
        action = _action(signals, nums, None, None)
        if action is Intent.STATUS and not _ASKS.search(text):
            return Command(intent=Intent.UNKNOWN)  # "재시작했더니 괜찮아졌어": told, not asked
        if action is None and not (signals.resource or signals.help or signals.overview or namespace):
            return Command(intent=Intent.UNKNOWN)
    # "what hostnames are exposed via ingress": a listing asked with a word about it, not of an app
    asks_listing = signals.resource is not None and signals.listing and action in (Intent.ENDPOINT, Intent.STATUS)
    # "check the whole cluster ahead of the sale": a look at everything, whatever plain word stands there (not a
    # name: "is everything ok with checkout-svc" asks of an app that is not here)
    whole = signals.whole and action is Intent.STATUS and not _NAME_LIKE.search(utterance.text)
    if app is None and target.foreign and action in NEEDS_APP and not asks_listing and not whole:
        return Command(intent=Intent.UNKNOWN)
    if signals.concept and app is None and (namespace is None or not signals.listing):
        return Command(intent=Intent.UNKNOWN)  # "deployment vs statefulset? why is kafka one": no namespace asked
    frame = {"namespace": namespace, "image": image}

    if action is not None and app is not None:
        # "web 파드 목록" lists; "web 파드 몇 개 떠 있어?" asks how web is
        if action is Intent.STATUS and signals.resource and _LIST_WORDS.search(utterance.text) and not signals.status:
            return command_of(signals.resource, utterance, nums, **frame)
        return command_of(action, utterance, nums, app=app, **frame)
    if app is not None and signals.resource is Intent.LIST_PODS and not _LIST_WORDS.search(utterance.text):
        return command_of(Intent.STATUS, utterance, nums, app=app, **frame)  # "web 파드 몇 개 떠 있어?"
    if signals.overview and (signals.whole or signals.resource is Intent.LIST_NAMESPACES) and app is None:
        return command_of(Intent.OVERVIEW, utterance, nums, **frame)
    if signals.resource and (signals.listing or namespace or not action):
        return command_of(signals.resource, utterance, nums, **frame)
    if signals.help and app is None and not _HELPED.search(utterance.text):
        return Command(intent=Intent.HELP)
    if signals.overview or ((signals.status or action is Intent.STATUS) and (namespace or signals.whole)):
        if app is not None:
            return command_of(Intent.STATUS, utterance, nums, app=app, **frame)
        return command_of(Intent.OVERVIEW, utterance, nums, **frame)
    # A bare name means "how is it?" — but only a name that is known, or the whole message
    # ("nginx"); with no app list, "make me a sandwich" is not a status question about "sandwich".
    bare = (context.apps and _bare(utterance, app_used | ns_used)) or len(utterance.tokens) == 1
    if app is not None and action is None and bare and not (signals.deploy or signals.deploy_weak or signals.concept):
        return command_of(Intent.STATUS, utterance, nums, app=app, **frame)
    if action is not None and action in NEEDS_APP and action is not Intent.DEPLOY:
        if signals.request or _starts_with_verb(utterance):
            return command_of(action, utterance, nums, **frame)
    if namespace and signals.listing:
        return command_of(Intent.LIST_APPS, utterance, nums, **frame)
    return Command(intent=Intent.UNKNOWN)


def _screen(action: Intent, text: str, app: str | None, context: Context) -> gate.Block | None:
    return gate.screen(action, text, app=app, app_words=named(text, app, context))


def named(text: str, app: str | None, context: Context) -> tuple[str, ...]:
    """The words of `text` that name `app` as the parser read them ("결제 api", "서지 프라이서")."""
    return app_names.naming_words(text, app, context.apps) if app else ()


def _several_apps(utterance: Utterance, context: Context) -> bool:
    known = {app.lower() for app in context.apps}
    return len({t.text for t in utterance.tokens if t.text in known}) > 1


def _bare(utterance: Utterance, used: frozenset[int]) -> bool:
    """Only the app's name and small words ("web?", "결제 서비스 좀"): a bare name asks how it is."""
    others = [
        t
        for i, t in enumerate(utterance.tokens)
        if i not in used
        and t.kind is not Kind.JAMO
        and t.text not in lexicon.FILLER_EN
        and t.text not in lexicon.FILLER_KO
        and t.text not in lexicon.REQUEST.en
    ]
    return len(others) <= 1 and all(len(t.text) <= 3 for t in others)


def _starts_with_verb(utterance: Utterance) -> bool:
    first = utterance.tokens[0].text
    return first in {"restart", "scale", "logs", "log", "rollback", "status", "endpoint", "deploy", "undo", "history"}
