"""
What changed around an alert's workload before it fired: rollouts, pod troubles, Warning events, config.

Read-only, and cheap enough for the first seconds of an incident: one read of
the Deployment (cluster.workload), one list each of its ReplicaSets, its pods
and the namespace's Warning events, and one metadata-only read per ConfigMap or
Secret its pod template references. Everything runs inside the caller's
deadline (`Kube.call`).

- A rollout is a ReplicaSet of the Deployment created in the window: the
  creation time is when the controller acted on the change. Who made it comes
  from the ReplicaSet's change-cause, or from the Deployment's managedFields
  entry that wrote the pod template at about that time.
- Secrets are read as PartialObjectMetadata (the API server's metadata-only
  form), so their data never reaches this process; a ConfigMap or Secret counts
  as changed when one of its managedFields entries falls in the window.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from kubernetes.client import V1ContainerStatus, V1Deployment, V1ReplicaSet

from cluster import errors, history, overview, pods, progress, revisions, workload
from cluster._kube import Kube
from cluster.incident_values import ConfigChange, Incident, PodTrouble, Rollout
from cluster.results import ContainerImage, EventInfo

__all__ = ["gather"]

MANAGER_SLACK = timedelta(seconds=10)  # managedFields times have one-second resolution; the RS follows in ms
MAX_WARNINGS = 5
MAX_TROUBLES = 8
METADATA_ONLY = {"Accept": "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"}


async def gather(
    kube: Kube, labels: Mapping[str, str], *, default_namespace: str, until: datetime, window: timedelta
) -> Incident:
    """What happened to the alert's workload in `window` before `until` (the alert's startsAt)."""
    since = until - window
    found = await workload.resolve(kube, labels, default_namespace=default_namespace)
    if found is None:
        return Incident(since=since, until=until, workload=None)
    target, deployment = found
    owned = await history.owned_replica_sets(kube, deployment)
    found_pods = await pods.list_for(kube, deployment)
    names = {deployment.metadata.name, *(rs.metadata.name for rs in owned), *(p.metadata.name for p in found_pods)}
    return Incident(
        since=since,
        until=until,
        workload=target,
        rollouts=_rollouts(deployment, owned, since, until),
        troubles=_troubles(found_pods, since),
        warnings=await _warnings(kube, deployment.metadata.namespace, names, since, until),
        config_changes=await _config_changes(kube, deployment, since, until),
    )


def _images(rs: V1ReplicaSet) -> tuple[ContainerImage, ...]:
    spec = rs.spec.template.spec if rs.spec and rs.spec.template else None
    return tuple(ContainerImage(c.name, c.image) for c in (spec.containers if spec else []))


def _rollouts(
    deployment: V1Deployment, owned: list[V1ReplicaSet], since: datetime, until: datetime
) -> tuple[Rollout, ...]:
    found = []
    for index, rs in enumerate(owned):
        created = rs.metadata.creation_timestamp
        if created is None or not since <= created <= until:
            continue
        previous = owned[index - 1] if index else None
        found.append(
            Rollout(
                revision=progress.revision_of(rs.metadata.annotations) or 0,
                previous_revision=progress.revision_of(previous.metadata.annotations) if previous else None,
                images_before=_images(previous) if previous else (),
                images_after=_images(rs),
                created=created,
                change_cause=(rs.metadata.annotations or {}).get(revisions.CHANGE_CAUSE),
                manager=_template_writer(deployment, created),
            )
        )
    return tuple(reversed(found))


def _touches_template(fields: Any) -> bool:
    spec = fields.get("f:spec") if isinstance(fields, dict) else None
    return isinstance(spec, dict) and "f:template" in spec


def _template_writer(deployment: V1Deployment, at: datetime) -> str | None:
    """The manager whose write of spec.template is closest to `at` (within MANAGER_SLACK)."""
    close = [
        (abs(entry.time - at), entry.manager)
        for entry in deployment.metadata.managed_fields or []
        if not entry.subresource and entry.time is not None and _touches_template(entry.fields_v1)
        and abs(entry.time - at) <= MANAGER_SLACK
    ]  # fmt: skip
    return min(close)[1] if close else None


def _trouble(pod_name: str, status: V1ContainerStatus, since: datetime) -> PodTrouble | None:
    restarts = status.restart_count or 0
    waiting = status.state.waiting if status.state else None
    last = status.last_state.terminated if status.last_state else None
    now_terminated = status.state.terminated if status.state else None
    ended = last or now_terminated
    ended_at = ended.finished_at if ended else None
    if waiting is not None and waiting.reason in pods.TROUBLE:
        reason = waiting.reason
    elif ended is not None and (ended_at is None or ended_at >= since) and (ended.exit_code or 0) != 0:
        reason = ended.reason or "Error"
    else:
        return None
    return PodTrouble(
        pod=pod_name,
        container=status.name,
        reason=reason,
        restarts=restarts,
        exit_code=ended.exit_code if ended is not None else None,
        at=ended_at,
    )


def _troubles(found_pods: list[Any], since: datetime) -> tuple[PodTrouble, ...]:
    found = []
    for pod in found_pods:
        for status in (pod.status.container_statuses if pod.status else None) or []:
            if (trouble := _trouble(pod.metadata.name, status, since)) is not None:
                found.append(trouble)
    return tuple(found[:MAX_TROUBLES])


async def _warnings(
    kube: Kube, namespace: str, names: set[str], since: datetime, until: datetime
) -> tuple[EventInfo, ...]:
    listed = await kube.call(kube.core.list_namespaced_event, namespace, field_selector="type=Warning")
    mine = [
        e
        for e in listed.items
        if e.involved_object is not None and e.involved_object.name in names and overview.seen_at(e) >= since
    ]
    mine.sort(key=overview.seen_at, reverse=True)
    return tuple(overview.event_info(e) for e in mine[:MAX_WARNINGS])


def _references(deployment: V1Deployment) -> list[tuple[str, str]]:
    """(kind, name) of every ConfigMap and Secret the pod template mounts or reads, in order, once."""
    spec = deployment.spec.template.spec
    refs: list[tuple[str, str]] = []
    for volume in spec.volumes or []:
        if volume.config_map is not None:
            refs.append(("ConfigMap", volume.config_map.name))
        if volume.secret is not None:
            refs.append(("Secret", volume.secret.secret_name))
        for source in (volume.projected.sources or []) if volume.projected is not None else []:
            if source.config_map is not None:
                refs.append(("ConfigMap", source.config_map.name))
            if source.secret is not None:
                refs.append(("Secret", source.secret.name))
    for container in [*(spec.init_containers or []), *spec.containers]:
        for source in container.env_from or []:
            if source.config_map_ref is not None:
                refs.append(("ConfigMap", source.config_map_ref.name))
            if source.secret_ref is not None:
                refs.append(("Secret", source.secret_ref.name))
        for env in container.env or []:
            ref = env.value_from
            if ref is not None and ref.config_map_key_ref is not None:
                refs.append(("ConfigMap", ref.config_map_key_ref.name))
            if ref is not None and ref.secret_key_ref is not None:
                refs.append(("Secret", ref.secret_key_ref.name))
    return list(dict.fromkeys((kind, name) for kind, name in refs if name))


def _time(raw: str | None) -> datetime | None:
    if not raw:
        return None
    return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC)


async def _config_changes(
    kube: Kube, deployment: V1Deployment, since: datetime, until: datetime
) -> tuple[ConfigChange, ...]:
    namespace = deployment.metadata.namespace
    found = []
    for kind, name in _references(deployment):
        read = kube.core.read_namespaced_config_map if kind == "ConfigMap" else kube.core.read_namespaced_secret
        try:
            response = await kube.call(read, name, namespace, _preload_content=False, _headers=METADATA_ONLY)
        except (errors.NotFound, errors.Forbidden):
            continue  # NB: a missing one shows as CreateContainerConfigError on the pods; no read right, no guess
        metadata = json.loads(response.data).get("metadata", {})
        writes: list[tuple[datetime, str | None]] = []
        for entry in metadata.get("managedFields") or []:
            at = None if entry.get("subresource") else _time(entry.get("time"))
            if at is not None and since <= at <= until:
                writes.append((at, entry.get("manager")))
        if writes:
            at, manager = max(writes, key=lambda w: w[0])
            found.append(ConfigChange(kind=kind, name=name, changed_at=at, manager=manager))
    return tuple(found)
