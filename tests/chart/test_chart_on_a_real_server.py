"""
The chart's ServiceAccount and RBAC, applied to a real API server, with the bot running under the
ServiceAccount's own token: every command works, and nothing beyond them is allowed.

`helm template` renders the chart (the real helm, `make helm`); the kubernetes client applies its
ServiceAccount, Roles and bindings; the TokenRequest API issues the ServiceAccount's token, and the
bot's Cluster authenticates with it. A SubjectAccessReview per (resource, verb) then shows what that
ServiceAccount may do: exactly the calls cluster/ makes. `logs` is the one command not run here:
the control plane has no kubelet to serve `pods/log` (its RBAC is checked like the rest; the logs
themselves are tested on the emulator, tests/cluster/test_queries.py).
"""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from kubernetes import client, utils
from sqlalchemy import select

from bot.storage.change_models import PendingChange
from cluster import Cluster, config
from tests.chart.test_helm_chart import CHART, LEAST_PRIVILEGE, _helm
from tests.support import kube_objects
from tests.support.control_plane import create_namespace, delete_namespace
from tests.support.real_bot import CHANNEL, start_real_bot

# Every (apiGroup, resource) a bot could be tempted to touch, and every verb there is.
RESOURCES = [
    ("apps", "deployments"),
    ("apps", "deployments/scale"),
    ("apps", "deployments/status"),
    ("apps", "replicasets"),
    ("apps", "statefulsets"),
    ("apps", "daemonsets"),
    ("", "pods"),
    ("", "pods/log"),
    ("", "pods/exec"),
    ("", "events"),
    ("", "services"),
    ("", "endpoints"),
    ("", "secrets"),
    ("", "configmaps"),
    ("", "serviceaccounts/token"),
    ("networking.k8s.io", "ingresses"),
    ("coordination.k8s.io", "leases"),
    ("rbac.authorization.k8s.io", "roles"),
]
VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]

# What the commands need in the app's namespace (cluster/: one call each), and in the bot's own.
NEEDED_IN_APPS = LEAST_PRIVILEGE  # the chart grants exactly what the commands call
NEEDED_IN_OWN = {("coordination.k8s.io", "leases", v) for v in ("get", "create", "update")}


