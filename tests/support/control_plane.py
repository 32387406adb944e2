"""
A real Kubernetes control plane for the tests: etcd, kube-apiserver and kube-controller-manager
(v1.32.13), started by `../shared/kube/up` on free loopback ports, one per test session.

There is no scheduler and no kubelet: Pods stay Pending until a test reports their status the way a
kubelet would (tests/support/kubelet.py). Where `../shared/kube` is missing (someone else's clone)
the tests that need it skip with one line saying why; with `CI` set they fail instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.services import missing

ROOT = Path(__file__).resolve().parents[2]


def _kube_dir() -> Path:
    """`../shared/kube` beside the checkout; a git worktree one level deeper finds it beside its parent.

    KLEPAAS_KUBE_DIR names the folder of `up` and `down` outright.
    """
    if named := os.environ.get("KLEPAAS_KUBE_DIR"):
        return Path(named)
    for parent in ROOT.parents:
        if (parent / "shared" / "kube" / "up").exists():
            return parent / "shared" / "kube"
    return ROOT.parent / "shared" / "kube"


KUBE = _kube_dir()


@dataclass(frozen=True)
class ControlPlane:
    """A running control plane: the cluster admin's kubeconfig (group system:masters) and its server URL."""

    kubeconfig: str
    server: str
    workdir: str

    def api_client(self) -> Any:
        """A kubernetes ApiClient as the cluster admin (no retries: a test fails fast)."""
        from kubernetes import client, config

        configuration = client.Configuration()
        config.load_kube_config(config_file=self.kubeconfig, client_configuration=configuration, persist_config=False)
        configuration.retries = False
        return client.ApiClient(configuration)

    def kubeconfig_for_token(self, token: str, path: Path) -> str:
        """A kubeconfig that authenticates with a bearer token (a ServiceAccount's), same server and CA."""
        import yaml

        admin = yaml.safe_load(Path(self.kubeconfig).read_text())
        cluster = admin["clusters"][0]
        path.write_text(
            yaml.safe_dump(
                {
                    "apiVersion": "v1",
                    "kind": "Config",
                    "clusters": [cluster],
                    "users": [{"name": "token", "user": {"token": token}}],
                    "contexts": [{"name": "token", "context": {"cluster": cluster["name"], "user": "token"}}],
                    "current-context": "token",
                }
            )
        )
        path.chmod(0o600)
        return str(path)


def _script(name: str) -> Path:
    script = KUBE / name
    if not script.exists():
        missing(f"a real Kubernetes control plane ({script} is not there: this clone has no ../shared/kube)")
    return script


@contextlib.contextmanager
def control_plane() -> Iterator[ControlPlane]:
    """Start one control plane for as long as the block runs, and stop it after."""
    up, down = _script("up"), _script("down")
    workdir = tempfile.mkdtemp(prefix="klepaas-kube-")
    done = subprocess.run(["python3", str(up), workdir], capture_output=True, text=True, timeout=240)
    if done.returncode != 0:
        subprocess.run(["python3", str(down), workdir], capture_output=True, timeout=60)
        raise RuntimeError(f"../shared/kube/up failed: {done.stderr.strip()[-800:]}")
    started = json.loads(done.stdout.strip().splitlines()[-1])
    try:
        yield ControlPlane(kubeconfig=started["kubeconfig"], server=started["server"], workdir=workdir)
    finally:
        subprocess.run(["python3", str(down), workdir], capture_output=True, timeout=60)


def fresh_namespace_name(prefix: str = "t") -> str:
    """A namespace name no other test uses (tests share one control plane per session)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_namespace(api: Any, name: str) -> None:
    from kubernetes import client

    client.CoreV1Api(api).create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    # The ServiceAccount controller makes `default` shortly after; Pods of a Deployment need it.
    _wait_for_default_service_account(api, name)


def _wait_for_default_service_account(api: Any, namespace: str, timeout: float = 20.0) -> None:
    import time

    from kubernetes import client
    from kubernetes.client.exceptions import ApiException

    core = client.CoreV1Api(api)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            core.read_namespaced_service_account("default", namespace)
            return
        except ApiException as exc:
            if exc.status != 404:
                raise
        time.sleep(0.1)
    raise RuntimeError(f"namespace {namespace}: no default ServiceAccount after {timeout}s")


def delete_namespace(api: Any, name: str) -> None:
    from kubernetes import client
    from kubernetes.client.exceptions import ApiException

    with contextlib.suppress(ApiException):
        client.CoreV1Api(api).delete_namespace(name)
