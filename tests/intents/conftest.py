"""Fixtures for the built-in parser tests: a parser and a cluster unlike the dev set's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from intents.builtin import BuiltinParser
from intents.command import Command
from intents.provider import Context

# Apps and namespaces the development sentences never use, so the tests check rules, not memory.
APPS = (
    "cart-service",
    "inventory-api",
    "search-worker",
    "shipping",
    "gateway",
    "kafka-consumer",
    "admin-web",
    "user-db",
    "jenkins",
    "frontend",
    "api-server",
    "payment-api",
)
NAMESPACES = ("default", "prod", "stage", "dev", "infra")


@pytest.fixture
def parse() -> Callable[..., Command]:
    parser = BuiltinParser()

    def _parse(text: str, *, apps: tuple[str, ...] = APPS, namespaces: tuple[str, ...] = NAMESPACES) -> Command:
        return parser.parse_sync(text, context=Context(apps=apps, namespaces=namespaces))

    return _parse


@pytest.fixture
def parse_frame(parse: Callable[..., Command]) -> Callable[..., dict[str, object]]:
    """The frame without the fields left unset, for compact expectations."""

    def _frame(text: str, **context: tuple[str, ...]) -> dict[str, object]:
        return {k: v for k, v in parse(text, **context).frame().items() if v is not None}

    return _frame
