"""Leader election on a real coordination.k8s.io/v1 Lease: one holder at a time, takeover only after expiry.

The API server's optimistic concurrency (a replace with a stale resourceVersion is 409 Conflict)
is what makes two replicas racing for one expired Lease end with one leader.
"""

from __future__ import annotations

import asyncio

from kubernetes import client


def lease(kube_namespace):
    return client.CoordinationV1Api(kube_namespace.api).read_namespaced_lease("klepaas-leader", kube_namespace.name)


async def test_the_first_replica_creates_the_lease_and_another_is_refused_while_it_is_live(
    real_cluster, kube_namespace
):
    ns = kube_namespace.name
    assert await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-a", seconds=15)
    assert not await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-b", seconds=15)
    found = lease(kube_namespace)
    assert found.spec.holder_identity == "pod-a" and found.spec.lease_duration_seconds == 15


async def test_a_live_lease_is_renewed_an_expired_one_taken_over_and_a_released_one_at_once(
    real_cluster, kube_namespace
):
    ns = kube_namespace.name
    assert await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-a", seconds=1)
    renewed_from = lease(kube_namespace).spec.renew_time
    assert await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-a", seconds=1)  # renewed
    assert lease(kube_namespace).spec.renew_time >= renewed_from
    await asyncio.sleep(1.2)  # pod-a was killed: it renews no more
    assert await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-b", seconds=15)
    assert not await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-a", seconds=15)
    found = lease(kube_namespace)
    assert (found.spec.holder_identity, found.spec.lease_transitions) == ("pod-b", 1)
    await real_cluster.release_lease("klepaas-leader", namespace=ns, holder="pod-b")  # pod-b shuts down
    assert await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-a", seconds=15)


async def test_two_replicas_racing_for_an_expired_lease_make_one_leader(real_cluster, kube_namespace):
    ns = kube_namespace.name
    assert await real_cluster.hold_lease("klepaas-leader", namespace=ns, holder="pod-a", seconds=1)
    await asyncio.sleep(1.2)
    won = await asyncio.gather(
        *(real_cluster.hold_lease("klepaas-leader", namespace=ns, holder=f"pod-{n}", seconds=15) for n in "bcd")
    )
    assert won.count(True) == 1
    assert lease(kube_namespace).spec.holder_identity == f"pod-{'bcd'[won.index(True)]}"
