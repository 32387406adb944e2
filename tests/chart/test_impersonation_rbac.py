"""The chart's RBAC for impersonation: `impersonate` on exactly the mapped users and groups, only when on."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.chart.test_helm_chart import all_secrets, helm, of_kind, template  # noqa: F401 (helm: a fixture)

POLICY = {
    "roles": {"deployer": {"groups": ["S0DEPLOYS"], "allow": ["scale"]}},
    "namespace_rules": {"production": {"change_from": ["C0PRODOPS"], "two_person": True}},
    "impersonation": {
        "users": {"U0ALICE01": "slack:alice@example.com", "U0BOB0001": "slack:bob@example.com"},
        "groups": {"S0PLATFORM": ["slack:platform", "slack:oncall"], "S0ONCALL1": ["slack:oncall"]},
    },
}


def impersonation_rules(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roles = of_kind(docs, "ClusterRole") + of_kind(docs, "Role")
    return [rule for role in roles for rule in role.get("rules") or [] if "impersonate" in rule["verbs"]]


def test_without_impersonation_the_bot_may_impersonate_nobody(helm: str, tmp_path: Path) -> None:  # noqa: F811
    for policy in ({}, {k: v for k, v in POLICY.items() if k != "impersonation"}):
        docs = template(helm, tmp_path, {**all_secrets(), "policy": policy})
        assert impersonation_rules(docs) == []


def test_with_impersonation_exactly_the_mapped_users_and_groups(helm: str, tmp_path: Path) -> None:  # noqa: F811
    docs = template(helm, tmp_path, {**all_secrets(), "policy": POLICY})
    assert impersonation_rules(docs) == [
        {
            "apiGroups": [""],
            "resources": ["users"],
            "verbs": ["impersonate"],
            "resourceNames": ["slack:alice@example.com", "slack:bob@example.com"],
        },
        {
            "apiGroups": [""],
            "resources": ["groups"],
            "verbs": ["impersonate"],
            "resourceNames": ["slack:oncall", "slack:platform"],
        },
    ]
    (binding,) = [b for b in of_kind(docs, "ClusterRoleBinding") if b["roleRef"]["name"].endswith("-impersonate")]
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "bot-klepaas", "namespace": "ops"}]


def test_the_rendered_rbac_on_a_real_cluster_lets_the_bot_act_as_the_mapped_people_only(
    helm: str,  # noqa: F811
    tmp_path: Path,
    kube_admin: Any,
) -> None:
    from kubernetes import client

    docs = template(helm, tmp_path, {**all_secrets(), "policy": POLICY})
    (role,) = [r for r in of_kind(docs, "ClusterRole") if r["metadata"]["name"].endswith("-impersonate")]
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    name = f"chart-impersonate-{uuid.uuid4().hex[:6]}"
    role["metadata"] = {"name": name}
    rbac.create_cluster_role(role)
    subject = {"kind": "ServiceAccount", "name": name, "namespace": "default"}
    rbac.create_cluster_role_binding(
        {
            "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
            "subjects": [subject],
        }
    )
    auth = client.AuthorizationV1Api(kube_admin)

    def may_impersonate(resource: str, who: str) -> bool:
        review = {
            "spec": {
                "user": f"system:serviceaccount:default:{name}",
                "groups": ["system:serviceaccounts", "system:authenticated"],
                "resourceAttributes": {"verb": "impersonate", "resource": resource, "name": who},
            }
        }
        return bool(auth.create_subject_access_review(review).status.allowed)

    try:
        assert may_impersonate("users", "slack:alice@example.com")
        assert may_impersonate("groups", "slack:platform")
        assert not may_impersonate("users", "slack:mallory@example.com")
        assert not may_impersonate("users", "system:admin")
        assert not may_impersonate("groups", "system:masters")
        assert not may_impersonate("serviceaccounts", "default")
    finally:
        rbac.delete_cluster_role_binding(name)
        rbac.delete_cluster_role(name)


@pytest.mark.parametrize("bad", [{"users": {}, "extra": 1}, {"groups": {}}])
def test_a_malformed_impersonation_is_refused_by_the_schema(helm: str, tmp_path: Path, bad: dict) -> None:  # noqa: F811
    from tests.chart.test_helm_chart import template_error

    error = template_error(helm, tmp_path, {**all_secrets(), "policy": {"impersonation": bad}})
    assert "impersonation" in error
