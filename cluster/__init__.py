"""
cluster/: `Command` -> Kubernetes API -> typed result.

The only package that imports `kubernetes`. Callers use `Cluster` and the
values below; client models and exceptions never leave this package.
"""

from __future__ import annotations

from cluster import errors
from cluster.changes import ChangeApplied, ChangePlan, CrashingPod, RolloutProgress
from cluster.errors import ClusterError
from cluster.executor import Cluster, Result
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
from cluster.revision_watch import RevisionSeen
from cluster.revisions import Revision

__all__ = [
    "ChangeApplied",
    "ChangePlan",
    "Cluster",
    "ClusterError",
    "Condition",
    "ContainerImage",
    "CrashingPod",
    "DeploymentHealth",
    "DeploymentStatus",
    "Endpoint",
    "EventInfo",
    "Health",
    "IngressInfo",
    "IngressRoute",
    "Inventory",
    "Listing",
    "LogsResult",
    "Overview",
    "PodInfo",
    "Result",
    "Revision",
    "RevisionSeen",
    "RolloutProgress",
    "ServiceInfo",
    "ServicePort",
    "errors",
]
