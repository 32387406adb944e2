"""
Noticing deploys made outside the bot: new revisions of the Deployments in a namespace.

We list the namespace's Deployments every `poll` seconds rather than hold a
watch stream: the list goes through the same bounded, timed-out call path as
everything else, needs no 410-Gone/resourceVersion bookkeeping, and a missed
event cannot lose a revision (the annotation only grows). The first list is
the baseline; afterwards each higher `deployment.kubernetes.io/revision` is
yielded once per watcher, with who changed the pod template according to
`metadata.managedFields` (kubectl-set, argocd-controller, helm, klepaas, ...).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kubernetes.client import V1Deployment

from cluster import progress
from cluster._kube import FIELD_MANAGER, Kube
from cluster.results import ContainerImage

__all__ = ["FIELD_MANAGER", "RevisionSeen", "RevisionWatch", "template_manager", "watch_revisions"]

DEFAULT_POLL = 5.0  # seconds between lists


@dataclass(frozen=True, slots=True)
class RevisionSeen:
    """A Deployment reached a new revision."""

    app: str
    namespace: str
    revision: int
    generation: int
    images: tuple[ContainerImage, ...]
    manager: str | None  # the field manager that last wrote spec.template, if managedFields tell
    changed_at: datetime | None = None
    revision_before: int | None = None  # the revision this watcher saw before (what an Undo rolls back to)

    @property
    def by_us(self) -> bool:
        return self.manager == FIELD_MANAGER

    @property
    def image(self) -> str | None:
        chosen = next((c for c in self.images if c.container == self.app), self.images[0] if self.images else None)
        return chosen.image if chosen else None


def _touches_template(fields: Any) -> bool:
    spec = fields.get("f:spec") if isinstance(fields, dict) else None
    return isinstance(spec, dict) and "f:template" in spec


def template_manager(deployment: V1Deployment) -> tuple[str | None, datetime | None]:
    """(manager, time) of the latest managedFields entry that wrote spec.template.

    NB: the Deployment controller also writes the main resource (the revision annotation),
    so "the latest entry" would name kube-controller-manager; only template writers count.
    Entries on the status subresource never do.
    """
    entries = [
        e for e in deployment.metadata.managed_fields or [] if not e.subresource and _touches_template(e.fields_v1)
    ]
    if not entries:
        return None, None
    # Ties (times have one-second resolution) go to the later entry in the list.
    _, latest = max(enumerate(entries), key=lambda pair: (pair[1].time is not None, pair[1].time, pair[0]))
    return latest.manager, latest.time


def _seen(deployment: V1Deployment, revision: int, before: int | None = None) -> RevisionSeen:
    manager, at = template_manager(deployment)
    containers = deployment.spec.template.spec.containers if deployment.spec.template.spec else []
    return RevisionSeen(
        app=deployment.metadata.name,
        namespace=deployment.metadata.namespace,
        revision=revision,
        generation=deployment.metadata.generation or 0,
        images=tuple(ContainerImage(c.name, c.image) for c in containers),
        manager=manager,
        changed_at=at,
        revision_before=before or None,
    )


class RevisionWatch:
    """The revisions of a namespace's Deployments last seen; `check()` lists once and says what is new."""

    def __init__(self, kube: Kube, namespace: str) -> None:
        self._kube = kube
        self.namespace = namespace
        self._known: dict[str, int] | None = None  # None until the first list: the baseline

    async def check(self) -> list[RevisionSeen]:
        """One list of the namespace: every Deployment whose revision grew since the last check."""
        listed = await self._kube.call(self._kube.apps.list_namespaced_deployment, self.namespace)
        current = {d.metadata.name: (d, progress.revision_of(d.metadata.annotations) or 0) for d in listed.items}
        known, self._known = self._known, {name: revision for name, (_, revision) in current.items()}
        if known is None:
            return []
        return [
            _seen(deployment, revision, known[name])
            for name, (deployment, revision) in sorted(current.items())
            if name in known and revision > known[name]
        ]


async def watch_revisions(kube: Kube, namespace: str, *, poll: float = DEFAULT_POLL) -> AsyncIterator[RevisionSeen]:
    """Yield each new revision of a Deployment in `namespace`, forever (cancel to stop)."""
    watch = RevisionWatch(kube, namespace)
    while True:
        for seen in await watch.check():
            yield seen
        await asyncio.sleep(poll)
