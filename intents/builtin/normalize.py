"""
Raw chat text -> an Utterance: CLI flags pulled out, tokens split by script.

People glue Korean particles to English words ("staging에서", "3개로", "v1.8.0으로"),
paste Slack markup and type kubectl flags; everything after this module sees clean,
lowercased tokens and the flag values, never the raw string.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass

from intents.gate_words import CLOCK

# Slack markup: user/channel mentions and the bot's own name in front of the command.
_SLACK_MENTION = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<(?:https?://)?([^>|]+)(?:\|[^>]*)?>")
# kubectl's "deploy/web", "deployment.apps/web": the name is what follows the slash.
_KIND_PREFIX = re.compile(r"\b(?:deploy|deployments?)(?:\.apps)?/(?=[a-z0-9])", re.IGNORECASE)
# The Korean plural on an English noun: "rollout들" is "rollouts".
_PLURAL = re.compile(r"(?<=[A-Za-z])들(?![\uac00-\ud7a3])")
_BOT_PREFIX = re.compile(r"^\s*(?:/|@)?klepaas\b[\s,:]*", re.IGNORECASE)

_FLAG_VALUE = r"(?:\s+|=)([A-Za-z0-9][A-Za-z0-9._/:@+-]*)"
_FLAGS = {
    # the namespace as typed, whatever it holds: refused whole rather than cut to a valid prefix
    # (-n with a number is tail's count of lines: "tail -n 300"; no namespace is all digits)
    "namespace": re.compile(r"(?:^|\s)(?:-n|--namespace|--ns)(?:\s+|=)(?!\d+(?:\s|$))(\S+)"),
    "lines": re.compile(r"(?:^|\s)(?:--tail|--lines|-l|-n)" + r"(?:\s+|=)(\d+)(?=\s|$)"),
    "revision": re.compile(r"(?:^|\s)--(?:to-revision|revision|to|rev)" + r"(?:\s+|=)(\d+)"),
    "replicas": re.compile(r"(?:^|\s)--replicas" + r"(?:\s+|=)(\d+)"),
    "image": re.compile(
        r"(?:^|\s)(?:--image|--tag|image|tag)\s*[=:]\s*([A-Za-z0-9][A-Za-z0-9._/:@+-]*)", re.IGNORECASE
    ),
}

_TOKEN = re.compile(
    r"\d+(?:\.\d+)?%"  # a share ("stuck at 99%", "에러율 5%"): a word, never a count of lines or replicas
    r"|[A-Za-z0-9][A-Za-z0-9._/:@+'-]*"  # latin words, names, numbers, image references
    r"|[\uac00-\ud7a3]+"  # Hangul syllables
    r"|[\u3131-\u318e\u1100-\u11ff]+"  # bare jamo: "ㄱㄱ", "ㅇㅇ"
)
# An image reference (repo:tag, registry/path, digest) or a version-like tag.
_IMAGE_REF = re.compile(
    r"^(?:[a-z0-9.-]+(?::\d+)?/)?[a-z0-9._/-]*[a-z0-9](?::[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[0-9a-f]+)$",
    re.IGNORECASE,
)
_IMAGE_PATH = re.compile(r"^[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?/[a-z0-9._/-]+$", re.IGNORECASE)
_VERSION = re.compile(
    r"^v?\d+(?:\.\d+){1,3}(?:[-+][A-Za-z0-9.]+)?$|^v\d+(?:[-+][A-Za-z0-9.]+)?$|^sha-[0-9a-f]{6,40}$", re.IGNORECASE
)
_NUMBER = re.compile(r"^\d{1,6}$")
_TAG_WORDS = ("tag", "image", "version", "build", "태그", "이미지", "버전", "빌드")
# a word that reads as a tag: opens with its number ("r42", "build-7") or holds a longer one ("release-2024-11-02")
_TAG_LIKE = re.compile(r"^(?:v|r|rev|build|b)?[-.]?\d|\d{2,}|\.\d")
_TAG_NAMES = frozenset({"latest", "stable", "edge", "canary", "nightly"})
_SHIP_WORDS = ("배포", "deploy", "릴리스", "릴리즈")


class Kind(enum.StrEnum):
    WORD = "word"  # latin word or Kubernetes name
    NUMBER = "number"  # digits only
    REF = "ref"  # image reference or version tag
    HANGUL = "hangul"
    JAMO = "jamo"  # "ㄱㄱ": casual "go"


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # lowercased
    raw: str  # as typed (image tags keep their case)
    kind: Kind


@dataclass(frozen=True, slots=True)
class Flags:
    """Values given as CLI flags (`-n staging --tail 50 --to 4`); None when absent."""

    namespace: str | None = None
    lines: int | None = None
    revision: int | None = None
    replicas: int | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class Utterance:
    text: str  # lowercased, markup and flags removed
    tokens: tuple[Token, ...]
    flags: Flags

    @property
    def hangul(self) -> str:
        """All Hangul of the message without spaces: Korean cues survive spacing errors."""
        return "".join(t.text for t in self.tokens if t.kind in (Kind.HANGUL, Kind.JAMO))

    @property
    def english(self) -> str:
        """Latin words separated and framed by spaces, for phrase lookups like ' roll back '."""
        return " " + " ".join(t.text for t in self.tokens if t.kind is not Kind.HANGUL) + " "


def _strip_markup(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", " ")
    text = _SLACK_MENTION.sub(" ", text)
    text = _SLACK_LINK.sub(r"\1", text)
    text = _KIND_PREFIX.sub("", text)
    text = _PLURAL.sub("s ", text)
    return _BOT_PREFIX.sub("", text)


def _take_flags(text: str) -> tuple[str, Flags]:
    found: dict[str, str] = {}
    for name, pattern in _FLAGS.items():
        match = pattern.search(text)
        if match:
            found[name] = match.group(1)
            text = text[: match.start()] + " " + text[match.end() :]
    return text, Flags(
        namespace=found["namespace"].lower() if "namespace" in found else None,
        lines=int(found["lines"]) if "lines" in found else None,
        revision=int(found["revision"]) if "revision" in found else None,
        replicas=int(found["replicas"]) if "replicas" in found else None,
        image=found.get("image"),
    )


@functools.lru_cache(maxsize=8192)  # a word reads the same in every message
def _classify(raw: str) -> Token | None:
    if raw[0] >= "\uac00" and raw[0] <= "\ud7a3":
        return Token(raw, raw, Kind.HANGUL)
    if not raw[0].isascii():
        return Token(raw, raw, Kind.JAMO)
    raw = raw.rstrip(".:,'-/=@+")
    if raw.lower().endswith("'s"):  # "prod's pods", "the matchmaker's logs"
        raw = raw[:-2]
    if not raw:
        return None
    text = raw.lower()
    if _NUMBER.match(text):
        return Token(text, raw, Kind.NUMBER)
    if CLOCK.match(text):
        return Token(text, raw, Kind.WORD)  # "Update 15:42": a time of day, not the tag "42" of an image "15"
    if _VERSION.match(text) or _IMAGE_REF.match(text) or _IMAGE_PATH.match(text):
        return Token(text, raw, Kind.REF)
    return Token(text, raw, Kind.WORD)


# The stages of one message read the same text again (the clause, the app's words, the gate). Small on
# purpose: it spares that repeated work within a message, it is no store of messages seen.
@functools.lru_cache(maxsize=32)
def normalize(text: str) -> Utterance:
    """Split a chat message into tokens and CLI flags (see the module docstring)."""
    text, flags = _take_flags(_strip_markup(text))
    tokens = tuple(t for t in (_classify(m.group(0)) for m in _TOKEN.finditer(text)) if t is not None)
    return Utterance(text=text.lower(), tokens=_tags(tokens), flags=flags)


def _tags(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """A word with a digit right after "tag"/"태그"/"image"/"이미지" is an image tag ("태그 r42"), and one that
    reads as a tag before such a word or before "배포"/"deploy" ("r42 태그", "release-2025-04-15 배포해줘")."""
    out = list(tokens)
    for index, token in enumerate(out):
        if token.kind is not Kind.WORD or not (any(map(str.isdigit, token.text)) or token.text in _TAG_NAMES):
            continue
        before = out[index - 1].text if index else ""
        after = out[index + 1].text if index + 1 < len(out) else ""
        # before the tag word only what reads as a tag ("r42 태그"), not a name with a digit ("hl7-ingest 이미지")
        tag_like = token.text in _TAG_NAMES or bool(_TAG_LIKE.search(token.text))
        # …or right before the verb that ships it: "web `release-2025-04-15` 배포해주세요"
        if before.startswith(_TAG_WORDS) or (after.startswith((*_TAG_WORDS, *_SHIP_WORDS)) and tag_like):
            out[index] = Token(token.text, token.raw, Kind.REF)
    return tuple(out)
