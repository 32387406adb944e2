"""
A kubelet stand-in for the real control plane: it reports Pod status through the `status`
subresource, exactly the fields a kubelet writes, so Deployments roll out, finish, crash-loop or
fail to pull as they would on nodes.

    kubelet = Kubelet(api, namespace)          # a background thread; every new Pod becomes Ready
    kubelet.behave("web", Fate.IMAGE_PULL)     # from now on, new Pods of `web` fail to pull
    kubelet.stop()

One-off reports (`report(api, pod, Fate.OOM_KILLED)`) are there for tests that set a Pod's state
themselves.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
import time
from collections.abc import Callable
from typing import Any


class Fate(enum.StrEnum):
    """What a Pod's container does once "started"."""

    READY = "ready"
    CRASH_LOOP = "crash-loop"  # exits 1 again and again: CrashLoopBackOff, last state terminated
    IMAGE_PULL = "image-pull"  # the image cannot be pulled: ImagePullBackOff
    OOM_KILLED = "oom-killed"  # ran, was OOMKilled (exit 137), restarted and Ready again
    PENDING = "pending"  # never scheduled: PodScheduled False, Unschedulable
    NOT_READY = "not-ready"  # running but its readiness probe fails


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _condition(kind: str, status: bool, reason: str | None = None, message: str | None = None) -> dict[str, Any]:
    condition: dict[str, Any] = {"type": kind, "status": "True" if status else "False", "lastTransitionTime": _now()}
    if reason:
        condition["reason"] = reason
    if message:
        condition["message"] = message
    return condition


def pod_status(pod: Any, fate: Fate) -> dict[str, Any]:
    """The `status` a kubelet would report for this Pod (a V1Pod) meeting `fate`."""
    containers = pod.spec.containers
    started = _now()
    if fate is Fate.PENDING:
        return {
            "phase": "Pending",
            "conditions": [
                _condition("PodScheduled", False, "Unschedulable", "0/3 nodes are available: 3 Insufficient cpu.")
            ],
        }
    statuses = [_container_status(container, fate, started) for container in containers]
    ready = fate in (Fate.READY, Fate.OOM_KILLED)
    phase = "Running" if fate is not Fate.IMAGE_PULL else "Pending"
    not_ready = None if ready else "ContainersNotReady"
    return {
        "phase": phase,
        "hostIP": "10.0.0.10",
        "podIP": f"10.1.0.{hash(pod.metadata.name) % 250 + 2}",
        "startTime": started,
        "conditions": [
            _condition("PodScheduled", True),
            _condition("Initialized", True),
            _condition("ContainersReady", ready, not_ready),
            _condition("Ready", ready, not_ready),
        ],
        "containerStatuses": statuses,
    }


def _container_status(container: Any, fate: Fate, started: str) -> dict[str, Any]:
    status: dict[str, Any] = {
        "name": container.name,
        "image": container.image,
        "imageID": "",
        "ready": fate in (Fate.READY, Fate.OOM_KILLED),
        "restartCount": 0,
        "started": fate in (Fate.READY, Fate.OOM_KILLED, Fate.NOT_READY),
        "state": {"running": {"startedAt": started}},
    }
    if fate is Fate.IMAGE_PULL:
        status.update(
            started=False,
            state={
                "waiting": {
                    "reason": "ImagePullBackOff",
                    "message": f'Back-off pulling image "{container.image}"',
                }
            },
        )
    elif fate is Fate.CRASH_LOOP:
        status.update(
            started=False,
            restartCount=4,
            state={
                "waiting": {
                    "reason": "CrashLoopBackOff",
                    "message": f"back-off 1m20s restarting failed container={container.name}",
                }
            },
            lastState={"terminated": {"exitCode": 1, "reason": "Error", "startedAt": started, "finishedAt": started}},
        )
    elif fate is Fate.OOM_KILLED:
        status.update(
            restartCount=1,
            lastState={
                "terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": started, "finishedAt": started}
            },
        )
    if status["imageID"] == "" and fate is not Fate.IMAGE_PULL:
        status["imageID"] = f"docker.io/library/{container.image}@sha256:{'0' * 64}"
    return status


def report(api: Any, pod: Any, fate: Fate) -> None:
    """Write `fate` into the Pod's status subresource, as its kubelet would."""
    from kubernetes import client

    client.CoreV1Api(api).patch_namespaced_pod_status(
        pod.metadata.name, pod.metadata.namespace, {"status": pod_status(pod, fate)}
    )


def app_of(pod: Any) -> str | None:
    """The Deployment a Pod belongs to, by the `app` label (what the tests' Deployments select on)."""
    labels = pod.metadata.labels or {}
    return labels.get("app")


class Kubelet:
    """Reports a status for every new Pod of one namespace, by a fate chosen per app (default Ready)."""

    def __init__(self, api: Any, namespace: str, *, interval: float = 0.1) -> None:
        self.api, self.namespace, self.interval = api, namespace, interval
        self.fates: dict[str, Fate] = {}
        self.choose: Callable[[Any], Fate | None] | None = None
        self.reported: dict[str, Fate] = {}
        self.last_error: Exception | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"kubelet-{namespace}", daemon=True)
        self._thread.start()

    def behave(self, app: str, fate: Fate) -> None:
        """New Pods of `app` meet `fate` (Pods already reported keep theirs)."""
        self.fates[app] = fate

    def heal(self, app: str) -> int:
        """`app`'s Pods become Ready (their probes pass now), and so do its new ones; how many were reported."""
        from kubernetes import client

        self.fates[app] = Fate.READY
        pods = client.CoreV1Api(self.api).list_namespaced_pod(self.namespace, label_selector=f"app={app}").items
        healed = 0
        for pod in pods:
            if pod.metadata.deletion_timestamp is None and self.reported.get(pod.metadata.uid) is not Fate.READY:
                report(self.api, pod, Fate.READY)
                self.reported[pod.metadata.uid] = Fate.READY
                healed += 1
        return healed

    def sweep(self) -> int:
        """Report every Pod without a report yet; how many were reported."""
        from kubernetes import client

        pods = client.CoreV1Api(self.api).list_namespaced_pod(self.namespace).items
        done = 0
        for pod in pods:
            if pod.metadata.uid in self.reported or pod.metadata.deletion_timestamp is not None:
                continue
            fate = (self.choose(pod) if self.choose else None) or self.fates.get(app_of(pod) or "", Fate.READY)
            try:
                report(self.api, pod, fate)
            except client.exceptions.ApiException as exc:
                if exc.status != 404:  # deleted meanwhile (a scale down, a finished rollout)
                    raise
            self.reported[pod.metadata.uid] = fate
            done += 1
        return done

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sweep()
            except Exception as exc:  # a stand-in's loop keeps going, as a kubelet does; the test can look
                self.last_error = exc
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def wait_until(check: Callable[[], bool], *, timeout: float = 20.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} not reached within {timeout}s")
