"""RBAC on the real control plane as a cluster admin applies it: the bot's ServiceAccount, a team's Role."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# What a team's Role grants for the bot's commands on Deployments (reads the commands need, and patch).
TEAM_RULES = [
    {"apiGroups": ["apps"], "resources": ["deployments", "replicasets"], "verbs": ["get", "list", "watch"]},
    {"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"], "verbs": ["patch"]},
    {"apiGroups": [""], "resources": ["pods", "pods/log", "events", "services"], "verbs": ["get", "list"]},
]


@dataclass(frozen=True)
class BotAccount:
    """The bot's ServiceAccount and a kubeconfig holding its token (from the TokenRequest API)."""

    name: str
    namespace: str
    kubeconfig: str


def service_account(api: Any, control_plane: Any, namespace: str, tmp_path: Path) -> BotAccount:
    from kubernetes import client

    name = f"klepaas-{uuid.uuid4().hex[:6]}"
    core = client.CoreV1Api(api)
    core.create_namespaced_service_account(namespace, {"metadata": {"name": name}})
    request = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {"expirationSeconds": 3600}}
    token = core.create_namespaced_service_account_token(name, namespace, request).status.token
    path = control_plane.kubeconfig_for_token(token, tmp_path / f"{name}.kubeconfig")
    return BotAccount(name=name, namespace=namespace, kubeconfig=path)


def allow_impersonation(api: Any, account: BotAccount, *, users: list[str], groups: list[str]) -> str:
    """The ClusterRole the chart renders: impersonate only these users and groups; bound to the bot."""
    from kubernetes import client

    rbac = client.RbacAuthorizationV1Api(api)
    name = f"{account.name}-impersonate"
    rules = [{"apiGroups": [""], "resources": ["users"], "verbs": ["impersonate"], "resourceNames": users}]
    if groups:
        rules.append({"apiGroups": [""], "resources": ["groups"], "verbs": ["impersonate"], "resourceNames": groups})
    rbac.create_cluster_role({"metadata": {"name": name}, "rules": rules})
    rbac.create_cluster_role_binding(
        {
            "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
            "subjects": [{"kind": "ServiceAccount", "name": account.name, "namespace": account.namespace}],
        }
    )
    return name


def team_role(api: Any, namespace: str, *, group: str, rules: list[dict[str, Any]] | None = None) -> None:
    """A Role in `namespace` for a Kubernetes group (default: what the bot's commands on Deployments need)."""
    from kubernetes import client

    rbac = client.RbacAuthorizationV1Api(api)
    name = f"team-{uuid.uuid4().hex[:6]}"
    rbac.create_namespaced_role(namespace, {"metadata": {"name": name}, "rules": rules or TEAM_RULES})
    rbac.create_namespaced_role_binding(
        namespace,
        {
            "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
            "subjects": [{"kind": "Group", "name": group, "apiGroup": "rbac.authorization.k8s.io"}],
        },
    )
