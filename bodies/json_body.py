"""
A JSON body read once, within bounds: size, UTF-8, depth, and the top-level type the caller wants.

`json.loads` alone is not a boundary: 20,000 nested arrays raise RecursionError (not a
ValueError, so it escaped every `except ValueError` and answered 500), bytes in UTF-16 or
UTF-32 are decoded silently, `NaN` and `Infinity` are accepted, and a lone surrogate
(`"\\ud800"`) parses into a str that no database or Slack call can encode later. Here
every one of those is an `InvalidJson` carrying a sentence for the sender, and the caller
answers 400 with it.

The depth is measured on the parsed value without recursion; the parse itself is bounded
by the interpreter's recursion limit, which is what turns a deeper body into RecursionError.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_BYTES", "MAX_DEPTH", "InvalidJson", "parse_json"]

# Below the web server's own limit (2 MiB, answered 413), so an oversized body gets this sentence.
MAX_BYTES = 1024 * 1024
# Slack's deepest payloads (rich_text inside a message inside block_actions) nest about 12 levels.
MAX_DEPTH = 64

_NAMES: dict[type, str] = {dict: "an object", list: "an array"}
_SURROGATE = "The body has a string with a lone surrogate (\\ud800-\\udfff); send valid Unicode."
# A surrogate reaches a parsed str only through a \uD800-\uDFFF escape (UTF-8 input cannot carry one).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class InvalidJson(ValueError):
    """The body is not JSON the bot reads; `sentence` says why, for the sender."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        super().__init__(sentence)


def _no_constant(name: str) -> Any:
    raise InvalidJson(f"The body contains {name}, which is not JSON; send numbers as finite decimals.")


def parse_json(
    raw: bytes | str,
    *,
    top: type = dict,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """The JSON value in `raw`, whose top level is a `top` (dict or list); raises InvalidJson."""
    if isinstance(raw, str):
        try:
            size = len(raw.encode("utf-8"))
        except UnicodeEncodeError:
            raise InvalidJson(_SURROGATE) from None
    else:
        size = len(raw)
    if size > max_bytes:
        raise InvalidJson(f"The body is {size} bytes long; send at most {max_bytes} bytes.")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")  # NB: strict: bytes that encode a surrogate are refused here too
        except UnicodeDecodeError as exc:
            raise InvalidJson(f"The body is not UTF-8 (byte {exc.start}); send JSON encoded as UTF-8.") from None
    try:
        value = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise InvalidJson(_too_deep(max_depth)) from None
    except json.JSONDecodeError as exc:
        raise InvalidJson(f"The body is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno}).") from None
    if not isinstance(value, top):
        raise InvalidJson(f"The body is JSON but not {_NAMES.get(top, top.__name__)}; send {_NAMES.get(top, 'one')}.")
    # NB: both walks are skipped when the text shows they cannot find anything (the common case).
    if raw.count("[") + raw.count("{") > max_depth and _depth_over(value, max_depth):
        raise InvalidJson(_too_deep(max_depth))
    if "\\u" in raw and _SURROGATE_ESCAPE.search(raw) and not _all_text_encodes(value):
        raise InvalidJson(_SURROGATE)
    return value


def _too_deep(max_depth: int) -> str:
    return f"The body nests deeper than {max_depth} levels; send at most {max_depth}."


def _depth_over(value: Any, max_depth: int) -> bool:
    """Whether containers nest deeper than `max_depth`, level by level (no recursion: it may be 1,000 deep)."""
    level = [value] if type(value) in (dict, list) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return True
        below: list[Any] = []
        for item in level:
            below.extend(c for c in (item.values() if type(item) is dict else item) if type(c) in (dict, list))
        level = below
    return False


def _all_text_encodes(value: Any) -> bool:
    """Whether every key and string inside is valid Unicode (a lone surrogate escape makes one that is not)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:
            texts: Any = (item,)
        elif type(item) is dict:
            texts = item.keys()
            stack.extend(item.values())
        elif type(item) is list:
            texts = ()
            stack.extend(item)
        else:
            continue
        for text in texts:
            if not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    return False
    return True
