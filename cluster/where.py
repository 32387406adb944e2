"""
Where the bot runs, as the kubernetes client decides it: inside a Pod, or with a kubeconfig.

No kubernetes import here, so the composition root can ask before it loads the client.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["configured", "in_cluster"]

DEFAULT_KUBECONFIG = "~/.kube/config"


def in_cluster(environ: Mapping[str, str] | None = None) -> bool:
    """Inside a Pod: the kubelet sets KUBERNETES_SERVICE_HOST for every container."""
    env = os.environ if environ is None else environ
    return bool(env.get("KUBERNETES_SERVICE_HOST"))


def configured(kubeconfig: str | None, environ: Mapping[str, str] | None = None) -> bool:
    """In a Pod, or the kubeconfig (KUBECONFIG may list several files; kubectl reads the first) exists."""
    if in_cluster(environ):
        return True
    path = kubeconfig or os.path.expanduser(DEFAULT_KUBECONFIG)
    return os.path.exists(path.split(os.pathsep)[0])
