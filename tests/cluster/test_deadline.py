"""A hanging API server costs one command at most its deadline, and probes cannot starve commands.

The servers here are real sockets on loopback: one accepts connections and never answers,
one answers slowly, one hangs only on /version. The Cluster is built the production way,
from a kubeconfig file.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web

from cluster import Cluster, errors
from intents.command import Command, Intent
from tests.support.hanging import SilentServer, kubeconfig

SCALE_WEB = Command(intent=Intent.SCALE, app="web", replicas=2)
VERSION = {
    "major": "1",
    "minor": "31",
    "gitVersion": "v1.31.0",
    "gitCommit": "0",
    "gitTreeState": "clean",
    "buildDate": "2026-01-01T00:00:00Z",
    "goVersion": "go1.23",
    "compiler": "gc",
    "platform": "linux/amd64",
}
EMPTY_LIST = {"kind": "DeploymentList", "apiVersion": "apps/v1", "metadata": {}, "items": []}


@pytest.fixture
async def silent(tmp_path: Path) -> AsyncIterator[tuple[SilentServer, str]]:
    server = SilentServer()
    url = await server.start()
    yield server, kubeconfig(tmp_path, url)
    await server.stop()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
async def http_api(tmp_path: Path) -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    """Serve one handler for every path on loopback; returns a kubeconfig pointing at it."""
    runners: list[web.AppRunner] = []

    async def serve(handler: Handler) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app, shutdown_timeout=0.1, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return kubeconfig(tmp_path, f"http://127.0.0.1:{port}")

    yield serve
    for runner in runners:
        await runner.cleanup()


def _not_found(name: str) -> web.Response:
    status = {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "reason": "NotFound",
        "code": 404,
        "message": f'deployments.apps "{name}" not found',
        "details": {"name": name, "kind": "deployments"},
    }
    return web.json_response(status, status=404)


async def test_a_command_against_a_silent_api_server_ends_at_its_deadline(silent) -> None:
    _, kubeconfig = silent
    cluster = Cluster.from_config(kubeconfig=kubeconfig, default_namespace="shop", deadline=1.0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(errors.Deadline) as caught:
        async with asyncio.timeout(3):
            await cluster.plan(SCALE_WEB)
    assert loop.time() - started < 1.3
    assert caught.value.seconds == 1.0
    assert isinstance(caught.value, errors.Timeout)  # whoever handles a slow API server handles this
    await cluster.close()


async def test_a_request_that_timed_out_is_not_sent_again(silent) -> None:
    server, kubeconfig = silent
    cluster = Cluster.from_config(kubeconfig=kubeconfig, default_namespace="shop", request_timeout=0.3, deadline=5)
    with pytest.raises(errors.Timeout) as caught:
        async with asyncio.timeout(3):
            await cluster.query(Command(intent=Intent.STATUS, app="web"))
    assert type(caught.value) is errors.Timeout and caught.value.seconds == 0.3
    assert server.connections == 1
    await cluster.close()


async def test_the_app_lookup_and_the_read_share_one_deadline(http_api) -> None:
    seen: list[str] = []

    async def slow_not_found(request: web.Request) -> web.Response:
        seen.append(f"{request.method} {request.path}")
        await asyncio.sleep(0.6)
        return _not_found("web")

    cluster = Cluster.from_config(kubeconfig=await http_api(slow_not_found), default_namespace="shop", deadline=1.0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(errors.Deadline):
        async with asyncio.timeout(3):
            await cluster.plan(SCALE_WEB)
    assert loop.time() - started < 1.2
    assert seen == [
        "GET /apis/apps/v1/namespaces/shop/deployments/web",
        "GET /apis/apps/v1/namespaces/shop/deployments",
    ]
    await cluster.close()


async def test_calls_inside_one_deadline_share_its_budget(http_api) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.6)
        return web.json_response(EMPTY_LIST) if request.path.endswith("/deployments") else _not_found("web")

    cluster = Cluster.from_config(kubeconfig=await http_api(slow), default_namespace="shop", deadline=1.0)
    assert await cluster.apps() == []  # alone, each call fits in the budget
    with pytest.raises(errors.Deadline), cluster.deadline():
        assert await cluster.apps() == []
        await cluster.query(Command(intent=Intent.STATUS, app="web"))
    await cluster.close()


async def test_pings_during_a_hang_share_one_request_and_leave_commands_their_threads(http_api) -> None:
    versions: list[str] = []

    async def version_hangs(request: web.Request) -> web.Response:
        if request.path.startswith("/version"):
            versions.append(request.path)
            await asyncio.sleep(30)
        return web.json_response(EMPTY_LIST)

    cluster = Cluster.from_config(kubeconfig=await http_api(version_hangs), default_namespace="shop")
    pings = [asyncio.ensure_future(cluster.ping(timeout=0.5)) for _ in range(30)]
    await asyncio.sleep(0.05)
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with asyncio.timeout(3):
        listed = await asyncio.gather(*(cluster.apps() for _ in range(20)))
    assert loop.time() - started < 0.4 and listed == [[]] * 20
    outcomes = await asyncio.gather(*pings, return_exceptions=True)
    assert all(isinstance(outcome, errors.Timeout) for outcome in outcomes)
    assert len(versions) == 1
    await cluster.close()


async def test_a_ping_that_gave_up_does_not_hold_the_next_one(http_api) -> None:
    calls: list[str] = []

    async def first_version_hangs(request: web.Request) -> web.Response:
        calls.append(request.path)
        if len(calls) == 1:
            await asyncio.sleep(30)
        return web.json_response(VERSION)

    cluster = Cluster.from_config(kubeconfig=await http_api(first_version_hangs), default_namespace="shop")
    with pytest.raises(errors.Timeout):
        await cluster.ping(timeout=0.3)
    async with asyncio.timeout(2):
        assert await cluster.ping(timeout=1.0) == "v1.31.0"
    await cluster.close()
