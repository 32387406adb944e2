"""
Leader election on a coordination.k8s.io/v1 Lease, the way client-go's leaderelection does it.

A replica holds the Lease while `holderIdentity` is its own and it renews
`renewTime` within `leaseDurationSeconds`; another replica takes it over only
once a renewal is overdue. Every write carries the resourceVersion that was
read (a replace, not a patch), so two replicas racing for an expired Lease get
one 200 and one 409 Conflict: never two leaders. RBAC: `leases` get, create,
update in the bot's own namespace (the chart's leader Role).
"""

from __future__ import annotations

import datetime as dt

from kubernetes import client

from cluster import errors
from cluster._kube import Kube

__all__ = ["hold", "release"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def hold(kube: Kube, *, name: str, namespace: str, holder: str, seconds: int) -> bool:
    """Take or renew the Lease for `holder`; False when another holder's Lease is still live (or won the race)."""
    api = client.CoordinationV1Api(kube.api)
    now = _now()
    try:
        lease = await kube.call(api.read_namespaced_lease, name, namespace)
    except errors.NotFound:
        body = client.V1Lease(
            metadata=client.V1ObjectMeta(name=name, namespace=namespace),
            spec=client.V1LeaseSpec(
                holder_identity=holder,
                lease_duration_seconds=seconds,
                acquire_time=now,
                renew_time=now,
                lease_transitions=0,
            ),
        )
        try:
            await kube.call(api.create_namespaced_lease, namespace, body)
        except errors.Conflict:
            return False
        return True
    spec = lease.spec or client.V1LeaseSpec()
    renewed = spec.renew_time or spec.acquire_time
    duration = spec.lease_duration_seconds or seconds
    ours = spec.holder_identity == holder
    if not ours and spec.holder_identity and renewed is not None and renewed + dt.timedelta(seconds=duration) > now:
        return False
    if not ours:
        spec.acquire_time = now
        spec.lease_transitions = (spec.lease_transitions or 0) + 1
    spec.holder_identity = holder
    spec.lease_duration_seconds = seconds
    spec.renew_time = now
    lease.spec = spec
    try:
        await kube.call(api.replace_namespaced_lease, name, namespace, lease)  # NB: carries the resourceVersion read
    except errors.Conflict:
        return False
    return True


async def release(kube: Kube, *, name: str, namespace: str, holder: str) -> None:
    """Give the Lease up at once (shutting down), so another replica need not wait for it to expire."""
    api = client.CoordinationV1Api(kube.api)
    try:
        lease = await kube.call(api.read_namespaced_lease, name, namespace)
    except errors.NotFound:
        return
    if lease.spec is None or lease.spec.holder_identity != holder:
        return
    lease.spec.holder_identity = None
    lease.spec.renew_time = None
    try:
        await kube.call(api.replace_namespaced_lease, name, namespace, lease)
    except errors.Conflict:
        return
