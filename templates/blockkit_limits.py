"""
Slack's documented Block Kit limits for the blocks the bot renders (PROTOCOLS.md §5).

templates/ checks its own output against these numbers instead of slack_sdk's models:
only bot/ may import the Slack SDK, and the playground's Slack stand-in keeps slack_sdk as
an independent oracle. The schema covers exactly what the templates render (section,
header, context, divider and actions blocks; text objects and buttons) and rejects
anything else, so a new block type has to be added here, with its limits, before it ships.

`check_blocks` raises ValueError naming the block's index and the limit it breaks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "BUTTON_STYLES",
    "MAX_ACTIONS_ELEMENTS",
    "MAX_ACTION_ID",
    "MAX_BLOCKS",
    "MAX_BLOCK_ID",
    "MAX_BUTTON_TEXT",
    "MAX_BUTTON_URL",
    "MAX_BUTTON_VALUE",
    "MAX_CONTEXT_ELEMENTS",
    "MAX_FIELD_TEXT",
    "MAX_HEADER_TEXT",
    "MAX_SECTION_FIELDS",
    "MAX_SECTION_TEXT",
    "MAX_TEXT_OBJECT",
    "check_blocks",
]

MAX_BLOCKS = 50  # per message (modals and the Home tab allow 100)
MAX_BLOCK_ID = 255
MAX_TEXT_OBJECT = 3000  # any text object, unless its place sets a lower limit
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_URL = 3000
MAX_BUTTON_LABEL = 75  # accessibility_label
MAX_ACTION_ID = 255  # and unique within the message, so a click names one button
BUTTON_STYLES = frozenset({"primary", "danger"})
TEXT_TYPES = frozenset({"plain_text", "mrkdwn"})

# The keys each object may carry; a misspelt key is an error, not a silently ignored field.
_BLOCK_KEYS: dict[str, frozenset[str]] = {
    "section": frozenset({"type", "block_id", "text", "fields", "accessory", "expand"}),
    "header": frozenset({"type", "block_id", "text"}),
    "context": frozenset({"type", "block_id", "elements"}),
    "divider": frozenset({"type", "block_id"}),
    "actions": frozenset({"type", "block_id", "elements"}),
}
_TEXT_KEYS = {"plain_text": frozenset({"type", "text", "emoji"}), "mrkdwn": frozenset({"type", "text", "verbatim"})}
_BUTTON_KEYS = frozenset({"type", "text", "action_id", "value", "url", "style", "accessibility_label"})


def check_blocks(blocks: Sequence[Mapping[str, Any]]) -> None:
    """Raise ValueError if Slack would refuse these blocks in a message (chat.postMessage, chat.update)."""
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"a message has at most {MAX_BLOCKS} blocks, this one has {len(blocks)}")
    action_ids: set[str] = set()
    for index, block in enumerate(blocks):
        _check_block(block, index, action_ids)


def _check_block(block: Mapping[str, Any], index: int, action_ids: set[str]) -> None:
    kind = block.get("type") if isinstance(block, Mapping) else None
    where = f"block {index} ({kind})"
    if not isinstance(kind, str) or kind not in _BLOCK_KEYS:
        raise ValueError(f"block {index}: unknown block type {kind!r} (known: {', '.join(sorted(_BLOCK_KEYS))})")
    _only_keys(block, _BLOCK_KEYS[kind], where)
    _optional_string(block, "block_id", MAX_BLOCK_ID, where)
    if kind == "section":
        _check_section(block, where, action_ids)
    elif kind == "header":
        _text_object(block.get("text"), f"{where} text", MAX_HEADER_TEXT, plain_only=True)
    elif kind == "context":
        for i, element in enumerate(_elements(block, MAX_CONTEXT_ELEMENTS, where)):
            _text_object(element, f"{where} element {i}", MAX_TEXT_OBJECT)
    elif kind == "actions":
        for i, element in enumerate(_elements(block, MAX_ACTIONS_ELEMENTS, where)):
            _button(element, f"{where} element {i}", action_ids)


def _check_section(block: Mapping[str, Any], where: str, action_ids: set[str]) -> None:
    if block.get("text") is None and block.get("fields") is None:
        raise ValueError(f"{where}: a section needs text or fields")
    if block.get("text") is not None:
        _text_object(block["text"], f"{where} text", MAX_SECTION_TEXT)
    if block.get("fields") is not None:
        fields = block["fields"]
        if not isinstance(fields, list) or not fields:
            raise ValueError(f"{where}: fields must be a non-empty list")
        if len(fields) > MAX_SECTION_FIELDS:
            raise ValueError(f"{where}: fields has {len(fields)} items, the limit is {MAX_SECTION_FIELDS}")
        for i, field in enumerate(fields):
            _text_object(field, f"{where} field {i}", MAX_FIELD_TEXT)
    if block.get("accessory") is not None:
        _button(block["accessory"], f"{where} accessory", action_ids)
    if "expand" in block and not isinstance(block["expand"], bool):
        raise ValueError(f"{where}: expand must be a boolean")


def _elements(block: Mapping[str, Any], limit: int, where: str) -> list[Any]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        raise ValueError(f"{where}: elements must be a non-empty list")
    if len(elements) > limit:
        raise ValueError(f"{where}: elements has {len(elements)} items, the limit is {limit}")
    return elements


def _button(element: object, where: str, action_ids: set[str]) -> None:
    if not isinstance(element, Mapping) or element.get("type") != "button":
        kind = element.get("type") if isinstance(element, Mapping) else type(element).__name__
        raise ValueError(f"{where}: only button elements are rendered, not {kind!r}")
    _only_keys(element, _BUTTON_KEYS, where)
    _text_object(element.get("text"), f"{where} text", MAX_BUTTON_TEXT, plain_only=True)
    _optional_string(element, "value", MAX_BUTTON_VALUE, where, allow_empty=True)
    _optional_string(element, "url", MAX_BUTTON_URL, where)
    _optional_string(element, "accessibility_label", MAX_BUTTON_LABEL, where)
    action_id = _optional_string(element, "action_id", MAX_ACTION_ID, where)
    if action_id is not None:
        if action_id in action_ids:
            raise ValueError(f"{where}: action_id {action_id!r} is not unique within the message")
        action_ids.add(action_id)
    style = element.get("style")
    if style is not None and style not in BUTTON_STYLES:
        raise ValueError(f"{where}: style must be one of {', '.join(sorted(BUTTON_STYLES))}, not {style!r}")


def _text_object(value: object, where: str, limit: int, *, plain_only: bool = False) -> None:
    allowed = {"plain_text"} if plain_only else TEXT_TYPES
    kind = value.get("type") if isinstance(value, Mapping) else None
    if not isinstance(value, Mapping) or kind not in allowed:
        raise ValueError(f"{where}: must be a text object of type {' or '.join(sorted(allowed))}, not {kind!r}")
    _only_keys(value, _TEXT_KEYS[str(kind)], where)
    text = value.get("text")
    if not isinstance(text, str) or not text:
        raise ValueError(f"{where}: text must be a non-empty string")
    if len(text) > limit:
        raise ValueError(f"{where}: text has {len(text)} characters, the limit is {limit}")


def _optional_string(
    obj: Mapping[str, Any], key: str, limit: int, where: str, *, allow_empty: bool = False
) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not (value or allow_empty):
        raise ValueError(f"{where}: {key} must be a non-empty string")
    if len(value) > limit:
        raise ValueError(f"{where}: {key} has {len(value)} characters, the limit is {limit}")
    return value


def _only_keys(obj: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise ValueError(f"{where}: unexpected key(s) {', '.join(unknown)}")
