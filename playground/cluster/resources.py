"""API resource paths, the revision annotation, and creation stamps shared by the emulator's modules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = [
    "DEPLOYMENTS",
    "EVENTS",
    "INGRESSES",
    "NAMESPACES",
    "NOW",
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
NOW = datetime.now(UTC).replace(microsecond=0)


def stamp(ago: timedelta = timedelta(0)) -> str:
    """An RFC 3339 time `ago` before the emulator's start, as the API server writes them."""
    return (NOW - ago).strftime("%Y-%m-%dT%H:%M:%SZ")
