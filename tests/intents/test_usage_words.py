"""`usage`: plain syntax and the natural forms (a CPU/memory word and an app), nothing that asks for a change."""

from __future__ import annotations

import pytest

from intents.builtin.parser import parse_text
from intents.command import Intent
from intents.provider import Context

CONTEXT = Context(apps=("web", "api", "payment-api"), namespaces=("default", "staging"))


@pytest.mark.parametrize(
    ("text", "app", "namespace"),
    [
        ("usage web", "web", None),
        ("usage web -n staging", "web", "staging"),
        ("web CPU 사용량", "web", None),
        ("api 메모리 얼마나 써?", "api", None),
        ("how much memory is api using", "api", None),
        ("cpu usage of payment-api", "payment-api", None),
        ("staging 네임스페이스 web 메모리 사용량", "web", "staging"),
    ],
)
def test_usage_is_read_with_its_app(text, app, namespace):
    command = parse_text(text, CONTEXT)
    assert (command.intent, command.app, command.namespace) == (Intent.USAGE, app, namespace)


@pytest.mark.parametrize(
    "text",
    [
        "scale web, memory is high",
        "bump cpu requests for payment-api",
        "web 메모리 제한 올려줘",
        "cpu usage",
        "web 상태",
    ],
)
def test_changes_and_texts_without_one_app_are_not_usage(text):
    assert parse_text(text, CONTEXT).intent is not Intent.USAGE