def render(helm: str, release: str, namespace: str, apps_namespace: str, tmp_path: Path) -> list[dict[str, Any]]:
    values = tmp_path / "values.yaml"
    values.write_text(yaml.safe_dump({"rbac": {"namespaces": [apps_namespace]}}))
    done = subprocess.run(
        [helm, "template", release, str(CHART), "--namespace", namespace, "-f", str(values)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


def allowed(api, user: str, namespace: str) -> set[tuple[str, str, str]]:
    """Every (group, resource, verb) of the grid the user may use in `namespace`, by SubjectAccessReview."""
    reviews = client.AuthorizationV1Api(api)
    found = set()
    for group, resource in RESOURCES:
        name, _, sub = resource.partition("/")
        for verb in VERBS:
            attributes = {"namespace": namespace, "group": group, "resource": name, "verb": verb}
            if sub:
                attributes["subresource"] = sub
            review = reviews.create_subject_access_review(
                {"spec": {"user": user, "groups": ["system:serviceaccounts"], "resourceAttributes": attributes}}
            )
            if review.status.allowed:
                found.add((group, resource, verb))
    return found


@pytest.fixture
def bot_namespace(kube_admin):
    name = f"kp-{uuid.uuid4().hex[:8]}"
    create_namespace(kube_admin, name)
    yield name
    delete_namespace(kube_admin, name)


@pytest.fixture
def installed(kube_admin, kube_namespace, bot_namespace, tmp_path):
    """The chart's ServiceAccount and RBAC objects, applied; the ServiceAccount's name."""
    release = f"r{uuid.uuid4().hex[:6]}"
    docs = render(_helm(), release, bot_namespace, kube_namespace.name, tmp_path)
    rbac = [
        d for d in docs if d["kind"] in {"ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"}
    ]
    assert {d["kind"] for d in rbac} >= {"ServiceAccount", "Role", "RoleBinding"}
    for doc in rbac:
        utils.create_from_dict(kube_admin, doc, namespace=doc["metadata"].get("namespace") or bot_namespace)
    (account,) = [d["metadata"]["name"] for d in rbac if d["kind"] == "ServiceAccount"]
    yield account
    rbac_api = client.RbacAuthorizationV1Api(kube_admin)
    for doc in rbac:
        if doc["kind"] == "ClusterRole":
            rbac_api.delete_cluster_role(doc["metadata"]["name"])
        elif doc["kind"] == "ClusterRoleBinding":
            rbac_api.delete_cluster_role_binding(doc["metadata"]["name"])


def test_a_subject_access_review_per_verb_shows_only_what_the_commands_need(
    kube_admin, kube_namespace, bot_namespace, installed
):
    user = f"system:serviceaccount:{bot_namespace}:{installed}"
    assert allowed(kube_admin, user, kube_namespace.name) == NEEDED_IN_APPS
    assert allowed(kube_admin, user, bot_namespace) == NEEDED_IN_OWN
    assert allowed(kube_admin, user, "kube-system") == set()


def _token(api, namespace: str, account: str) -> str:
    request = client.CoreV1Api(api).create_namespaced_service_account_token(
        account, namespace, {"spec": {"expirationSeconds": 3600}}
    )
    return request.status.token


def _texts(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or [], ensure_ascii=False) + (message.get("text") or "")


async def test_every_command_works_under_the_service_accounts_token(
    control_plane, kube_admin, kube_namespace, bot_namespace, installed, fake_slack, tmp_path
):
    api, ns = kube_admin, kube_namespace.name
    kube_objects.with_revisions(api, ns, "web", ["nginx:1.24", "nginx:1.25"], replicas=2)
    client.CoreV1Api(api).create_namespaced_service(
        ns, {"metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}
    )
    client.NetworkingV1Api(api).create_namespaced_ingress(
        ns,
        {
            "metadata": {"name": "web"},
            "spec": {
                "rules": [
                    {
                        "host": "web.example.com",
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {"service": {"name": "web", "port": {"number": 80}}},
                                }
                            ]
                        },
                    }
                ]
            },
        },
    )
    kubeconfig = control_plane.kubeconfig_for_token(_token(api, bot_namespace, installed), tmp_path / "sa.kubeconfig")
    cluster = Cluster(config.api_client(kubeconfig=kubeconfig), default_namespace=ns, request_timeout=5.0)
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path, cluster=cluster)
    try:
        answers = {}
        for text in (
            "status web",
            "endpoint web",
            "overview",
            "list_pods",
            "list_deployments",
            "list_services",
            "list_ingresses",
            "history web",
        ):
            hooks = len(fake_slack.hooks)
            posts = len(fake_slack.posts())
            await bot.sender.slash(text, response_url=fake_slack.hook_url())
            await fake_slack.wait_for(lambda s, h=hooks, p=posts: len(s.hooks) > h or len(s.posts()) > p)
            await bot.settle()
            answer = fake_slack.posts()[-1] if len(fake_slack.posts()) > posts else fake_slack.hooks[-1].args
            answers[text] = _texts(answer)
            assert "RBAC" not in answers[text] and "may not" not in answers[text], (text, answers[text])
        assert "nginx:1.25" in answers["status web"]
        assert "web.example.com" in answers["endpoint web"]
        assert "nginx:1.24" in answers["history web"]

        for text in ("scale web 3", "deploy web nginx:1.27", "rollback web", "restart web"):
            posts = len(fake_slack.posts())
            await bot.sender.slash(text, response_url=fake_slack.hook_url())
            await fake_slack.wait_for(lambda s, p=posts: len(s.posts()) > p)
            await bot.settle()
            confirmation = fake_slack.posts()[-1]
            assert confirmation["text"].startswith("Confirm"), (text, _texts(confirmation))
            async with bot.clients.db.session() as session:
                change = (
                    (await session.execute(select(PendingChange).order_by(PendingChange.created_at.desc())))
                    .scalars()
                    .first()
                )
            await bot.sender.click(
                "confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts
            )
            key = (CHANNEL, change.message_ts)
            await fake_slack.wait_for(lambda s, k=key: ":white_check_mark:" in _texts(s.messages[k]), timeout=30)
            await bot.settle()
        deployment = client.AppsV1Api(api).read_namespaced_deployment("web", ns)
        assert deployment.spec.replicas == 3
        assert deployment.spec.template.spec.containers[0].image == "nginx:1.25"  # rolled back from 1.27
        assert "kubectl.kubernetes.io/restartedAt" in deployment.spec.template.metadata.annotations
        # The leader Lease, in the bot's own namespace.
        assert await cluster.hold_lease("klepaas-leader", namespace=bot_namespace, holder="pod-a", seconds=15)
    finally:
        await bot.stop()
