"""Objects on the real control plane, made as a person would with kubectl: Deployments, Services, Ingresses."""

from __future__ import annotations

from typing import Any

from tests.support.kubelet import wait_until


def deployment(
    api: Any,
    namespace: str,
    name: str,
    image: str = "nginx:1.25",
    *,
    replicas: int = 2,
    container: str | None = None,
    labels: dict[str, str] | None = None,
    wait: bool = True,
) -> Any:
    """Create a Deployment selecting `app=<name>`; with `wait`, return once it is Available."""
    from kubernetes import client

    body = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": {"app": name, **(labels or {})}},
        "spec": {
            "replicas": replicas,
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"app": name}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": container or name, "image": image}]},
            },
        },
    }
    apps = client.AppsV1Api(api)
    apps.create_namespaced_deployment(namespace, body)
    if wait:
        wait_available(api, namespace, name)
    return apps.read_namespaced_deployment(name, namespace)


def rolled_out(api: Any, namespace: str, name: str) -> bool:
    """What `kubectl rollout status` waits for: the newest generation observed, updated, available."""
    from kubernetes import client

    dep = client.AppsV1Api(api).read_namespaced_deployment(name, namespace)
    status, want = dep.status, dep.spec.replicas
    return (
        (status.observed_generation or 0) >= dep.metadata.generation
        and (status.updated_replicas or 0) == want
        and (status.available_replicas or 0) == want
        and (status.replicas or 0) == want
    )


def wait_available(api: Any, namespace: str, name: str, timeout: float = 30.0) -> None:
    wait_until(
        lambda: rolled_out(api, namespace, name), timeout=timeout, what=f"deployment {namespace}/{name} rolled out"
    )


def set_image(api: Any, namespace: str, name: str, image: str, *, container: str | None = None) -> None:
    """`kubectl set image deployment/<name> <container>=<image>` (a change made outside the bot)."""
    from kubernetes import client

    apps = client.AppsV1Api(api)
    dep = apps.read_namespaced_deployment(name, namespace)
    target = container or dep.spec.template.spec.containers[0].name
    apps.patch_namespaced_deployment(
        name, namespace, {"spec": {"template": {"spec": {"containers": [{"name": target, "image": image}]}}}}
    )


def with_revisions(api: Any, namespace: str, name: str, images: list[str], *, replicas: int = 2) -> Any:
    """A Deployment rolled out once per image, as `kubectl set image` would: one revision each, the last current."""
    deployment(api, namespace, name, images[0], replicas=replicas)
    for image in images[1:]:
        set_image(api, namespace, name, image)
        wait_available(api, namespace, name)
    from kubernetes import client

    return client.AppsV1Api(api).read_namespaced_deployment(name, namespace)


def image_of(api: Any, namespace: str, name: str) -> list[str]:
    from kubernetes import client

    dep = client.AppsV1Api(api).read_namespaced_deployment(name, namespace)
    return [c.image for c in dep.spec.template.spec.containers]


def paused(api: Any, namespace: str, name: str, image: str = "nginx:1.25") -> None:
    """A Deployment someone paused (`kubectl rollout pause`)."""
    from kubernetes import client

    deployment(api, namespace, name, image, replicas=1)
    client.AppsV1Api(api).patch_namespaced_deployment(name, namespace, {"spec": {"paused": True}})
