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
from typing import Any

__all__ = ["MAX_BYTES", "MAX_DEPTH", "InvalidJson", "parse_json"]

# Below the web server's own limit (2 MiB, answered 413), so an oversized body gets this sentence.
MAX_BYTES = 1024 * 1024
# Slack's deepest payloads (rich_text inside a message inside block_actions) nest about 12 levels.
MAX_DEPTH = 64

_NAMES: dict[type, str] = {dict: "an object", list: "an array"}


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
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > max_bytes:
        raise InvalidJson(f"The body is {size} bytes long; send at most {max_bytes} bytes.")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidJson(f"The body is not UTF-8 (byte {exc.start}); send JSON encoded as UTF-8.") from None
    try:
        value = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise InvalidJson(f"The body nests deeper than {max_depth} levels; send at most {max_depth}.") from None
    except json.JSONDecodeError as exc:
        raise InvalidJson(f"The body is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno}).") from None
    if not isinstance(value, top):
        raise InvalidJson(f"The body is JSON but not {_NAMES.get(top, top.__name__)}; send {_NAMES.get(top, 'one')}.")
    _check(value, max_depth=max_depth)
    return value


def _check(value: Any, *, max_depth: int) -> None:
    """Depth and text of every nested value, without recursion (the value may be a thousand levels deep)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _text(item)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > max_depth:
            raise InvalidJson(f"The body nests deeper than {max_depth} levels; send at most {max_depth}.")
        if isinstance(item, dict):
            for key, inner in item.items():
                _text(key)
                stack.append((inner, depth + 1))
        else:
            stack.extend((inner, depth + 1) for inner in item)


def _text(text: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidJson(
            "The body has a string with a lone surrogate (\\ud800-\\udfff); send valid Unicode."
        ) from None
