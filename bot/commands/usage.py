"""
`usage`: how much CPU and memory an app's pods use, as numbers and a small chart (Prometheus).

The numbers are the kubelet's cAdvisor series, which every Prometheus on
Kubernetes scrapes: `container_cpu_usage_seconds_total` (as a 2-minute rate, in
cores) and `container_memory_working_set_bytes` (what the OOM killer looks at),
summed over the Deployment's pods (`<app>-<hash>-<id>`), with the requests and
limits kube-state-metrics reports when it is there. The answer is posted where
the person asked; the last hour's chart, one line per pod, follows in its thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable

import structlog

from bot.commands.answer import Answer
from bot.graphs import chart
from bot.graphs.prometheus import Prometheus, PrometheusError, Sample
from bot.infra.clock import utcnow
from bot.infra.metrics import Metrics
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.messages.replies import Replier
from bot.messages.uploads import Uploader, UploadFailed
from bot.policy.guard import refusal
from bot.policy.rules import Policy
from bot.storage.outcome import Outcome
from intents import Command
from intents.language import Language

log = structlog.get_logger(__name__)

__all__ = ["UsageAnswers", "queries"]

CHART_SPAN = dt.timedelta(hours=1)
MIB = 2**20


def queries(app: str, namespace: str, *, window: str = "2m") -> dict[str, str]:
    """PromQL for the app's pods: cpu (a `window` rate) and memory now, by pod over time, requests and limits."""
    pods = f'namespace="{namespace}",pod=~"{app}-[a-z0-9]+-[a-z0-9]+",container!="",container!="POD"'
    cpu = f"rate(container_cpu_usage_seconds_total{{{pods}}}[{window}])"
    memory = f"container_memory_working_set_bytes{{{pods}}}"
    ksm = f'namespace="{namespace}",pod=~"{app}-[a-z0-9]+-[a-z0-9]+"'
    return {
        "cpu": f"sum({cpu})",
        "memory": f"sum({memory})",
        "pods": f"count(count by (pod) ({memory}))",
        "cpu_by_pod": f"sum by (pod) ({cpu})",
        "memory_by_pod": f"sum by (pod) ({memory})",
        "cpu_requests": f'sum(kube_pod_container_resource_requests{{{ksm},resource="cpu"}})',
        "memory_limits": f'sum(kube_pod_container_resource_limits{{{ksm},resource="memory"}})',
    }


class UsageAnswers:
    """The IntentHandler of `usage`, built with the few collaborators it uses."""

    def __init__(
        self,
        *,
        prometheus: Prometheus | None,
        uploader: Uploader,
        replier: Replier,
        policy: Policy,
        default_namespace: str,
        metrics: Metrics,
        window: str = "2m",
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._window = window
        self._prometheus = prometheus
        self._uploader = uploader
        self._replier = replier
        self._policy = policy
        self._default_namespace = default_namespace
        self._metrics = metrics
        self._clock = clock

    async def __call__(self, who: Invocation, command: Command) -> Answer:
        namespace = command.namespace or self._default_namespace
        app = command.app or "-"
        target = f"{namespace}/{app}"
        if self._prometheus is None:
            return Answer(notice(say("usage.no_prometheus", who.lang)), Outcome.UNAVAILABLE, target)
        decision = self._policy.may(who.user_id, command.intent, namespace)
        if not decision.allowed:
            return Answer(refusal(decision, user_id=who.user_id, lang=who.lang), Outcome.DENIED, target)
        asked = queries(app, namespace, window=self._window)
        try:
            now = await self._numbers(asked)
        except PrometheusError as exc:
            return Answer(notice(say("usage.failed", who.lang, error=exc.error[:200])), Outcome.FAILED, target)
        if now.get("cpu") is None and now.get("memory") is None:
            return Answer(notice(say("usage.none", who.lang, namespace=namespace, app=app)), Outcome.OK, target)
        message = notice(
            self._sentence(now, app=app, namespace=namespace, lang=who.lang), fallback=_fallback(now, target)
        )
        if who.channel_id is None:
            return Answer(message, Outcome.OK, target)
        thread = who.thread_ts or (who.message_ts if who.source == "button" else None)
        ts = await self._replier.post(who.channel_id, message, thread_ts=thread)
        await self._chart(asked, channel=who.channel_id, thread_ts=thread or ts, target=target)
        return Answer(message, Outcome.OK, target, replied=True)

    async def _numbers(self, asked: dict[str, str]) -> dict[str, float | None]:
        keys = ("cpu", "memory", "pods", "cpu_requests", "memory_limits")
        found = await asyncio.gather(*(self._prometheus.instant(asked[k]) for k in keys))  # type: ignore[union-attr]
        return {k: _first(samples) for k, samples in zip(keys, found, strict=True)}

    def _sentence(self, now: dict[str, float | None], *, app: str, namespace: str, lang: Language) -> str:
        pods = int(now.get("pods") or 0)
        lines = [say("usage.title", lang, namespace=namespace, app=app, pods=pods, window=self._window)]
        if (cpu := now.get("cpu")) is not None:
            requests = now.get("cpu_requests")
            extra = say("usage.requests", lang, value=f"{requests:.2f}") if requests else ""
            lines.append(say("usage.cpu", lang, cores=f"{cpu:.2f}", requests=extra))
        if (memory := now.get("memory")) is not None:
            limits = now.get("memory_limits")
            extra = say("usage.limits", lang, value=f"{limits / MIB:.0f}") if limits else ""
            lines.append(say("usage.memory", lang, mib=f"{memory / MIB:.0f}", limits=extra))
        lines.append(say("usage.chart", lang))
        return "\n".join(lines)

    async def _chart(self, asked: dict[str, str], *, channel: str, thread_ts: str, target: str) -> None:
        end = self._clock()
        try:
            cpu, memory = await asyncio.gather(
                self._prometheus.range(asked["cpu_by_pod"], start=end - CHART_SPAN, end=end),  # type: ignore[union-attr]
                self._prometheus.range(asked["memory_by_pod"], start=end - CHART_SPAN, end=end),  # type: ignore[union-attr]
            )
            began = time.perf_counter()
            image = await asyncio.to_thread(
                chart.png,
                [chart.Panel(f"CPU · {target}", cpu, "cores"), chart.Panel(f"Memory · {target}", memory, "MiB", MIB)],
            )
            self._metrics.graph_render_seconds.labels(kind="usage").observe(time.perf_counter() - began)
            await self._uploader.upload(
                channel=channel,
                thread_ts=thread_ts,
                content=image,
                filename=f"usage-{target.replace('/', '-')}.png",
                title=f"CPU and memory of {target}, last hour",
                kind="usage",
                alt_txt=f"CPU and memory of {target} over the last hour",
            )
        except (PrometheusError, UploadFailed) as exc:
            log.warning("usage.chart_failed", target=target, error=str(exc)[:200])


def _first(samples: list[Sample]) -> float | None:
    return samples[0].value if samples else None


def _fallback(now: dict[str, float | None], target: str) -> str:
    cpu, memory = now.get("cpu"), now.get("memory")
    parts = [f"CPU {cpu:.2f} cores" if cpu is not None else "", f"memory {memory / MIB:.0f} MiB" if memory else ""]
    return f"usage {target}: " + ", ".join(p for p in parts if p)
