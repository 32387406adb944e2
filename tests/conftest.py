"""Fixtures shared by every test directory: the fake Slack, a running bot, real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class RealNamespace:
    name: str
    api: Any  # kubernetes ApiClient, cluster admin
    kubelet: Any  # tests.support.kubelet.Kubelet


@pytest.fixture(scope="session")
def control_plane():
    """A real kube-apiserver and controller manager (../shared/kube/up), one per test session."""
    from tests.support.control_plane import control_plane as start

    with start() as running:
        yield running


@pytest.fixture(scope="session")
def kube_admin(control_plane):
    """The cluster admin's ApiClient (kubernetes' own client, for setting up and checking)."""
    api = control_plane.api_client()
    yield api
    api.close()


@pytest.fixture
def kube_namespace(kube_admin):
    """A fresh namespace on the real control plane, with a kubelet stand-in making its Pods Ready."""
    from tests.support.control_plane import create_namespace, delete_namespace, fresh_namespace_name
    from tests.support.kubelet import Kubelet

    name = fresh_namespace_name()
    create_namespace(kube_admin, name)
    kubelet = Kubelet(kube_admin, name)
    yield RealNamespace(name=name, api=kube_admin, kubelet=kubelet)
    kubelet.stop()
    delete_namespace(kube_admin, name)
