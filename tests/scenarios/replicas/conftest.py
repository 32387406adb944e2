"""
Two `klepaas serve` processes on one PostgreSQL and one Redis, with the real parts:
the Slack Web API stand-in, the session's real control plane as the Kubernetes API (its
admin kubeconfig, a fresh namespace per test, the kubelet stand-in making Pods Ready), and
signed Slack requests spread across both replicas. The leader's lease is a Lease on that server.

PostgreSQL and Redis are started once for the directory; every test empties them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import text

from bot.storage import Database
from playground.slack_api import SlackWebApi
from tests.support import kube_objects
from tests.support.replicas import SECRET, Replica, start_replica
from tests.support.services import postgres_server

POLICY = """
namespaces: [{namespace}]
roles:
  operators:
    users: [U0ALICE01, U0BOB0001]
    allow: [restart, scale, rollback, deploy]
"""
ALERT_TOKEN = "alertmanager-token-0123456789"
TABLES = (
    "audit_log",
    "command_history",
    "pending_changes",
    "deployment_history",
    "alert_threads",
    "alert_outbox",
    "rollout_watches",
    "leader_leases",
)


@pytest.fixture(scope="package")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
async def database(postgres_url: str) -> AsyncIterator[Database]:
    db = Database.connect(postgres_url)
    await db.upgrade()
    async with db.engine.begin() as connection:
        existing = set(
            (await connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))).scalars()
        )
        await connection.execute(text(f"TRUNCATE {', '.join(t for t in TABLES if t in existing)} CASCADE"))
        if "alert_inbox" in existing:
            await connection.execute(text("TRUNCATE alert_inbox"))
    yield db
    await db.close()


@pytest.fixture
def redis_clean(redis_url: str) -> str:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()
    return redis_url


@pytest.fixture
def shop(kube_namespace: Any) -> Any:
    """The test's namespace with `web` at its third revision, rolled out (the kubelet stand-in reports its Pods)."""
    kube_objects.with_revisions(
        kube_namespace.api, kube_namespace.name, "web", ["nginx:1.23", "nginx:1.24", "nginx:1.25"], replicas=2
    )
    return kube_namespace


StartReplica = Callable[..., Awaitable[Replica]]


@pytest.fixture
async def replicas(
    fake_slack: SlackWebApi,
    control_plane: Any,
    database: Database,
    redis_clean: str,
    postgres_url: str,
    tmp_path: Path,
    shop: Any,
) -> AsyncIterator[StartReplica]:
    """Start replicas of the bot (`await replicas("a")`) acting in `shop`'s namespace; all are stopped at the end."""
    (tmp_path / "policy.yaml").write_text(POLICY.format(namespace=shop.name))
    started: list[Replica] = []

    async def start(name: str, **env: str) -> Replica:
        replica = await start_replica(
            name,
            {
                "SLACK_BOT_TOKEN": fake_slack.token,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake_slack.api_url,
                "DATABASE_URL": postgres_url,
                "REDIS_URL": redis_clean,
                "KUBECONFIG": control_plane.kubeconfig,
                # As in a Pod: the leader holds a coordination.k8s.io Lease in this namespace (the kubeconfig
                # still names the server and the credentials).
                "KUBERNETES_SERVICE_HOST": "127.0.0.1",
                "POD_NAMESPACE": shop.name,
                "KLEPAAS_DEFAULT_NAMESPACE": shop.name,
                "KLEPAAS_POLICY": str(tmp_path / "policy.yaml"),
                "KLEPAAS_ALERTMANAGER_TOKEN": ALERT_TOKEN,
                "SLACK_ALERT_CHANNEL_DEFAULT": "C0ALERTS1",
                "KLEPAAS_LEADER_LEASE": "3",
                "KLEPAAS_WATCH_LEASE": "3",
                "KLEPAAS_CONFIRM_LEASE": "3",
                "KLEPAAS_SHUTDOWN_GRACE": "15",
                **env,
            },
            tmp_path,
        )
        started.append(replica)
        return replica

    yield start
    for replica in started:
        if replica.process.poll() is None:
            replica.sigterm()
    failed = []
    for replica in started:
        try:
            await replica.exited(timeout=20)
        except TimeoutError:
            replica.sigkill()
            failed.append(replica.name)
    assert not failed, f"did not stop on SIGTERM: {failed}"
