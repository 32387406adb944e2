"""
The `logs` intent: the tail of one container of the app's newest pod.

When the container is crash-looping (waiting after a restart), the current
instance has nothing useful to say, so we read the previous, terminated one:
what `kubectl logs --previous` shows. Long output keeps its tail within a
character budget for the message, and the full text stays in the result.
"""

from __future__ import annotations

from kubernetes.client import V1ContainerStatus, V1Deployment, V1Pod

from cluster import errors, pods
from cluster._kube import Kube
from cluster.results import LogsResult

__all__ = ["DEFAULT_LINES", "MAX_LINES", "TEXT_BUDGET", "choose_container", "logs", "tail"]

DEFAULT_LINES = 50
MAX_LINES = 500
TEXT_BUDGET = 2800  # characters: a Slack section holds 3000, minus code fences and a header
LIMIT_BYTES = 512 * 1024  # never pull more than this from the API


def choose_container(pod: V1Pod, *, app: str, container: str | None) -> str:
    """The named container, else the one named like the app, else the first one."""
    names = [c.name for c in pod.spec.containers]
    if container is not None:
        if container not in names:
            raise errors.ContainerNotFound(container=container, containers=tuple(names))
        return container
    return app if app in names else names[0]


def _status_of(pod: V1Pod, container: str) -> V1ContainerStatus | None:
    statuses = (pod.status.container_statuses if pod.status else None) or []
    return next((s for s in statuses if s.name == container), None)


def wants_previous(status: V1ContainerStatus | None) -> bool:
    """True when the container is waiting after a crash and a terminated instance exists."""
    if status is None or not (status.last_state and status.last_state.terminated):
        return False
    waiting = status.state.waiting if status.state else None
    return waiting is not None and (waiting.reason == "CrashLoopBackOff" or (status.restart_count or 0) > 0)


def tail(text: str, budget: int = TEXT_BUDGET) -> tuple[str, bool]:
    """The last whole lines of `text` that fit `budget` characters, and whether any were cut."""
    if len(text) <= budget:
        return text, False
    cut = text[-budget:]
    newline = cut.find("\n")
    # Drop the partial first line, unless the text is one huge line.
    return (cut[newline + 1 :] if 0 <= newline < len(cut) - 1 else cut), True


async def logs(
    kube: Kube,
    deployment: V1Deployment,
    *,
    lines: int | None = None,
    container: str | None = None,
    previous: bool | None = None,
    budget: int = TEXT_BUDGET,
) -> LogsResult:
    """Read the tail of the chosen container of the app's newest pod."""
    app, namespace = deployment.metadata.name, deployment.metadata.namespace
    found = await pods.list_for(kube, deployment)
    if not found:
        raise errors.NoPods(app=app, namespace=namespace)
    pod = found[0]
    chosen = choose_container(pod, app=app, container=container)
    use_previous = wants_previous(_status_of(pod, chosen)) if previous is None else previous
    count = min(max(lines or DEFAULT_LINES, 1), MAX_LINES)
    query: dict[str, object] = {"container": chosen, "tail_lines": count, "limit_bytes": LIMIT_BYTES}
    if use_previous:
        query["previous"] = True
    text = await kube.call(kube.core.read_namespaced_pod_log, pod.metadata.name, namespace, **query)
    shown, truncated = tail(text or "", budget)
    return LogsResult(
        app=app,
        namespace=namespace,
        pod=pod.metadata.name,
        container=chosen,
        containers=tuple(c.name for c in pod.spec.containers),
        lines=count,
        text=shown,
        full_text=text or "",
        truncated=truncated,
        previous=use_previous,
        pods=tuple(p.metadata.name for p in found),
    )
