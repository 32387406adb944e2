"""
The only place that calls the synchronous kubernetes client.

Every call runs in a worker thread (`asyncio.to_thread`): a blocking call on the
event loop would stall every Slack ack, and it deadlocks against kmock, which
serves from the same loop in tests. A semaphore bounds how many calls are in
flight, so a burst of commands cannot exhaust the urllib3 pool or the threads.
Every call carries `_request_timeout`, and every error leaves as a `ClusterError`.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from kubernetes import client

from cluster import errors

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0  # seconds per API request
DEFAULT_CONCURRENCY = 8  # API requests in flight at once
FIELD_MANAGER = "klepaas"  # managedFields owner of every change we make


class Kube:
    """The typed API groups over one `ApiClient`, and the one way to call them."""

    def __init__(
        self,
        api: client.ApiClient,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self.api = api
        self.apps = client.AppsV1Api(api)
        self.core = client.CoreV1Api(api)
        self.networking = client.NetworkingV1Api(api)
        self.version = client.VersionApi(api)
        self.timeout = timeout
        self._slots = asyncio.Semaphore(concurrency)

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run one client call off the event loop, bounded, timed out, with our error types."""
        kwargs.setdefault("_request_timeout", self.timeout)
        async with self._slots:
            with errors.translated(timeout=self.timeout):
                return await asyncio.to_thread(fn, *args, **kwargs)

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
        """Release the connection pool (and the client's thread pool, if it made one)."""
        await asyncio.to_thread(self.api.close)
