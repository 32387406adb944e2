"""
The alert's graph in its thread: the rule's expression around the alert's start, the start marked.

Alertmanager passes each alert's `generatorURL`, Prometheus' graph link, whose
`g0.expr` parameter is the rule's expression. With PROMETHEUS_URL set, the
enricher (bot/alerting/enrichment.py) calls this after queueing its reply: we ask
Prometheus for that expression from BEFORE before `startsAt` to AFTER after it
(or now, whichever comes first), draw it with the start as a dashed line, wait
for the thread's parent to be posted, and upload the PNG into the thread. A
graph is a nicety: any failure is logged and counted, and the thread goes on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

import structlog

from alerts import ThreadRecord
from bot.alerting.enrichment import alert_start
from bot.graphs import chart
from bot.graphs.prometheus import Prometheus, PrometheusError
from bot.infra.clock import utcnow
from bot.infra.metrics import Metrics
from bot.messages.uploads import Uploader, UploadFailed
from cluster import Incident

log = structlog.get_logger(__name__)

__all__ = ["AlertGraph", "expression"]

BEFORE = dt.timedelta(minutes=30)
AFTER = dt.timedelta(minutes=15)
PARENT_WAIT = 30.0  # seconds we wait for the outbox to post the parent


def expression(generator_url: str) -> str | None:
    """The rule's expression from Prometheus' graph link (`…/graph?g0.expr=…`), if it has one."""
    if not generator_url:
        return None
    found = parse_qs(urlsplit(generator_url).query).get("g0.expr")
    return found[0].strip() or None if found else None


class AlertGraph:
    """Draws and uploads one alert's graph; call it with the thread's record (the enricher's `after`)."""

    def __init__(
        self,
        *,
        prometheus: Prometheus,
        uploader: Uploader,
        parent_ts: Callable[[str], Awaitable[str | None]],
        metrics: Metrics,
        clock: Callable[[], dt.datetime] = utcnow,
        parent_wait: float = PARENT_WAIT,
    ) -> None:
        self._prometheus = prometheus
        self._uploader = uploader
        self._parent_ts = parent_ts
        self._metrics = metrics
        self._clock = clock
        self._parent_wait = parent_wait

    async def __call__(self, record: ThreadRecord, incident: Incident | None = None) -> bool:
        """True when a graph was posted."""
        group = record.group
        first = next(iter(group.firing or group.alerts), None)
        expr = expression(first.generator_url) if first is not None else None
        if expr is None:
            return False
        starts = alert_start(group)
        end = min(self._clock(), starts + AFTER)
        try:
            series = await self._prometheus.range(expr, start=starts - BEFORE, end=max(end, starts))
            if not series:
                log.info("alert.graph_empty", thread_id=record.thread_id)
                return False
            began = time.perf_counter()
            image = await asyncio.to_thread(
                chart.png, [chart.Panel(expr, series)], mark=starts, mark_label=f"alert started {starts:%H:%M:%S} UTC"
            )
            self._metrics.graph_render_seconds.labels(kind="alert").observe(time.perf_counter() - began)
            parent = await self._wait_for_parent(record.thread_id)
            if parent is None:
                log.warning("alert.graph_no_parent", thread_id=record.thread_id)
                return False
            await self._uploader.upload(
                channel=record.channel,
                thread_ts=parent,
                content=image,
                filename="alert-graph.png",
                title=f"{group.labels.get('alertname', 'alert')}: {expr}"[:200],
                kind="graph",
                alt_txt=f"Graph of {expr}"[:1000],
            )
        except (PrometheusError, UploadFailed) as exc:
            log.warning("alert.graph_failed", thread_id=record.thread_id, error=str(exc)[:200])
            return False
        return True

    async def _wait_for_parent(self, thread_id: str) -> str | None:
        loop = asyncio.get_running_loop()
        until = loop.time() + self._parent_wait
        while loop.time() < until:
            if ts := await self._parent_ts(thread_id):
                return ts
            await asyncio.sleep(0.1)
        return None
