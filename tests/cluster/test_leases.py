"""Leader election on a coordination.k8s.io/v1 Lease: the first replica creates it, a live one is not taken over.

NB: the emulator serves no PUT, so renewal and takeover (a replace carrying the
resourceVersion read) are exercised by the database lease's tests instead
(tests/bot/test_leader.py), which share bot/app/leader.py's logic.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def leases(kmock) -> None:
    kmock.resources["coordination.k8s.io/v1/leases"] = {}


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
