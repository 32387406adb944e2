"""A running playground (stand-ins, page, DEMO cluster, the real bot) for each test."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.app.runner import start_playground
from bot.infra.settings import Settings
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


async def call(session: Playground, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """What the page's script does: one request to the playground API."""
    async with aiohttp.ClientSession() as http, http.request(method, f"{session.url}/api/{path}", json=body) as answer:
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
