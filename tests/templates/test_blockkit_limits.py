"""templates/ enforces Slack's documented Block Kit limits itself: exactly at each limit passes, one over fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from playground.blockkit import judge
from templates import Message
from templates.message import MAX_TEXT, MAX_TOTAL_BLOCK_CHARS

Block = dict[str, Any]


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def section(text: str = "s") -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def button(action_id: str = "ack", **extra: str) -> Block:
    return {"type": "button", "text": plain("Ack"), "action_id": action_id, **extra}


def actions(*elements: Block) -> Block:
    return {"type": "actions", "elements": list(elements)}


def ahead(block: Block) -> list[Block]:
    """The block under test at index 2, after two valid ones, so errors must name the right index."""
    return [section("first"), {"type": "divider"}, block]


# name -> (limit, blocks with a value of size n, what the error names). Each limit is Slack's documented one.
LIMITS: dict[str, tuple[int, Callable[[int], list[Block]], str]] = {
    "blocks per message": (50, lambda n: [{"type": "divider"}] * n, "at most 50 blocks"),
    "section text": (
        3000,
        lambda n: ahead(section("a" * n)),
        "block 2 (section) text: text has 3001 characters, the limit is 3000",
    ),
    "section fields": (
        10,
        lambda n: ahead({"type": "section", "fields": [mrkdwn("f")] * n}),
        "block 2 (section): fields has 11 items, the limit is 10",
    ),
    "section field text": (
        2000,
        lambda n: ahead({"type": "section", "fields": [mrkdwn("f"), mrkdwn("a" * n)]}),
        "block 2 (section) field 1: text has 2001 characters, the limit is 2000",
    ),
    "header text": (
        150,
        lambda n: ahead({"type": "header", "text": plain("h" * n)}),
        "block 2 (header) text: text has 151 characters, the limit is 150",
    ),
    "context elements": (
        10,
        lambda n: ahead({"type": "context", "elements": [mrkdwn("c")] * n}),
        "block 2 (context): elements has 11 items, the limit is 10",
    ),
    "actions elements": (
        25,
        lambda n: ahead(actions(*(button(f"b{i}") for i in range(n)))),
        "block 2 (actions): elements has 26 items, the limit is 25",
    ),
    "button text": (
        75,
        lambda n: ahead(actions({"type": "button", "text": plain("t" * n), "action_id": "ack"})),
        "block 2 (actions) element 0 text: text has 76 characters, the limit is 75",
    ),
    "button value": (
        2000,
        lambda n: ahead(actions(button(value="v" * n))),
        "block 2 (actions) element 0: value has 2001 characters, the limit is 2000",
    ),
    "button url": (
        3000,
        lambda n: ahead(actions(button(url="https://x.example/" + "u" * (n - 18)))),
        "block 2 (actions) element 0: url has 3001 characters, the limit is 3000",
    ),
    "action_id": (
        255,
        lambda n: ahead(actions(button("a" * n))),
        "block 2 (actions) element 0: action_id has 256 characters, the limit is 255",
    ),
    "block_id": (
        255,
        lambda n: ahead({"type": "divider", "block_id": "b" * n}),
        "block 2 (divider): block_id has 256 characters, the limit is 255",
    ),
    "section accessory button text": (
        75,
        lambda n: ahead({**section(), "accessory": {"type": "button", "text": plain("t" * n), "action_id": "x"}}),
        "block 2 (section) accessory text: text has 76 characters, the limit is 75",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", LIMITS)
def test_a_message_exactly_at_a_block_kit_limit_is_accepted(name: str) -> None:
    limit, build, _ = LIMITS[name]
    blocks = build(limit)
    assert Message(text="fallback", blocks=blocks).blocks == blocks  # stored unchanged


@pytest.mark.parametrize("name", LIMITS)
def test_one_over_a_block_kit_limit_is_a_value_error_naming_the_block_and_the_limit(name: str) -> None:
    limit, build, error = LIMITS[name]
    with pytest.raises(ValueError) as caught:
        Message(text="fallback", blocks=build(limit + 1))
    assert error in str(caught.value)


@pytest.mark.parametrize("name", LIMITS)
def test_the_playground_slack_sdk_oracle_draws_each_limit_at_the_same_place(name: str) -> None:
    limit, build, _ = LIMITS[name]
    assert judge("fallback", build(limit)) is None
    assert judge("fallback", build(limit + 1)) is not None


def test_an_action_id_used_twice_in_one_message_is_refused_with_the_second_block_named() -> None:
    blocks = [actions(button("logs")), section(), actions(button("ack"), button("logs"))]
    with pytest.raises(ValueError, match=r"block 2 \(actions\) element 1: action_id 'logs' is not unique"):
        Message(text="fallback", blocks=blocks)
    Message(text="fallback", blocks=[actions(button("logs")), section(), actions(button("ack"), button("logs:2"))])


def test_a_button_style_is_primary_danger_or_absent() -> None:
    Message(text="f", blocks=[actions(button("a", style="primary"), button("b", style="danger"), button("c"))])
    with pytest.raises(ValueError, match=r"block 0 \(actions\) element 0: style must be one of danger, primary"):
        Message(text="f", blocks=[actions(button(style="secondary"))])


@pytest.mark.parametrize(
    ("block", "error"),
    [
        (
            {"type": "section", "text": {"type": "markdown", "text": "x"}},
            "must be a text object of type mrkdwn or plain_text",
        ),
        ({"type": "section", "text": mrkdwn("")}, "text must be a non-empty string"),
        ({"type": "context", "elements": [plain("")]}, "text must be a non-empty string"),
        ({"type": "header", "text": mrkdwn("*bold*")}, "must be a text object of type plain_text, not 'mrkdwn'"),
        (
            actions({"type": "button", "text": mrkdwn("x"), "action_id": "a"}),
            "must be a text object of type plain_text",
        ),
        ({"type": "section"}, "a section needs text or fields"),
        ({"type": "section", "fields": []}, "fields must be a non-empty list"),
        ({"type": "context", "elements": []}, "elements must be a non-empty list"),
        ({"type": "actions", "elements": [{"type": "static_select", "action_id": "a"}]}, "only button elements"),
        ({"type": "image", "image_url": "https://x.example/a.png", "alt_text": "a"}, "unknown block type 'image'"),
        ({"type": "section", "text": mrkdwn("x"), "feilds": []}, "unexpected key(s) feilds"),
        ({"type": "divider", "block_id": ""}, "block_id must be a non-empty string"),
    ],
)
def test_a_malformed_block_is_refused_with_its_index(block: Block, error: str) -> None:
    with pytest.raises(ValueError) as caught:
        Message(text="fallback", blocks=ahead(block))
    assert "block 2 (" in str(caught.value) or "block 2:" in str(caught.value)
    assert error in str(caught.value)


def test_blocks_too_long_in_total_are_refused_even_when_each_is_within_its_limit() -> None:
    blocks = [section("a" * 2900) for _ in range(2 * MAX_TOTAL_BLOCK_CHARS // 2900 + 1)]
    with pytest.raises(ValueError, match="blocks are too long in total"):
        Message(text="fallback", blocks=blocks)


def test_the_fallback_text_is_required_and_at_most_4000_characters() -> None:
    assert Message(text="t" * MAX_TEXT).text == "t" * MAX_TEXT
    for text in ("", "t" * (MAX_TEXT + 1)):
        with pytest.raises(ValueError):
            Message(text=text, blocks=[section()])


def test_templates_no_longer_import_the_slack_sdk() -> None:
    import ast
    from pathlib import Path

    import templates

    for module in Path(templates.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "slack_sdk" for n in names), module
