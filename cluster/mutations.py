"""
The mutating intents, each to the module that makes it: restart and rollback (`rollouts`), scale
(`scaling`), deploy (`images`).

A change is planned first (a server-side dry run that raises what the real change would raise,
and says what would change), then applied: exactly the planned change, on the Deployment as it
is read again just before.
"""

from __future__ import annotations

from datetime import datetime

from kubernetes.client import V1Deployment

from cluster import errors, images, rollouts, scaling
from cluster._kube import Kube
from cluster.changes import ChangeApplied, ChangePlan
from intents.command import Command, Intent

__all__ = ["apply", "plan"]


async def plan(
    kube: Kube, deployment: V1Deployment, command: Command, *, at: datetime, container: str | None = None
) -> ChangePlan:
    """Dry-run the change `command` asks of `deployment`."""
    match command.intent:
        case Intent.RESTART:
            return await rollouts.plan_restart(kube, deployment, at=at)
        case Intent.SCALE:
            if command.replicas is None:
                raise errors.MissingArgument(intent=command.intent.value, argument="replicas")
            return await scaling.plan(kube, deployment, command.replicas)
        case Intent.ROLLBACK:
            return await rollouts.plan_undo(kube, deployment, command.revision)
        case Intent.DEPLOY:
            if not command.image:
                raise errors.MissingArgument(intent=command.intent.value, argument="image")
            return await images.plan(kube, deployment, command.image, container=container)
    raise ValueError(f"{command.intent} is not a change")


async def apply(kube: Kube, deployment: V1Deployment, change: ChangePlan, *, at: datetime) -> ChangeApplied:
    """Make the planned `change` on `deployment`."""
    match change.intent:
        case Intent.RESTART:
            return await rollouts.restart(kube, deployment, change, at=at)
        case Intent.SCALE:
            return await scaling.apply(kube, deployment, change)
        case Intent.ROLLBACK:
            return await rollouts.undo(kube, deployment, change)
        case Intent.DEPLOY:
            return await images.apply(kube, deployment, change)
    raise ValueError(f"{change.intent} is not a change")
