"""
The read-only intents, each to the module that answers it: status, logs, endpoint, overview, list_*.

`Cluster.query` opens the deadline and knows the default namespace; this module only chooses
who answers. The Deployment is resolved only for the intents that name an app.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from kubernetes.client import V1Deployment

from cluster import endpoint, listing, logs, overview, status
from cluster._kube import Kube
from cluster.results import DeploymentStatus, Endpoint, Listing, LogsResult, Overview
from intents.command import Command, Intent

__all__ = ["Result", "query"]

Result = DeploymentStatus | LogsResult | Endpoint | Overview | Listing


async def query(
    kube: Kube,
    command: Command,
    *,
    deployment: Callable[[], Awaitable[V1Deployment]],
    namespace: str,
    at: datetime,
    container: str | None = None,
) -> Result:
    """Answer a read-only `command`; `deployment` resolves the app it names, when it names one."""
    match command.intent:
        case Intent.STATUS:
            return await status.status(kube, await deployment(), at=at)
        case Intent.LOGS:
            return await logs.logs(kube, await deployment(), lines=command.lines, container=container)
        case Intent.ENDPOINT:
            return await endpoint.endpoint(kube, await deployment())
        case Intent.OVERVIEW:
            return await overview.overview(kube, namespace, at=at)
        case intent if intent in listing.KINDS:
            return await listing.listing(kube, intent, namespace, at=at)
    raise ValueError(f"{command.intent} is not a cluster query")
