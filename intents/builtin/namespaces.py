"""
Which namespace a message names, resolved against the namespaces that exist.

People name environments, not namespaces: "운영" or "prod" means whichever of
`production`/`prod`/`prd` the cluster has. A namespace is only set when the message
says one (`-n x`, "staging에서", "in dev"); the executor applies the default otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from intents.builtin import glossary, lexicon, phonetics
from intents.builtin.normalize import Flags, Kind, Utterance


@dataclass(frozen=True, slots=True)
class Environment:
    """One kind of environment: its usual namespace names (first = canonical) and Korean words."""

    names: tuple[str, ...]
    korean: tuple[str, ...] = ()


ENVIRONMENTS: tuple[Environment, ...] = (
    Environment(
        ("production", "prod", "prd", "live"),
        ("운영", "프로덕션", "프로덕", "프러덕션", "프로드", "상용", "실서버", "라이브"),
    ),
    Environment(("staging", "stage", "stg"), ("스테이징", "스테이지", "스태이징", "스테징")),
    Environment(("dev", "development", "develop"), ("개발", "데브", "디벨롭")),
    Environment(("qa", "test", "testing"), ("큐에이", "테스트", "검증")),
    Environment(("default",), ("기본", "디폴트")),
    Environment(("batch", "batches", "jobs"), ("배치",)),
    Environment(("monitoring", "monitor"), ("모니터링",)),
    Environment(("kube-system",), ("쿠베시스템", "쿠브시스템", "큐브시스템")),
)
# English words that name an environment only when the cluster has such a namespace.
_ENGLISH = {
    name: env for env in ENVIRONMENTS for name in env.names if name not in ("live", "test", "testing", "monitor")
}
# Words around a namespace: "in dev", "staging에서", "team-a 네임스페이스".
_KOREAN_WORDS = tuple(word for env in ENVIRONMENTS for word in env.korean)  # to pass over other words at once
_BEFORE = frozenset({"in", "on", "at", "from", "to", "namespace", "ns", "into", "within", "of"})
_AFTER_KO = ("에서", "에", "쪽", "네임스페이스", "환경", "꺼", "거", "의", "서버")
# Korean environment words that are everyday words too ("테스트 서버", "기본 설정", "검증 서버"):
# they name a namespace only with a marker ("검증 환경", "테스트에서", "배치 네임스페이스").
_MARKED_ONLY = frozenset({"검증", "테스트", "기본", "배치"})
# Korean spellings of a namespace's own name: "라이브" is `live` when the cluster has one.
_LITERAL = {
    "라이브": "live",
    "프로덕션": "production",
    "프로드": "prod",
    "스테이징": "staging",
    "스테이지": "stage",
    "데브": "dev",
    "테스트": "test",
    "디폴트": "default",
    "모니터링": "monitoring",
    "배치": "batch",
}
_NAMESPACE_WORDS = ("namespace", "ns", "네임스페이스", "네임")
_NOT_A_NAME = frozenset(
    {"every", "each", "all", "any", "this", "that", "the", "a", "which", "what", "new", "other", "my", "our"}
)


# Another word for the environment, not a spelling of its name: "prod" or "운영" is no namespace `live`
# (that is a guess about which namespace is production); `live` is named as itself ("in live", "라이브").
_NAMED_AS_ITSELF = frozenset({"live"})
_NAMED_AS_ITSELF_KO = frozenset({"라이브"})


def _environment(env: Environment, namespaces: Sequence[str], said: frozenset[str] = frozenset()) -> str | None:
    """The namespace of the environment: named as it ("prod"), or of the form "game-stg" when the message says the
    rest of its name too ("게임 스테이징"); "prod" alone is no guess at "rides-prod"."""
    if not namespaces:
        return env.names[0]
    names = [name for name in env.names if name not in _NAMED_AS_ITSELF]
    if found := next((name for name in names if name in namespaces), None):
        return found
    rest = {ns: ns.replace(f"-{n}", "").replace(f"{n}-", "") for ns in namespaces for n in names if _affixed(ns, n)}
    fits = [ns for ns, other in rest.items() if other in said]
    return fits[0] if len(fits) == 1 else None


def _affixed(namespace: str, name: str) -> bool:
    return namespace.startswith(f"{name}-") or namespace.endswith(f"-{name}")


@functools.lru_cache(maxsize=32)  # asked again for each environment word of the same message
def _said_words(utterance: Utterance) -> frozenset[str]:
    """The words of the message, and the English of its Korean ones ("게임" -> game)."""
    said = {token.text for token in utterance.tokens}
    for token in utterance.tokens:
        if token.kind is Kind.HANGUL:
            said.update(form for _, english in glossary.segments(token.text) for form in english)
    return frozenset(said)


def resolve_namespace(name: str, namespaces: Sequence[str]) -> str | None:
    """A namespace as typed (`-n prod`): exact, unique prefix, environment word, else as given."""
    name = name.strip().lower()
    if not namespaces or name in namespaces:
        return name
    prefixed = [ns for ns in namespaces if ns.startswith(name)]
    if len(prefixed) == 1:
        return prefixed[0]
    for env in ENVIRONMENTS:
        if name in env.names and (found := _environment(env, namespaces)):
            return found
    return name


def _stem(word: str) -> str:
    """A Hangul word without a trailing particle ("인프라에서" -> "인프라")."""
    for particle in _AFTER_KO:
        if word.endswith(particle) and len(word) > len(particle) + 1:
            return word[: -len(particle)]
    return word


def _marked(utterance: Utterance, index: int) -> bool:
    tokens = utterance.tokens
    if index > 0 and tokens[index - 1].text in _BEFORE:
        return True
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return after is not None and after.kind is Kind.HANGUL and after.text.startswith(_AFTER_KO)


def _with_marker(utterance: Utterance, index: int) -> frozenset[int]:
    """The namespace token and a following "namespace" word, which then names no resource."""
    after = utterance.tokens[index + 1].text if index + 1 < len(utterance.tokens) else ""
    if after in ("namespace", "ns") or after.startswith(("네임스페이스", "네임")):
        return frozenset({index, index + 1})
    return frozenset({index})


_VERB_END = ("줘", "요", "해", "죠", "줄래", "세요", "봐")


def find_namespace(
    utterance: Utterance, namespaces: Sequence[str], *, apps: Iterable[str] = ()
) -> tuple[str | None, frozenset[int]]:
    """The namespace the message names and the token positions that name it."""
    if utterance.flags.namespace:
        return resolve_namespace(utterance.flags.namespace, namespaces), frozenset()
    app_names, known = _lowered(tuple(apps)), _lowered(tuple(namespaces))
    for index, token in enumerate(utterance.tokens):
        if token.kind is Kind.WORD:
            env = _ENGLISH.get(token.text)
            named_app = (token.text in known or env) and _names_app(utterance, index, (token.text,), app_names)
            if token.text in known and (token.text not in app_names and not named_app or _marked(utterance, index)):
                return token.text, _with_marker(utterance, index)
            if env and not namespaces and token.text not in app_names and _marked(utterance, index):
                return token.text, frozenset({index})
            if (
                env
                and namespaces
                and token.text not in app_names
                and (found := _environment(env, namespaces, _said_words(utterance)))
            ):
                if named_app and not _marked(utterance, index):
                    continue  # "dev portal" for dev-portal
                return found, _with_marker(utterance, index)
        elif token.kind is Kind.HANGUL:
            # a verb is no transliterated name: "맞춰줘" does not sound out ami-edge
            spoken = (
                bool(namespaces) and not lexicon.holds_command_stem(token.text) and not token.text.endswith(_VERB_END)
            )
            stem = _stem(token.text) if spoken else token.text
            for name in namespaces if spoken else ():  # a transliterated name: "인프라" -> infra
                if name not in _ENGLISH and phonetics.sounds_like(stem, name):
                    return name, _with_marker(utterance, index)
            for env in ENVIRONMENTS if token.text.startswith(_KOREAN_WORDS) else ():
                if not token.text.startswith(env.korean):
                    continue
                word = next(w for w in env.korean if token.text.startswith(w))
                # an everyday word, or one an app's name is made of ("라이브 채팅" for live-chat), needs a marker
                literal = _LITERAL.get(word)
                if word in _NAMED_AS_ITSELF_KO and literal not in namespaces:
                    continue  # "라이브" names `live` or nothing: no guess which namespace is production
                marked_only = word in _MARKED_ONLY or _names_app(utterance, index, env.names, app_names)
                if marked_only and not _marked_ko(utterance, index, word):
                    continue
                if found := literal if literal in namespaces else _environment(env, namespaces, _said_words(utterance)):
                    return found, _with_marker(utterance, index)
    return _said(utterance)


@functools.lru_cache(maxsize=64)  # the same apps and namespaces come with every message
def _lowered(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(name.lower() for name in names)


def _names_app(utterance: Utterance, index: int, words: Sequence[str], apps: Iterable[str]) -> bool:
    """Whether the word at `index` and a neighbour together name an app ("dev portal", "라이브 채팅")."""
    neighbours: set[str] = set()
    for near in (index - 1, index + 1):
        if 0 <= near < len(utterance.tokens):
            token = utterance.tokens[near]
            neighbours.add(token.text)
            neighbours.update(form for _, english in glossary.segments(token.text) for form in english)
    for app in apps:
        parts = app.split("-")
        if any(w in parts for w in words) and neighbours & set(parts) - set(words):
            return True
    return False


def _marked_ko(utterance: Utterance, index: int, word: str) -> bool:
    rest = utterance.tokens[index].text[len(word) :]
    after = utterance.tokens[index + 1].text if index + 1 < len(utterance.tokens) else ""
    return rest.startswith(("에서", "에", "환경", "네임", "쪽")) or after.startswith(("환경", "네임스페이스", "네임"))


def _said(utterance: Utterance) -> tuple[str | None, frozenset[int]]:
    """A namespace named as one ("in foo namespace", "namespace foo", "foo 네임스페이스"), known or not.

    It is kept as said, so the bot can refuse it by name instead of using the default.
    """
    tokens = utterance.tokens
    for index, token in enumerate(tokens):
        if token.text not in _NAMESPACE_WORDS and not token.text.startswith(_NAMESPACE_WORDS[2:]):
            continue
        before = tokens[index - 1] if index > 0 else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if before is not None and before.kind is Kind.WORD and before.text not in _NOT_A_NAME:
            if before.text not in lexicon.COMMAND_WORDS_EN:
                return before.text, frozenset({index - 1, index})
        if token.kind is Kind.WORD and after is not None and after.kind is Kind.WORD:
            if after.text not in _NOT_A_NAME and after.text not in lexicon.COMMAND_WORDS_EN:
                return after.text, frozenset({index, index + 1})
    return None, frozenset()


def several_namespaces(
    utterance: Utterance,
    namespaces: Sequence[str],
    *,
    apps: Iterable[str] = (),
    found: tuple[str | None, frozenset[int]] | None = None,
) -> bool:
    """Whether the message names two different namespaces ("prod에서 테스트한 거 staging에 배포").

    `found` is what `find_namespace` already answered for the same message and lists, if it was asked.
    """
    first, used = found if found is not None else find_namespace(utterance, namespaces, apps=apps)
    if first is None or not used:
        return False
    rest = Utterance(utterance.text, tuple(t for i, t in enumerate(utterance.tokens) if i not in used), Flags())
    second, _ = find_namespace(rest, namespaces, apps=apps)
    return second is not None and second != first
