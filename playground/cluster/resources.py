"""API resource paths, the revision annotation, and creation stamps shared by the emulator's modules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = [
    "DEPLOYMENTS",
    "EVENTS",
    "INGRESSES",
    "NAMESPACES",
    "PODS",
    "REPLICASETS",
    "REVISION",
    "SERVICES",
    "stamp",
]

DEPLOYMENTS = "apps/v1/deployments"
REPLICASETS = "apps/v1/replicasets"
PODS = "v1/pods"
SERVICES = "v1/services"
INGRESSES = "networking.k8s.io/v1/ingresses"
EVENTS = "v1/events"
NAMESPACES = "v1/namespaces"
REVISION = "deployment.kubernetes.io/revision"


def stamp(ago: timedelta = timedelta(0)) -> str:
    """An RFC 3339 time `ago` before now, as the API server writes them.

    NB: now, not the import time: a DEMO cluster runs for hours, and a long test run would see
    ages drift ("61m" for a pod made "60m" ago) if stamps were relative to a frozen instant.
    """
    return (datetime.now(UTC).replace(microsecond=0) - ago).strftime("%Y-%m-%dT%H:%M:%SZ")
