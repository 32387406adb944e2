"""`klepaas_redactions_total`: credentials replaced by «redacted» in what the bot posts, by kind."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from templates import redaction

__all__ = ["RedactionCollector"]


class RedactionCollector(Collector):
    """Reads the redactor's own counts at scrape time (templates/ cannot know a registry)."""

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            "klepaas_redactions", "Credentials replaced by «redacted» in what the bot posts, by kind", labels=["kind"]
        )
        for kind, count in sorted(redaction.counts().items()):
            family.add_metric([kind], count)
        yield family
