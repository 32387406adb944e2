"""
cluster/: `Command` -> Kubernetes API -> typed result.

The only package that imports `kubernetes`. Callers use `Cluster` and the
values below; client models and exceptions never leave this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from cluster import errors
from cluster.changes import ChangeApplied, ChangePlan, CrashingPod, RolloutProgress
from cluster.errors import ClusterError
from cluster.identity import Identity, Permission
from cluster.incident_values import ConfigChange, Incident, PodTrouble, Rollout, Workload
from cluster.results import (
    Condition,
    ContainerImage,
    DeploymentHealth,
    DeploymentStatus,
    Endpoint,
    EventInfo,
    Health,
    IngressInfo,
    IngressRoute,
    Inventory,
    Listing,
    LogsResult,
    Overview,
    PodInfo,
    ServiceInfo,
    ServicePort,
)

if TYPE_CHECKING:
    from cluster.executor import Cluster
    from cluster.queries import Result
    from cluster.revision_watch import RevisionSeen
    from cluster.revisions import Revision

# NB: these modules load the kubernetes client (about a thousand modules). The bot imports cluster/
# for its errors and values even without a cluster, so they are imported on first use.
_LAZY = {
    "Cluster": "cluster.executor",
    "Result": "cluster.queries",
    "RevisionSeen": "cluster.revision_watch",
    "Revision": "cluster.revisions",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cluster' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ChangeApplied",
    "ChangePlan",
    "Cluster",
    "ClusterError",
    "Condition",
    "ConfigChange",
    "ContainerImage",
    "CrashingPod",
    "DeploymentHealth",
    "DeploymentStatus",
    "Endpoint",
    "EventInfo",
    "Health",
    "Identity",
    "Incident",
    "IngressInfo",
    "IngressRoute",
    "Inventory",
    "Listing",
    "LogsResult",
    "Overview",
    "Permission",
    "PodInfo",
    "PodTrouble",
    "Result",
    "Revision",
    "RevisionSeen",
    "Rollout",
    "RolloutProgress",
    "ServiceInfo",
    "ServicePort",
    "Workload",
    "errors",
]
