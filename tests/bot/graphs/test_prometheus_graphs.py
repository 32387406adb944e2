"""
Graphs from a real Prometheus (Debian's `prometheus`, scraping an exporter the test runs):
the client's queries, and `usage web` answering with numbers and a chart in the thread.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.graphs.prometheus import Prometheus, PrometheusError
from tests.support.bot import make_clients, start_bot
from tests.support.prometheus import running_prometheus

MIB = 2**20
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory):
    with running_prometheus(tmp_path_factory.mktemp("prometheus")) as running:
        running.exporter.use("shop", "web-7d9f8b6c5d-x2x9q", cores=0.5, memory=120 * MIB)
        running.exporter.use("shop", "web-7d9f8b6c5d-k4m2p", cores=0.25, memory=80 * MIB)
        running.exporter.use("shop", "webhook-5c6d7e8f9a-zzzzz", cores=3.0, memory=999 * MIB)  # not web's
        # NB: rate() divides by its whole window: the test's window is filled before anyone asks.
        running.wait_for('count_over_time(container_cpu_usage_seconds_total{pod="web-7d9f8b6c5d-k4m2p"}[10s]) >= 9')
        yield running


async def test_a_range_query_returns_each_series_and_a_bad_one_says_why(prometheus):
    client = Prometheus(url=prometheus.url)
    now = dt.datetime.now(dt.UTC)
    try:
        series = await client.range(
            'container_memory_working_set_bytes{namespace="shop"}', start=now - dt.timedelta(minutes=5), end=now
        )
        assert {s.labels["pod"] for s in series} >= {"web-7d9f8b6c5d-x2x9q", "web-7d9f8b6c5d-k4m2p"}
        assert all(s.points for s in series)
        with pytest.raises(PrometheusError) as bad:
            await client.instant("sum(")
        assert "parse error" in bad.value.error
    finally:
        await client.close()


async def test_usage_answers_cpu_and_memory_as_numbers_and_a_chart_in_the_thread(prometheus, settings, fake_slack):
    clients = await make_clients(
        settings.model_copy(update={"prometheus_url": prometheus.url, "usage_rate_window": "8s"})
    )
    bot = await start_bot(clients)
    try:
        await bot.sender.slash("usage web -n shop", response_url=fake_slack.hook_url())
        await fake_slack.wait_for(lambda s: len(s.files.shared()) >= 1, timeout=20)
        await bot.settle()
    finally:
        await bot.stop()
    (answer,) = fake_slack.posts()
    text = json.dumps(answer["blocks"])
    assert "Resource usage of `shop/web`* (2 pods" in text
    assert "Memory: *200 MiB*" in text
    cores = float(text.split("CPU: *")[1].split(" cores")[0])
    assert 0.6 <= cores <= 0.9  # 0.5 + 0.25, as a rate of a counter scraped every second
    (chart,) = fake_slack.files.shared(answer["channel"])
    answer_ts = next(ts for (ch, ts), m in fake_slack.messages.items() if m["text"] == answer["text"])
    assert chart.thread_ts == answer_ts and chart.content.startswith(PNG)
    assert chart.filename == "usage-shop-web.png"


async def test_usage_without_prometheus_says_how_to_set_it_up(settings, fake_slack, bot):
    await bot.sender.slash("usage web", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1)
    assert "PROMETHEUS_URL" in fake_slack.hooks[-1].args["text"]
