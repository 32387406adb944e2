"""
The `Cluster` facade: a `Command` in, a typed result out.

Read-only intents go through `query`; mutating ones through `plan` (resolve
the app, dry-run the change server-side, say what would change) and then
`apply` (make exactly that change). The namespace defaults here, because only
the executor knows the configured default; which namespaces a user may touch
is the bot's policy, not ours.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import copy
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Concatenate, ParamSpec, TypeVar

from kubernetes import client
from kubernetes.client import V1Deployment

from cluster import (
    _kube,
    ages,
    config,
    deadlines,
    errors,
    impersonation,
    incident,
    leases,
    mutations,
    queries,
    readiness,
    resolve,
    revision_watch,
    revisions,
    status,
    watch,
)
from cluster import follow as following
from cluster.changes import ChangeApplied, ChangePlan, RolloutProgress
from cluster.identity import Identity, Permission
from cluster.incident_values import Incident
from cluster.queries import Result
from cluster.results import Inventory
from cluster.revision_watch import RevisionSeen
from cluster.revisions import Revision
from intents.command import Command, Intent

__all__ = ["Cluster", "Result"]

PEOPLE = 256  # identities whose impersonating clients are kept (least recently used go first)

P = ParamSpec("P")
T = TypeVar("T")


def _within_deadline(
    method: Callable[Concatenate[Cluster, P], Awaitable[T]],
) -> Callable[Concatenate[Cluster, P], Awaitable[T]]:
    """Run a public method within the command's deadline (its own, unless one is already open)."""

    @functools.wraps(method)
    async def bounded(self: Cluster, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self.deadline():
            return await method(self, *args, **kwargs)

    return bounded


class Cluster:
    """Everything the bot asks of Kubernetes, over one `ApiClient`."""

    def __init__(
        self,
        api: client.ApiClient,
        *,
        default_namespace: str = "default",
        request_timeout: float = _kube.DEFAULT_TIMEOUT,
        deadline: float = deadlines.DEFAULT_DEADLINE,
        concurrency: int = _kube.DEFAULT_CONCURRENCY,
        clock: Callable[[], datetime] = ages.now,
    ) -> None:
        self._kube = _kube.Kube(api, timeout=request_timeout, concurrency=concurrency)
        self.default_namespace = default_namespace
        self.deadline_seconds = deadline
        self._clock = clock
        self._probe = readiness.VersionProbe(self._kube)
        self.identity: Identity | None = None  # None: the bot's own credentials (its ServiceAccount)
        self._people: collections.OrderedDict[Identity, Cluster] = collections.OrderedDict()
        self._owner: Cluster = self

    @classmethod
    def from_config(
        cls,
        *,
        kubeconfig: str | None,
        context: str | None = None,
        host: str | None = None,
        default_namespace: str,
        request_timeout: float = _kube.DEFAULT_TIMEOUT,
        deadline: float = deadlines.DEFAULT_DEADLINE,
    ) -> Cluster:
        """In-cluster credentials inside a Pod, else the kubeconfig (and its `context`)."""
        api = config.api_client(kubeconfig=kubeconfig, context=context, host=host)
        return cls(api, default_namespace=default_namespace, request_timeout=request_timeout, deadline=deadline)

    @contextlib.contextmanager
    def deadline(self, seconds: float | None = None) -> Iterator[deadlines.Deadline]:
        """One time budget for every call made inside (default: the configured deadline).

        The bot opens one around all it asks for one command (the parser's inventory, the
        plan, ...); each public method opens its own, which an outer one shortens.
        """
        with deadlines.scope(self.deadline_seconds if seconds is None else seconds) as found:
            yield found

    async def ping(self, *, timeout: float = readiness.PING_TIMEOUT) -> str:
        """GET /version, for readiness checks; returns the server's gitVersion (cluster/readiness.py)."""
        return await self._probe.ping(timeout=timeout)

    async def close(self) -> None:
        if self.identity is not None:
            return  # a person's view: its owner closes the threads and every view's pool
        for view in self._people.values():
            await asyncio.to_thread(view._kube.api.close)
        self._people.clear()
        await self._kube.close()

    # --- acting for a person -------------------------------------------------------------

    def acting_as(self, identity: Identity | None) -> Cluster:
        """This cluster as `identity` (every call impersonates it); None is the bot itself.

        Views share the threads, the bounds and the deadline; one is kept per identity.
        """
        if identity is None:
            return self
        owner = self._owner
        view = owner._people.get(identity)
        if view is None:
            view = copy.copy(owner)
            view._kube = owner._kube.acting_as(identity)
            view.identity = identity
            view._owner = owner
            view._probe = readiness.VersionProbe(view._kube)
            owner._people[identity] = view
            if len(owner._people) > PEOPLE:
                _, old = owner._people.popitem(last=False)
                old._kube.api.rest_client.pool_manager.clear()
        else:
            owner._people.move_to_end(identity)
        return view

    @_within_deadline
    async def missing(self, intent: Intent, namespace: str | None) -> Permission | None:
        """The first permission `intent` needs in `namespace` that this identity lacks (None: all granted)."""
        for permission in impersonation.needs(intent, namespace):
            if not await impersonation.allowed(self._kube, permission):
                return permission
        return None

    def namespace_of(self, command: Command) -> str:
        return command.namespace or self.default_namespace

    # --- context for parsers -------------------------------------------------------------

    @_within_deadline
    async def namespaces(self) -> list[str]:
        found = await self._kube.call(self._kube.core.list_namespace)
        return sorted(n.metadata.name for n in found.items)

    @_within_deadline
    async def apps(self, namespace: str | None = None) -> list[str]:
        """The Deployment names in `namespace` (default namespace when None), sorted."""
        found = await self._kube.call(self._kube.apps.list_namespaced_deployment, namespace or self.default_namespace)
        return sorted(d.metadata.name for d in found.items)

    @_within_deadline
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

    @_within_deadline
    async def query(self, command: Command, *, container: str | None = None) -> Result:
        """Run a read-only intent (status, logs, endpoint, overview, list_*)."""
        return await queries.query(
            self._kube,
            command,
            deployment=lambda: self._deployment(command),
            namespace=self.namespace_of(command),
            at=self._clock(),
            container=container,
        )

    # --- mutating intents ----------------------------------------------------------------

    @_within_deadline
    async def plan(self, command: Command, *, container: str | None = None) -> ChangePlan:
        """Resolve and dry-run a mutating Command; raises what the real change would raise."""
        deployment = await self._deployment(command)
        return await mutations.plan(self._kube, deployment, command, at=self._clock(), container=container)

    @_within_deadline
    async def apply(self, change: ChangePlan | Command, *, container: str | None = None) -> ChangeApplied:
        """Make the planned change (a Command is planned first, dry run included)."""
        if isinstance(change, Command):
            change = await self.plan(change, container=container)
        deployment = await self._kube.call(self._kube.apps.read_namespaced_deployment, change.app, change.namespace)
        return await mutations.apply(self._kube, deployment, change, at=self._clock())

    # --- rollouts ------------------------------------------------------------------------

    @_within_deadline
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

    def follow(
        self,
        app: str,
        namespace: str,
        *,
        generation: int | None,
        timeout: float = following.DEFAULT_TIMEOUT,
        poll: float = following.DEFAULT_POLL,
    ) -> AsyncIterator[RolloutProgress]:
        """The rollout of the change that returned `generation`: ready/desired, elapsed, and how it ended."""
        return following.follow(self._kube, app, namespace, generation=generation, timeout=timeout, poll=poll)

    @_within_deadline
    async def revisions(self, command: Command, *, limit: int = revisions.DEFAULT_LIMIT) -> tuple[Revision, ...]:
        """The app's last revisions, newest first (for `history`)."""
        return await revisions.revisions(self._kube, await self._deployment(command), limit=limit)

    def watch_revisions(
        self, namespace: str, *, poll: float = revision_watch.DEFAULT_POLL
    ) -> AsyncIterator[RevisionSeen]:
        """Each new revision of a Deployment in `namespace`, with who wrote it (cancel to stop)."""
        return revision_watch.watch_revisions(self._kube, namespace, poll=poll)

    def revision_watch(self, namespace: str) -> revision_watch.RevisionWatch:
        """A watch on `namespace` the caller polls (`check()`), e.g. only while it holds a lease."""
        return revision_watch.RevisionWatch(self._kube, namespace)

    # --- incidents -----------------------------------------------------------------------

    @_within_deadline
    async def incident(self, labels: Mapping[str, str], *, until: datetime, window: timedelta) -> Incident:
        """What changed around the workload an alert's labels name, in `window` before `until` (read-only)."""
        return await incident.gather(
            self._kube, labels, default_namespace=self.default_namespace, until=until, window=window
        )

    # --- leader election -----------------------------------------------------------------

    async def hold_lease(self, name: str, *, namespace: str, holder: str, seconds: int) -> bool:
        """Take or renew the coordination.k8s.io Lease `name` for `holder` (see cluster/leases.py)."""
        return await leases.hold(self._kube, name=name, namespace=namespace, holder=holder, seconds=seconds)

    async def release_lease(self, name: str, *, namespace: str, holder: str) -> None:
        await leases.release(self._kube, name=name, namespace=namespace, holder=holder)
