"""Alertmanager webhook bodies for tests: the captured example, and bodies built from parts."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

# Captured from a real Alertmanager 0.25 run with max_alerts: 2 and three alerts (PROTOCOLS.md §7).
CAPTURED = {
    "receiver": "bot",
    "status": "firing",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "KubePodCrashLooping",
                "deployment": "api",
                "namespace": "shop",
                "pod": "api-7d9f8b6c5d-x2x9q",
                "severity": "critical",
            },
            "annotations": {
                "runbook_url": "https://runbooks.example.com/crashloop",
                "summary": "Pod shop/api-7d9f8b6c5d-x2x9q is crash looping",
            },
            "startsAt": "2026-11-22T01:45:35Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example:9090/graph?g0.expr=up",
            "fingerprint": "5b9aca1d3feabefa",
        }
    ],
    "groupLabels": {"alertname": "KubePodCrashLooping", "namespace": "shop"},
    "commonLabels": {
        "alertname": "KubePodCrashLooping",
        "deployment": "api",
        "namespace": "shop",
        "severity": "critical",
    },
    "commonAnnotations": {"runbook_url": "https://runbooks.example.com/crashloop"},
    "externalURL": "http://127.0.0.1:19093",
    "version": "4",
    "groupKey": '{}:{alertname="KubePodCrashLooping", namespace="shop"}',
    "truncatedAlerts": 1,
}

T0 = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def alert(
    pod: str, status: str = "firing", *, starts: datetime = T0 - timedelta(minutes=5), **annotations: str
) -> dict[str, Any]:
    """One webhook alert of the shop/api crash-loop group, told apart by its pod."""
    return {
        "status": status,
        "labels": {
            "alertname": "KubePodCrashLooping",
            "namespace": "shop",
            "deployment": "api",
            "severity": "critical",
            "pod": pod,
        },
        "annotations": annotations or {"summary": f"Pod shop/{pod} is crash looping"},
        "startsAt": starts.isoformat(),
        "endsAt": "0001-01-01T00:00:00Z" if status == "firing" else (starts + timedelta(minutes=3)).isoformat(),
        "generatorURL": "http://prometheus.example:9090/graph?g0.expr=up",
        "fingerprint": f"fp-{pod}",
    }


def body(*alerts: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A webhook body around `alerts`, with the crash-loop group's labels."""
    payload = copy.deepcopy(CAPTURED)
    payload["alerts"] = list(alerts)
    payload["truncatedAlerts"] = 0
    payload["status"] = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
    payload["commonAnnotations"] = {}
    payload.update(overrides)
    return payload
