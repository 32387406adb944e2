"""Fixtures for alerts/: webhook bodies and groups built from parts, and a real Alertmanager."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from typing import Any

import aiohttp
import pytest

from alerts.payload import AlertGroup, WebhookPayload, parse_webhook
from bodies import MAX_BYTES
from tests.alerts.builders import CAPTURED, T0, body
from tests.support.alertmanager import AlertmanagerServer, free_port, running_alertmanager


@pytest.fixture
def captured() -> dict[str, Any]:
    return copy.deepcopy(CAPTURED)


@pytest.fixture
def now() -> datetime:
    return T0


@pytest.fixture
def group_of() -> Callable[..., AlertGroup]:
    """Build an AlertGroup the way the route would: from a JSON body (validated alone when it is
    bigger than a body the route reads, for the rendering tests' hostile groups)."""

    def build(*alerts: dict[str, Any], **overrides: Any) -> AlertGroup:
        raw = json.dumps(body(*alerts, **overrides))
        if len(raw.encode()) > MAX_BYTES:
            return WebhookPayload.model_validate_json(raw).to_group()
        return parse_webhook(raw)

    return build


@pytest.fixture(scope="module")
def alertmanager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AlertmanagerServer]:
    """One Alertmanager per test module; its webhook points at a port nobody listens on."""
    workdir = tmp_path_factory.mktemp("alertmanager")
    with running_alertmanager(workdir, webhook_url=f"http://127.0.0.1:{free_port()}/void") as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session
