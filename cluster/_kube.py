"""
The only place that calls the synchronous kubernetes client.

Every call runs in a worker thread: a blocking call on the event loop would
stall every Slack ack, and it deadlocks against kmock, which serves from the
same loop in tests. The threads are our own (not the loop's default executor,
which aiohttp also needs for DNS), and a semaphore bounds how many calls are
in flight, so a burst of commands cannot exhaust the urllib3 pool or the
threads. Readiness probes get one thread of their own, so a hanging API server
cannot make probes starve commands or the other way round.

Every call carries `_request_timeout`, clipped to what is left of the command's
deadline (`cluster/deadlines.py`), is never retried by urllib3, and every error
leaves as a `ClusterError`.
"""

from __future__ import annotations

import asyncio
import contextvars
import copy
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import urllib3
from kubernetes import client

from cluster import deadlines, errors, impersonation
from cluster.identity import Identity

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0  # seconds per API request
DEFAULT_CONCURRENCY = 8  # API requests in flight at once
FIELD_MANAGER = "klepaas"  # managedFields owner of every change we make


def _without_retries(api: client.ApiClient) -> None:
    # NB: urllib3 retries a GET whose read timed out three more times by default, each with the
    # full timeout: a hanging API server then held a command (and a thread) four times as long.
    # The deadline decides how long we wait; a retry is the caller's choice, never the transport's.
    api.configuration.retries = False
    pool_manager = api.rest_client.pool_manager
    pool_manager.connection_pool_kw["retries"] = urllib3.Retry.from_int(False)
    pool_manager.clear()


class Kube:
    """The typed API groups over one `ApiClient`, and the one way to call them."""

    def __init__(
        self,
        api: client.ApiClient,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        _without_retries(api)
        self.api = api
        self.apps = client.AppsV1Api(api)
        self.core = client.CoreV1Api(api)
        self.networking = client.NetworkingV1Api(api)
        self.version = client.VersionApi(api)
        self.authorization = client.AuthorizationV1Api(api)
        self.timeout = timeout
        self._slots = asyncio.Semaphore(concurrency)
        self._threads = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="kube")
        self._probe_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kube-probe")

    def acting_as(self, identity: Identity) -> Kube:
        """The same threads and bounds, over an ApiClient whose every request impersonates `identity`."""
        api = impersonation.impersonating(self.api, identity)
        _without_retries(api)
        view = copy.copy(self)
        view.api = api
        view.apps = client.AppsV1Api(api)
        view.core = client.CoreV1Api(api)
        view.networking = client.NetworkingV1Api(api)
        view.version = client.VersionApi(api)
        view.authorization = client.AuthorizationV1Api(api)
        return view

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run one client call off the event loop, bounded, timed out, with our error types.

        Inside a `deadlines.scope` the call ends by the deadline, as `errors.Deadline`.
        """
        deadline = deadlines.current()
        if deadline is None:
            kwargs.setdefault("_request_timeout", self.timeout)
            async with self._slots:
                return await self._in_thread(self._threads, fn, args, kwargs)
        left = deadline.left()
        if left <= 0:
            raise errors.Deadline(seconds=deadline.seconds)
        asked = kwargs.get("_request_timeout", self.timeout)
        clipped = isinstance(asked, (int, float)) and left < asked
        if clipped:
            kwargs["_request_timeout"] = left
        else:
            kwargs.setdefault("_request_timeout", asked)
        try:
            async with asyncio.timeout_at(deadline.at):
                async with self._slots:
                    return await self._in_thread(self._threads, fn, args, kwargs)
        except TimeoutError as exc:  # only asyncio's: `translated` turned the client's into ClusterErrors
            raise errors.Deadline(seconds=deadline.seconds) from exc
        except errors.Timeout as exc:
            if clipped and not isinstance(exc, errors.Deadline):
                raise errors.Deadline(seconds=deadline.seconds) from exc
            raise

    async def probe(self, fn: Callable[..., T], /, *, timeout: float) -> T:
        """Run one cheap call on the probe thread, ending within `timeout` seconds."""
        try:
            async with asyncio.timeout(timeout):
                return await self._in_thread(self._probe_thread, fn, (), {"_request_timeout": timeout})
        except TimeoutError as exc:
            raise errors.Timeout(seconds=timeout) from exc

    async def _in_thread(
        self, threads: ThreadPoolExecutor, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> T:
        # As `asyncio.to_thread` does: the thread sees this task's contextvars (structlog fields).
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        with errors.translated(timeout=kwargs.get("_request_timeout")):
            return await asyncio.get_running_loop().run_in_executor(threads, call)

    async def patch_deployment(self, deployment: Any, body: Any, *, dry_run: bool, scale: bool = False) -> Any:
        """Patch a Deployment (or its scale subresource) as klepaas, as a server-side dry run when asked.

        A dict body is a strategic merge patch, a list a JSON patch (the client picks the content type).
        """
        fn = self.apps.patch_namespaced_deployment_scale if scale else self.apps.patch_namespaced_deployment
        extra = {"dry_run": "All"} if dry_run else {}
        return await self.call(
            fn, deployment.metadata.name, deployment.metadata.namespace, body, field_manager=FIELD_MANAGER, **extra
        )

    def raw(self, obj: object) -> Any:
        """The JSON form of a client model, as the API would send it (camelCase keys)."""
        return self.api.sanitize_for_serialization(obj)

    async def close(self) -> None:
        """Release the threads and the connection pool (and the client's thread pool, if it made one)."""
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._probe_thread.shutdown(wait=False, cancel_futures=True)
        await asyncio.to_thread(self.api.close)
