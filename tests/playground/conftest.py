"""A running playground (stand-ins, page, DEMO cluster, the real bot) for each test."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.infra.settings import Settings
from playground.launch import start_playground
from playground.session import Playground
from playground.slack_api import free_port

CLEARED = ("SLACK_", "KLEPAAS_", "DATABASE_URL", "REDIS_URL", "ALERTMANAGER_URL", "GEMINI_", "OPENAI_", "PORT")


@pytest.fixture
async def playground(tmp_path, monkeypatch) -> AsyncIterator[Playground]:
    """The playground as `klepaas playground` starts it, on a DEMO cluster whose rollouts step every 0.3 s."""
    import os

    for name in list(os.environ):
        if name.startswith(CLEARED):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "no-kubeconfig"))  # no context answers: the DEMO
    monkeypatch.chdir(tmp_path)  # no .env
    settings = Settings(_env_file=None, PORT=free_port())
    async with contextlib.AsyncExitStack() as stack:
        yield await start_playground(settings, stack, workdir=tmp_path, demo_step=0.3)


def page_headers(session: Playground) -> dict[str, str]:
    """What the playground's own page sends with each API request: its token, from its own origin."""
    assert session.page is not None
    return {"X-Playground-Token": session.page.token, "Origin": f"http://127.0.0.1:{session.port}"}


async def call(session: Playground, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """What the page's script does: one request to the playground API."""
    url, headers = f"{session.url}/api/{path}", page_headers(session)
    body = {} if body is None and method == "POST" else body  # the page's script always posts a JSON object
    async with aiohttp.ClientSession() as http, http.request(method, url, json=body, headers=headers) as answer:
        assert answer.status == 200, await answer.text()
        return await answer.json()


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A message's buttons by action_id, with their block_id."""
    return {
        element["action_id"]: {**element, "block_id": block.get("block_id", "")}
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }
