"""Fixtures shared by every test directory: the fake Slack, a running bot, real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from playground.slack_api import SlackWebApi
from tests.support.bot import RunningBot, make_clients, make_settings, start_bot
from tests.support.services import redis_server


@pytest.fixture
async def fake_slack() -> AsyncIterator[SlackWebApi]:
    fake = await SlackWebApi().start()
    yield fake
    await fake.stop()
    assert not fake.violations, f"the bot sent messages Slack would reject: {fake.violations}"


@pytest.fixture
def settings(fake_slack: SlackWebApi, tmp_path):
    return make_settings(fake_slack, str(tmp_path / "klepaas.db"))


@pytest.fixture
async def bot(settings) -> AsyncIterator[RunningBot]:
    running = await start_bot(await make_clients(settings))
    yield running
    await running.stop()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url
