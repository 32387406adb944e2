"""
What Slack would answer for a message's `text` and `blocks`: the stand-in's oracle.

It is deliberately independent of the product's own `templates.message.Message`: slack_sdk's
block models judge each block (their validators encode Slack's per-element limits), and the
limits slack_sdk leaves out are written here from Slack's documentation (PROTOCOLS.md §5).
An answer is Slack's error string (`invalid_blocks`, `no_text`, …) with a reason, or None.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

__all__ = ["MAX_BLOCKS", "MAX_FIELD_TEXT", "MAX_TEXT", "MAX_TOTAL_BLOCK_TEXT", "Rejection", "judge"]

MAX_BLOCKS = 50  # per message; slack_sdk checks this only for views
MAX_FIELD_TEXT = 2000  # each section field; slack_sdk checks only their count
MAX_TEXT = 40_000  # Slack truncates the top-level text above this: msg_too_long
# Slack answers msg_blocks_too_long at about 13k characters of block text (bolt-js#2509).
MAX_TOTAL_BLOCK_TEXT = 13_000


@dataclass(frozen=True, slots=True)
class Rejection:
    error: str  # what Slack puts in {"ok": false, "error": …}
    reason: str  # which limit, for a test's failure message


def judge(text: object, blocks: object) -> Rejection | None:
    """Slack's verdict on a message; `blocks` may be a list or its JSON string, as on the wire."""
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except ValueError:
            return Rejection("invalid_blocks", "blocks are not JSON")
    blocks = blocks or []
    if not text:
        # Slack accepts blocks without text but the bot always sends a fallback (PROTOCOLS.md §5).
        return Rejection("no_text", "no top-level text")
    if len(str(text)) > MAX_TEXT:
        return Rejection("msg_too_long", f"text is {len(str(text))} characters")
    if not isinstance(blocks, list):
        return Rejection("invalid_blocks", "blocks is not a list")
    if len(blocks) > MAX_BLOCKS:
        return Rejection("invalid_blocks", f"{len(blocks)} blocks, more than {MAX_BLOCKS}")
    for raw in blocks:
        if (rejection := _judge_block(raw)) is not None:
            return rejection
    total = sum(len(piece) for raw in blocks for piece in _texts(raw))
    if total > MAX_TOTAL_BLOCK_TEXT:
        return Rejection("msg_blocks_too_long", f"{total} characters of block text")
    return None


def _judge_block(raw: Any) -> Rejection | None:
    if not isinstance(raw, dict):
        return Rejection("invalid_blocks", "a block is not an object")
    block = Block.parse(raw)
    if block is None:
        return Rejection("invalid_blocks", f"unknown block type {raw.get('type')!r}")
    try:
        block.validate_json()
        # NB: validate_json() checks only the block itself; to_dict() validates every nested element too.
        block.to_dict()
    except SlackObjectFormationError as exc:
        return Rejection("invalid_blocks", f"{raw.get('type')}: {exc}")
    for field in raw.get("fields") or ():
        if len(str(field.get("text", ""))) > MAX_FIELD_TEXT:
            return Rejection("invalid_blocks", f"a section field is over {MAX_FIELD_TEXT} characters")
    return None


def _texts(node: Any) -> list[str]:
    """Every `text` string inside a block, however deep."""
    if isinstance(node, dict):
        found = [node["text"]] if isinstance(node.get("text"), str) else []
        return found + [
            t for key, value in node.items() if key != "text" or not isinstance(value, str) for t in _texts(value)
        ]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []
