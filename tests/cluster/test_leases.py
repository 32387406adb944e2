"""Leader election on a coordination.k8s.io/v1 Lease: one holder at a time, takeover only after expiry.

NB: kmock's emulator serves no PUT (a replace), so the tests add it the way the API
server does it: the body's resourceVersion must be the stored one, or 409 Conflict.
"""

from __future__ import annotations

import asyncio
import json

import kmock as kmock_lib
import pytest

LEASES = "coordination.k8s.io/v1/leases"
PATH = "/apis/coordination.k8s.io/v1/namespaces/shop/leases/klepaas-leader"


@pytest.fixture(autouse=True)
def leases(kmock) -> None:
    kmock.resources[LEASES] = {}

    async def replace(request):
        stored = kmock.objects[LEASES, "shop", "klepaas-leader"].raw
        body = request.data if isinstance(request.data, dict) else json.loads(request.data)
        if body["metadata"].get("resourceVersion") != stored["metadata"].get("resourceVersion"):
            raise kmock_lib.KubernetesError(status=409, reason="Conflict", message="the object has been modified")
        body["metadata"]["resourceVersion"] = str(int(stored["metadata"].get("resourceVersion") or "0") + 1)
        kmock.objects[LEASES, "shop", "klepaas-leader"] = body
        return body

    kmock[f"put {PATH}"] << replace


async def test_the_first_replica_creates_the_lease_and_another_is_refused_while_it_is_live(cluster, kmock):
    assert await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-a", seconds=15)
    assert not await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-b", seconds=15)
    writes = [
        (r.method.value.upper(), r.url.path)
        for r in kmock
        if "leases" in r.url.path and r.method.value.upper() != "GET"
    ]
    assert writes == [("POST", "/apis/coordination.k8s.io/v1/namespaces/shop/leases")]
    lease = kmock.objects["coordination.k8s.io/v1/leases", "shop", "klepaas-leader"].raw
    assert lease["spec"]["holderIdentity"] == "pod-a" and lease["spec"]["leaseDurationSeconds"] == 15


async def test_a_live_lease_is_renewed_an_expired_one_taken_over_and_a_released_one_at_once(cluster, kmock):
    assert await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-a", seconds=1)
    assert await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-a", seconds=1)  # renewed
    await asyncio.sleep(1.2)  # pod-a was killed: it renews no more
    assert await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-b", seconds=15)
    assert not await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-a", seconds=15)
    lease = kmock.objects[LEASES, "shop", "klepaas-leader"].raw
    assert (lease["spec"]["holderIdentity"], lease["spec"]["leaseTransitions"]) == ("pod-b", 1)
    await cluster.release_lease("klepaas-leader", namespace="shop", holder="pod-b")  # pod-b shuts down
    assert await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-a", seconds=15)


async def test_two_replicas_racing_for_an_expired_lease_make_one_leader(cluster, kmock):
    assert await cluster.hold_lease("klepaas-leader", namespace="shop", holder="pod-a", seconds=1)
    await asyncio.sleep(1.2)
    won = await asyncio.gather(
        *(cluster.hold_lease("klepaas-leader", namespace="shop", holder=f"pod-{n}", seconds=15) for n in "bcd")
    )
    assert won.count(True) == 1
