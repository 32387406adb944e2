"""The parts of a parsed Command that were said: its frame without the empty fields, as the tests write them."""

from __future__ import annotations

from typing import Any

from intents.builtin.parser import parse_text
from intents.provider import Context


def said_frame(text: str, context: Context) -> dict[str, Any]:
    return {k: v for k, v in parse_text(text, context).frame().items() if v is not None}
