"""
An app's recent revisions, for `history`: image, when, and the change-cause.

Read from the ReplicaSets the Deployment controls (cluster.history): each
carries its revision annotation, its pod template (the images) and its
creation time; `kubernetes.io/change-cause` is what `kubectl --record` and
some CD tools write. Who made a revision is not in the ReplicaSet; the bot adds
that from its own deploy history when it has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kubernetes.client import V1Deployment

from cluster import history, progress
from cluster._kube import Kube
from cluster.results import ContainerImage

__all__ = ["CHANGE_CAUSE", "Revision", "revisions"]

CHANGE_CAUSE = "kubernetes.io/change-cause"
DEFAULT_LIMIT = 10


@dataclass(frozen=True, slots=True)
class Revision:
    """One ReplicaSet revision of a Deployment."""

    app: str
    namespace: str
    revision: int
    images: tuple[ContainerImage, ...]
    created: datetime | None
    change_cause: str | None = None
    current: bool = False  # the Deployment's revision now

    @property
    def image(self) -> str | None:
        """The image of the container named like the app, else of the first container."""
        chosen = next((c for c in self.images if c.container == self.app), self.images[0] if self.images else None)
        return chosen.image if chosen else None


async def revisions(kube: Kube, deployment: V1Deployment, *, limit: int = DEFAULT_LIMIT) -> tuple[Revision, ...]:
    """The Deployment's last `limit` revisions, newest first."""
    current = progress.revision_of(deployment.metadata.annotations)
    owned = await history.owned_replica_sets(kube, deployment)
    found = []
    for rs in reversed(owned[-limit:] if limit else owned):
        number = progress.revision_of(rs.metadata.annotations) or 0
        containers = rs.spec.template.spec.containers if rs.spec and rs.spec.template and rs.spec.template.spec else []
        found.append(
            Revision(
                app=deployment.metadata.name,
                namespace=deployment.metadata.namespace,
                revision=number,
                images=tuple(ContainerImage(c.name, c.image) for c in containers),
                created=rs.metadata.creation_timestamp,
                change_cause=(rs.metadata.annotations or {}).get(CHANGE_CAUSE),
                current=number == current,
            )
        )
    return tuple(found)
