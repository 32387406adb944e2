"""
What the cluster tells about an alert's workload around the time it started: plain frozen values.

`cluster.incident` gathers them with read-only calls; the bot decides what they
mean and says it (bot/alerting/likely_cause.py). Times are aware UTC datetimes.
This module imports nothing from the kubernetes client, so the bot can use the
values without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cluster.results import ContainerImage, EventInfo

__all__ = ["ConfigChange", "Incident", "PodTrouble", "Rollout", "Workload"]


@dataclass(frozen=True, slots=True)
class Workload:
    """The Deployment an alert is about, and which label led to it (`deployment`, `pod`, `service`, ...)."""

    app: str
    namespace: str
    via: str


@dataclass(frozen=True, slots=True)
class Rollout:
    """A new ReplicaSet of the workload: one deploy (or restart) and what it changed."""

    revision: int
    previous_revision: int | None  # the revision it replaced; what a rollback goes back to
    images_before: tuple[ContainerImage, ...]
    images_after: tuple[ContainerImage, ...]
    created: datetime
    change_cause: str | None = None
    manager: str | None = None  # the managedFields manager that wrote the pod template then, if they tell

    @property
    def changed_images(self) -> tuple[tuple[str, str | None, str], ...]:
        """(container, image before or None, image after) for every container whose image changed."""
        before = {c.container: c.image for c in self.images_before}
        return tuple(
            (c.container, before.get(c.container), c.image)
            for c in self.images_after
            if before.get(c.container) != c.image
        )


@dataclass(frozen=True, slots=True)
class PodTrouble:
    """A container of one of the workload's pods that restarted, was killed, or cannot run."""

    pod: str
    container: str
    reason: str  # CrashLoopBackOff, ImagePullBackOff, OOMKilled, Error, ...
    restarts: int
    exit_code: int | None = None
    at: datetime | None = None  # when the last run ended, when the state tells


@dataclass(frozen=True, slots=True)
class ConfigChange:
    """A ConfigMap or Secret the pod template references, changed in the window (its name only, never data)."""

    kind: str  # ConfigMap | Secret
    name: str
    changed_at: datetime
    manager: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """Everything found for one alert; `workload` is None when its labels name no Deployment."""

    since: datetime
    until: datetime
    workload: Workload | None
    rollouts: tuple[Rollout, ...] = ()  # newest first
    troubles: tuple[PodTrouble, ...] = ()
    warnings: tuple[EventInfo, ...] = ()
    config_changes: tuple[ConfigChange, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.rollouts or self.troubles or self.warnings or self.config_changes)
