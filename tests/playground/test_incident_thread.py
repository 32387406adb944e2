"""
An alert thread in the playground, in a real browser, with everything the bot adds in an incident:
the likely cause (the deploy just made, Roll back to before it), the graph from a real Prometheus
(Debian's `prometheus` scraping an exporter the test runs), and the logs as a file.

It also takes docs/alerts.md's screenshot (docs/img/alert-incident-thread.png with KLEPAAS_SCREENSHOTS=1).
NB: the playground's cluster is the DEMO emulator: it serves pod logs, which the real control plane
without a kubelet cannot.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.infra.settings import Settings
from playground.launch import start_playground
from playground.session import Playground
from playground.slack_api import free_port
from tests.playground.conftest import CLEARED
from tests.playground.test_browser import page as page
from tests.playground.test_browser import say, shoot
from tests.support.prometheus import running_prometheus

MIB = 2**20


@pytest.fixture
async def playground(tmp_path, monkeypatch) -> AsyncIterator[Playground]:
    """The playground with PROMETHEUS_URL pointing at a real Prometheus that has the cart pods' CPU."""
    with running_prometheus(tmp_path) as prometheus:
        for pod, cores in (("cart-5d8f7c9b6-q7x2m", 0.9), ("cart-5d8f7c9b6-zk4wp", 0.4)):
            prometheus.exporter.use("shop", pod, cores=cores, memory=150 * MIB)
        prometheus.wait_for('count_over_time(container_cpu_usage_seconds_total{namespace="shop"}[10s]) >= 4')
        for name in list(os.environ):
            if name.startswith(CLEARED):
                monkeypatch.delenv(name)
        monkeypatch.setenv("KUBECONFIG", str(tmp_path / "no-kubeconfig"))
        monkeypatch.setenv("PROMETHEUS_URL", prometheus.url)
        monkeypatch.chdir(tmp_path)
        settings = Settings(_env_file=None, PORT=free_port())
        async with contextlib.AsyncExitStack() as stack:
            yield await start_playground(settings, stack, workdir=tmp_path, demo_step=0.3)


async def test_the_alert_thread_shows_the_likely_cause_the_graph_and_the_logs_file(page: Any, playground: Playground):
    await say(page, "/klepaas deploy cart ghcr.io/acme/cart:2.1.0")
    confirmation = page.locator("article.message", has=page.locator("button.block-button.primary", has_text="Confirm"))
    await confirmation.locator("button", has_text="Confirm").click()
    await page.locator("article.message", has_text="successfully rolled out").wait_for()

    await page.locator("#test-alert", has_text="Send a test alert").click()
    parent = page.locator("#messages > article.message", has_text="KubePodCrashLooping")
    await parent.locator(".thread-toggle", has_text="2 replies").wait_for(timeout=20_000)
    await parent.locator(".thread-toggle").click()
    thread = parent.locator(".thread")
    cause = thread.locator("article.message", has_text="Likely cause")
    await cause.wait_for()
    text = await cause.inner_text()
    assert "ghcr.io/acme/cart:2.0.1` → `ghcr.io/acme/cart:2.1.0" in text.replace("\n", " ") or "2.1.0" in text
    assert await cause.locator("button", has_text="Roll back to revision").count() == 1
    graph = thread.locator(".file-image img")
    await graph.wait_for()
    assert await graph.evaluate("img => img.complete && img.naturalWidth > 0")

    await parent.locator("button.block-button", has_text="Logs").first.click()
    await thread.locator(".file-snippet").wait_for()
    assert "s3cr3t" not in await thread.inner_text()
    await page.set_viewport_size({"width": 1000, "height": 1760})
    await parent.evaluate("message => message.scrollIntoView({block: 'start'})")
    await shoot(page, "alert-incident-thread")
