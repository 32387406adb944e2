"""A "when" clause asks only with a "?" or an inverted verb; otherwise it waits, and nothing is done now."""

from __future__ import annotations

import pytest

from intents import Context
from intents.builtin.parser import parse_text
from intents.discourse import Mood, read_message

APPS = Context(apps=("web", "api", "ledger-sync"), namespaces=("default", "prod"))


@pytest.mark.parametrize(
    "text",
    [
        "when the queue passes 500, bump web to 8",
        "when error rate goes above 5% restart api",
        "when ledger-sync finishes the batch, roll it back",
        "When CPU hits 90, scale web to 6 pls",
    ],
)
def test_a_when_clause_without_a_question_puts_the_change_off(text):
    assert parse_text(text, APPS).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    ["when did web break?", "when was api last deployed", "when is the next deploy of ledger-sync?"],
)
def test_a_when_question_still_asks(text):
    assert read_message(text).parts[0].mood is Mood.QUESTION
