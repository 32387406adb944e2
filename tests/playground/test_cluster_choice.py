"""The playground drives a real cluster only when asked for one, and then says so in the warning colour.

The "real" cluster here is a second emulator on loopback behind a kubeconfig context, so a test
can see whether the playground sent it anything at all (reads included: only a recording server shows that).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import kmock
import pytest

from bot.infra.settings import Settings, SettingsError
from playground.cluster.emulator import KubeEmulator
from playground.cluster.shop import seed_shop
from playground.launch import DEMO, ClusterChoice, start_playground
from playground.session import Playground
from playground.slack_api import free_port
from tests.playground.conftest import CLEARED, call
from tests.playground.test_browser import ARGS, CHROMIUM, _unavailable

KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- {{name: prod, cluster: {{server: "{server}"}}}}
- {{name: gone, cluster: {{server: "http://127.0.0.1:{closed}"}}}}
users:
- {{name: me, user: {{token: not-a-secret}}}}
contexts:
- {{name: prod-admin, context: {{cluster: prod, user: me}}}}
- {{name: gone-admin, context: {{cluster: gone, user: me}}}}
current-context: prod-admin
"""


@pytest.fixture
async def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[KubeEmulator]:
    """A cluster behind the kubeconfig's current context (`prod-admin`), and a clean environment."""
    for name in list(os.environ):
        if name.startswith(CLEARED):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    async with KubeEmulator() as emulator, kmock.Server(emulator):
        seed_shop(emulator)
        config = tmp_path / "kubeconfig"
        config.write_text(KUBECONFIG.format(server=str(emulator.url).rstrip("/"), closed=free_port()))
        monkeypatch.setenv("KUBECONFIG", str(config))
        yield emulator


@contextlib.asynccontextmanager
async def playground_on(tmp_path: Path, choice: ClusterChoice) -> AsyncIterator[Playground]:
    async with contextlib.AsyncExitStack() as stack:
        settings = Settings(_env_file=None, PORT=free_port())
        yield await start_playground(settings, stack, workdir=tmp_path, choice=choice, demo_step=0.3)


async def test_without_a_flag_the_demo_is_used_and_the_current_context_is_not_touched(real, tmp_path):
    async with playground_on(tmp_path, ClusterChoice()) as session:
        state = await call(session, "GET", "state?since=-1&wait=0")
        assert state["cluster"] == DEMO and session.demo is not None
    assert list(real) == []  # not even a GET /version


async def test_an_asked_for_context_is_driven_and_named(real, tmp_path):
    async with playground_on(tmp_path, ClusterChoice(context="prod-admin")) as session:
        state = await call(session, "GET", "state?since=-1&wait=0")
        async with aiohttp.ClientSession() as http, http.get(f"{session.bot_url}/readyz") as answer:
            ready = await answer.json()
        assert state["cluster"] == "prod-admin" and ready["cluster"] == "prod-admin" and session.demo is None
    assert any(r.url.path.startswith("/version") for r in real)


async def test_the_current_context_is_named_by_its_name(real, tmp_path):
    async with playground_on(tmp_path, ClusterChoice(current=True)) as session:
        assert (await call(session, "GET", "state?since=-1&wait=0"))["cluster"] == "prod-admin"


@pytest.mark.parametrize(
    ("choice", "said"),
    [
        (ClusterChoice(context="gone-admin"), "--kube-context gone-admin: the kube context gone-admin did not answer"),
        (ClusterChoice(context="no-such"), "--kube-context no-such: the kube context no-such cannot be used"),
    ],
)
async def test_an_asked_for_context_that_does_not_answer_stops_the_start(real, tmp_path, choice, said):
    with pytest.raises(SettingsError) as refused:
        async with playground_on(tmp_path, choice):
            pass
    assert str(refused.value).startswith(said) and "DEMO" in str(refused.value)


async def test_the_page_names_a_real_cluster_in_the_warning_colour(real, tmp_path):
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    async with playground_on(tmp_path, ClusterChoice(context="prod-admin")) as session, async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = await browser.new_page()
        await tab.goto(session.url)
        label = tab.locator("#cluster-label")
        await label.filter(has_text="prod-admin").wait_for(timeout=10_000)
        colour: Any = await label.evaluate("element => getComputedStyle(element).backgroundColor")
        assert await label.inner_text() == "REAL cluster: prod-admin" and colour == "rgb(224, 30, 90)"
        await browser.close()
