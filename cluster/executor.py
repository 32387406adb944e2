"""
The `Cluster` facade: a `Command` in, a typed result out.

Read-only intents go through `query`; mutating ones through `plan` (resolve
the app, dry-run the change server-side, say what would change) and then
`apply` (make exactly that change). The namespace defaults here, because only
the executor knows the configured default; which namespaces a user may touch
is the bot's policy, not ours.
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

from kubernetes import client
from kubernetes.client import V1Deployment

from intents.command import Command, Intent

from cluster import (
    _kube,
    ages,
    config,
    endpoint,
    errors,
    images,
    listing,
    logs,
    overview,
    resolve,
    rollouts,
    scaling,
    status,
    watch,
)
from cluster.changes import ChangeApplied, ChangePlan, RolloutProgress
from cluster.results import DeploymentStatus, Endpoint, Inventory, Listing, LogsResult, Overview

__all__ = ["Cluster", "Result"]

Result = DeploymentStatus | LogsResult | Endpoint | Overview | Listing


class Cluster:
    """Everything the bot asks of Kubernetes, over one `ApiClient`."""

    def __init__(
        self,
        api: client.ApiClient,
        *,
        default_namespace: str = "default",
        request_timeout: float = _kube.DEFAULT_TIMEOUT,
        concurrency: int = _kube.DEFAULT_CONCURRENCY,
        clock: Callable[[], datetime] = ages.now,
    ) -> None:
        self._kube = _kube.Kube(api, timeout=request_timeout, concurrency=concurrency)
        self.default_namespace = default_namespace
        self._clock = clock

    @classmethod
    def from_config(
        cls,
        *,
        kubeconfig: str | None,
        context: str | None = None,
        host: str | None = None,
        default_namespace: str,
        request_timeout: float = _kube.DEFAULT_TIMEOUT,
    ) -> Cluster:
        """In-cluster credentials inside a Pod, else the kubeconfig (and its `context`)."""
        api = config.api_client(kubeconfig=kubeconfig, context=context, host=host)
        return cls(api, default_namespace=default_namespace, request_timeout=request_timeout)

    async def ping(self) -> str:
        """GET /version, for readiness checks; returns the server's gitVersion."""
        info = await self._kube.call(self._kube.version.get_code)
        return str(info.git_version)

    async def close(self) -> None:
        await self._kube.close()

    def namespace_of(self, command: Command) -> str:
        return command.namespace or self.default_namespace

    # --- context for parsers -------------------------------------------------------------

    async def namespaces(self) -> list[str]:
        found = await self._kube.call(self._kube.core.list_namespace)
        return sorted(n.metadata.name for n in found.items)

    async def apps(self, namespace: str | None = None) -> list[str]:
        """The Deployment names in `namespace` (default namespace when None), sorted."""
        found = await self._kube.call(self._kube.apps.list_namespaced_deployment, namespace or self.default_namespace)
        return sorted(d.metadata.name for d in found.items)

    async def inventory(self, namespace: str | None = None) -> Inventory:
        """Apps of `namespace` and all namespaces, for the parser's context."""
        namespace = namespace or self.default_namespace
        apps = await self.apps(namespace)
        try:
            namespaces = await self.namespaces()
        except errors.Forbidden:
            # A namespace-scoped Role cannot list namespaces; the parser then works without them.
            namespaces = []
        return Inventory(namespace=namespace, apps=tuple(apps), namespaces=tuple(namespaces))

    async def _deployment(self, command: Command) -> V1Deployment:
        if not command.app:
            raise errors.MissingArgument(intent=command.intent.value, argument="app")
        return await resolve.deployment(self._kube, command.app, self.namespace_of(command))

    # --- read-only intents ---------------------------------------------------------------

    async def query(self, command: Command, *, container: str | None = None) -> Result:
        """Run a read-only intent (status, logs, endpoint, overview, list_*)."""
        at = self._clock()
        namespace = self.namespace_of(command)
        match command.intent:
            case Intent.STATUS:
                return await status.status(self._kube, await self._deployment(command), at=at)
            case Intent.LOGS:
                deployment = await self._deployment(command)
                return await logs.logs(self._kube, deployment, lines=command.lines, container=container)
            case Intent.ENDPOINT:
                return await endpoint.endpoint(self._kube, await self._deployment(command))
            case Intent.OVERVIEW:
                return await overview.overview(self._kube, namespace, at=at)
            case intent if intent in listing.KINDS:
                return await listing.listing(self._kube, intent, namespace, at=at)
        raise ValueError(f"{command.intent} is not a cluster query")

    # --- mutating intents ----------------------------------------------------------------

    async def plan(self, command: Command, *, container: str | None = None) -> ChangePlan:
        """Resolve and dry-run a mutating Command; raises what the real change would raise."""
        deployment = await self._deployment(command)
        match command.intent:
            case Intent.RESTART:
                return await rollouts.plan_restart(self._kube, deployment, at=self._clock())
            case Intent.SCALE:
                if command.replicas is None:
                    raise errors.MissingArgument(intent=command.intent.value, argument="replicas")
                return await scaling.plan(self._kube, deployment, command.replicas)
            case Intent.ROLLBACK:
                return await rollouts.plan_undo(self._kube, deployment, command.revision)
            case Intent.DEPLOY:
                if not command.image:
                    raise errors.MissingArgument(intent=command.intent.value, argument="image")
                return await images.plan(self._kube, deployment, command.image, container=container)
        raise ValueError(f"{command.intent} is not a change")

    async def apply(self, change: ChangePlan | Command, *, container: str | None = None) -> ChangeApplied:
        """Make the planned change (a Command is planned first, dry run included)."""
        if isinstance(change, Command):
            change = await self.plan(change, container=container)
        deployment = await self._kube.call(self._kube.apps.read_namespaced_deployment, change.app, change.namespace)
        match change.intent:
            case Intent.RESTART:
                return await rollouts.restart(self._kube, deployment, change, at=self._clock())
            case Intent.SCALE:
                return await scaling.apply(self._kube, deployment, change)
            case Intent.ROLLBACK:
                return await rollouts.undo(self._kube, deployment, change)
            case Intent.DEPLOY:
                return await images.apply(self._kube, deployment, change)
        raise ValueError(f"{change.intent} is not a change")

    # --- rollouts ------------------------------------------------------------------------

    async def rollout(self, app: str, namespace: str) -> RolloutProgress:
        """One `kubectl rollout status` evaluation of the Deployment named exactly `app`."""
        deployment = await self._kube.call(self._kube.apps.read_namespaced_deployment, app, namespace)
        return (await status.status(self._kube, deployment, at=self._clock())).rollout

    def watch(
        self,
        app: str,
        namespace: str,
        *,
        timeout: float = watch.DEFAULT_TIMEOUT,
        poll: float = watch.DEFAULT_POLL,
    ) -> AsyncIterator[RolloutProgress]:
        """Progress of the rollout of `app` on each change, until done, failed or timed out."""
        return watch.watch_rollout(self._kube, app, namespace, timeout=timeout, poll=poll)
