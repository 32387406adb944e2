"""
What the read-only intents return: plain frozen values, no kubernetes objects.

`templates/` renders these; they hold data, never sentences. Times are aware
UTC datetimes and ages are `timedelta`s measured when the query ran.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cluster.changes import RolloutProgress

__all__ = [
    "Condition",
    "ContainerImage",
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
    "ServiceInfo",
    "ServicePort",
]


@dataclass(frozen=True, slots=True)
class PodInfo:
    """One pod as `kubectl get pods` shows it, plus why it is not running."""

    name: str
    phase: str  # Pending, Running, Succeeded, Failed, Unknown
    ready: bool
    ready_containers: int
    total_containers: int
    restarts: int
    # The most telling trouble: CrashLoopBackOff, ImagePullBackOff, ErrImagePull, OOMKilled,
    # Unschedulable, Terminating, ContainerCreating, ...; None when the pod is fine.
    reason: str | None = None
    last_termination: str | None = None  # e.g. OOMKilled, Error: why the last run ended
    message: str | None = None
    node: str | None = None
    created: datetime | None = None
    age: timedelta | None = None
    containers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Condition:
    """A Deployment condition (Available, Progressing, ReplicaFailure)."""

    type: str
    status: str  # "True", "False", "Unknown"
    reason: str | None = None
    message: str | None = None
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class ContainerImage:
    container: str
    image: str


@dataclass(frozen=True, slots=True)
class DeploymentStatus:
    """The `status` intent: readiness, images, restarts, conditions, last rollout."""

    name: str
    namespace: str
    desired: int
    ready: int
    updated: int
    available: int
    images: tuple[ContainerImage, ...]
    conditions: tuple[Condition, ...]
    pods: tuple[PodInfo, ...]  # newest first
    revision: int | None
    paused: bool
    rollout: RolloutProgress  # kubectl rollout status, evaluated now
    created: datetime | None = None
    age: timedelta | None = None
    rolled_out_at: datetime | None = None  # when the current revision's ReplicaSet was made

    @property
    def restarts(self) -> int:
        return sum(pod.restarts for pod in self.pods)


@dataclass(frozen=True, slots=True)
class LogsResult:
    """The `logs` intent: the tail of one container of the app's newest pod."""

    app: str
    namespace: str
    pod: str
    container: str
    containers: tuple[str, ...]  # all containers of that pod, to offer a choice
    lines: int  # how many lines were asked for
    text: str  # what fits a message: the tail of `full_text` within the character budget
    full_text: str  # everything the API returned, e.g. for a file upload
    truncated: bool  # `text` is shorter than `full_text`
    previous: bool  # logs of the previous (crashed) container instance
    pods: tuple[str, ...] = ()  # the app's pods, newest first


@dataclass(frozen=True, slots=True)
class ServicePort:
    port: int
    protocol: str = "TCP"
    name: str | None = None
    target_port: str | None = None
    node_port: int | None = None


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """A Service in front of the app; which fields matter depends on `type`."""

    name: str
    type: str  # ClusterIP, NodePort, LoadBalancer, ExternalName
    cluster_ip: str | None
    ports: tuple[ServicePort, ...]
    load_balancer: tuple[str, ...] = ()  # ingress IPs or hostnames, once provisioned
    external_name: str | None = None


@dataclass(frozen=True, slots=True)
class IngressRoute:
    """One host + path of an Ingress and where it sends traffic."""

    url: str  # scheme://host/path; https when the host is covered by the Ingress's TLS
    host: str | None
    path: str
    service: str | None
    port: str | None  # number or name, as written in the backend


@dataclass(frozen=True, slots=True)
class IngressInfo:
    name: str
    class_name: str | None
    routes: tuple[IngressRoute, ...]
    addresses: tuple[str, ...] = ()
    tls_hosts: tuple[str, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(route.url for route in self.routes))


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The `endpoint` intent: every way to reach the app."""

    app: str
    namespace: str
    services: tuple[ServiceInfo, ...]
    ingresses: tuple[IngressInfo, ...]

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(url for ingress in self.ingresses for url in ingress.urls))


class Health(enum.StrEnum):
    """One word for a Deployment in the overview."""

    HEALTHY = "healthy"
    PROGRESSING = "progressing"
    DEGRADED = "degraded"  # fewer ready replicas than desired
    FAILED = "failed"  # the rollout exceeded its progress deadline
    SCALED_DOWN = "scaled_down"  # zero replicas desired
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class DeploymentHealth:
    name: str
    health: Health
    ready: int
    desired: int
    images: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventInfo:
    """A Kubernetes Event (the overview keeps the recent Warnings)."""

    type: str
    reason: str
    message: str
    kind: str | None
    name: str | None
    count: int = 1
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class Overview:
    """The `overview` intent: one namespace at a glance."""

    namespace: str
    deployments: tuple[DeploymentHealth, ...]
    unready_pods: tuple[PodInfo, ...]
    warnings: tuple[EventInfo, ...]  # newest first
    pods_total: int = 0

    @property
    def healthy(self) -> bool:
        return not self.unready_pods and all(d.health in (Health.HEALTHY, Health.SCALED_DOWN) for d in self.deployments)


@dataclass(frozen=True, slots=True)
class Listing:
    """A `list_*` intent: every row, sorted; paging is the presentation's business."""

    kind: str  # pods, deployments, services, ingresses, namespaces, apps
    namespace: str | None  # None for cluster-wide kinds (namespaces)
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def total(self) -> int:
        return len(self.rows)


@dataclass(frozen=True, slots=True)
class Inventory:
    """What parsers may resolve names against: the apps of one namespace, and the namespaces."""

    namespace: str
    apps: tuple[str, ...]
    namespaces: tuple[str, ...]  # empty when the bot may not list namespaces
