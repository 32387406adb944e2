"""An alert's thread gets a PNG of its rule's expression (generatorURL's g0.expr), from a real Prometheus."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest

from bot.alerting.alert_graph import expression
from cluster import Cluster
from tests.bot.alerting.conftest import DEFAULT_CHANNEL, delivered, parent_of, post_webhook, unique_name, webhook
from tests.support.bot import make_clients, start_bot
from tests.support.prometheus import running_prometheus

MIB = 2**20
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory):
    with running_prometheus(tmp_path_factory.mktemp("prometheus")) as running:
        running.exporter.use("shop", "web-7d9f8b6c5d-x2x9q", cores=0.5, memory=120 * MIB)
        running.wait_for('count_over_time(container_memory_working_set_bytes{pod="web-7d9f8b6c5d-x2x9q"}[1m]) >= 2')
        yield running


def test_the_expression_is_read_from_prometheus_graph_link():
    assert expression("http://p:9090/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1") == "rate(x[5m]) > 1"
    assert expression("") is None and expression("http://p:9090/graph?g0.tab=1") is None


async def test_an_alert_thread_gets_a_png_of_its_expression(
    prometheus, alert_settings, fake_slack, control_plane, kube_namespace
):
    cluster = Cluster(control_plane.api_client(), default_namespace=kube_namespace.name)
    clients = await make_clients(alert_settings(PROMETHEUS_URL=prometheus.url), cluster=cluster)
    clients.closers.append(cluster.close)
    bot = await start_bot(clients, alert_poll=0.05, alert_backoff=0.1)
    name = unique_name("HighMemory")
    expr = 'container_memory_working_set_bytes{namespace="shop"} > 100 * 1024 * 1024'
    alert: dict[str, Any] = {
        "status": "firing",
        "labels": {"alertname": name, "namespace": "shop", "pod": "web-7d9f8b6c5d-x2x9q"},
        "annotations": {"summary": "web uses too much memory"},
        "startsAt": (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)).isoformat(),
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": f"http://prometheus.example:9090/graph?g0.expr={quote(expr)}&g0.tab=1",
        "fingerprint": f"fp-{name}",
    }
    try:
        await post_webhook(bot, webhook(alert, alertname=name, commonLabels=alert["labels"]))
        await delivered(bot)
        await fake_slack.wait_for(lambda s: len(s.files.shared(DEFAULT_CHANNEL)) >= 1, timeout=20)
        await bot.settle()
    finally:
        await bot.stop()
    parent_ts, _ = parent_of(fake_slack, DEFAULT_CHANNEL)
    (graph,) = fake_slack.files.shared(DEFAULT_CHANNEL)
    assert graph.thread_ts == parent_ts and graph.content.startswith(PNG)
    assert graph.title.endswith(expr) and graph.alt_txt == f"Graph of {expr}"
