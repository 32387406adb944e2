"""A button's value comes back in a click, so it is judged whole and read through the bounded parse."""

from __future__ import annotations

import pytest

from bot.messages.buttons import command_from_choice, command_from_target, command_from_undo
from intents import Intent


@pytest.mark.parametrize("value", ["shop/web\n", "shop/web:3\n", "shop/web\nshop/api", " shop/web"])
def test_a_target_value_with_anything_around_it_is_refused(value):
    with pytest.raises(ValueError, match="not a namespace/app"):
        command_from_target(Intent.ROLLBACK, value)


@pytest.mark.parametrize(
    "value",
    [
        "[" * 1_000 + "]" * 1_000,  # fits in a button's 2,000 characters, and once raised RecursionError
        '{"intent": "deploy", "app": "web", "namespace": "shop", "image": "nginx:1.27", "x": '
        + "[" * 900
        + "]" * 900
        + "}",
        '{"intent": "scale", "app": "web", "namespace": "shop", "replicas": NaN}',
        '{"intent": "scale", "app": "web", "namespace": "shop", "replicas": 3}' + " " * 2_000,
    ],
)
def test_a_hostile_undo_or_choice_value_is_a_value_error(value):
    for decode in (command_from_undo, command_from_choice):
        with pytest.raises(ValueError):
            decode(value)


def test_an_undo_value_is_read_as_it_was_written():
    value = '{"intent":"deploy","app":"web","namespace":"shop","image":"nginx:1.27"}'
    assert command_from_undo(value).image == "nginx:1.27"
