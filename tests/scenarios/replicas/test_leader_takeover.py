"""
The leader is killed with SIGKILL: the other replica takes over within the lease duration, and the
coordination.k8s.io Lease on the real server says so.
"""

from __future__ import annotations

import asyncio
import time

from kubernetes import client

from bot.app.leader import LEASE_NAME

LEASE = 3.0  # KLEPAAS_LEADER_LEASE in conftest


async def _leader(*replicas):
    for _ in range(100):
        found = [r for r in replicas if r.process.poll() is None and await r.metric("klepaas_leader") == 1]
        if found:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError("no leader was elected")


def _lease(shop) -> client.V1Lease:
    return client.CoordinationV1Api(shop.api).read_namespaced_lease(LEASE_NAME, shop.name)


async def test_the_other_replica_takes_over_within_the_lease_after_the_leader_is_killed(replicas, shop):
    a, b = await asyncio.gather(replicas("a"), replicas("b"))
    (leader,) = await _leader(a, b)
    held = await asyncio.to_thread(_lease, shop)
    assert f"/{leader.process.pid}/" in held.spec.holder_identity  # `<host>/<pid>/<random>`: the leader's
    other = b if leader is a else a
    leader.sigkill()
    killed = time.monotonic()
    await leader.exited()
    # The dead leader's lease runs out at most LEASE after its last renewal; the survivor tries
    # every LEASE/3, so it leads by LEASE + LEASE/3 at the latest (plus the /metrics poll).
    bound = LEASE + LEASE / 3 + 0.3
    while await other.metric("klepaas_leader") != 1:
        assert time.monotonic() - killed < bound, "no takeover within the lease duration"
        await asyncio.sleep(0.05)
    took = time.monotonic() - killed
    taken = await asyncio.to_thread(_lease, shop)
    assert f"/{other.process.pid}/" in taken.spec.holder_identity
    assert taken.spec.lease_transitions == (held.spec.lease_transitions or 0) + 1
    print(f"leader takeover after SIGKILL: {took:.2f} s (lease {LEASE:.0f} s)")
