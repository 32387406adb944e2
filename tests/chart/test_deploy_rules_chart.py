"""The chart ships the deploy rules (KLEPAAS_DEPLOYS), the deploy token and the watched namespaces."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from bot.infra.settings import Settings
from deploys import DeployRules
from tests.chart.test_helm_chart import BASE, FULLNAME, _merge, container, env_of, helm, one, template, template_error

__all__ = ["helm"]  # the module-scoped fixture, shared

RULES: dict[str, Any] = {
    "channel": "C0DEPLOYS",
    "people": {"alice": "U0123ABCD"},
    "deploys": [
        {
            "repo": "acme/web",
            "events": ["workflow_run"],
            "branch": "main",
            "app": "web",
            "namespace": "staging",
            "image": "ghcr.io/acme/web:{sha}",
        },
        {
            "repo": "acme/web",
            "events": ["release"],
            "app": "web",
            "namespace": "production",
            "image": "ghcr.io/acme/web:{tag}",
            "approval": "required",
            "two_person": True,
        },
    ],
}


def test_the_configmap_ships_deploy_rules_the_bot_loads_and_points_klepaas_deploys_at_them(
    helm: str, tmp_path: Path
) -> None:
    values = _merge(
        BASE,
        {"deploys": RULES, "watchNamespaces": ["staging", "production"], "github": {"deployToken": "ci-token-qrst"}},
    )
    docs = template(helm, tmp_path, values)
    shipped = one(docs, "ConfigMap")["data"]["deploys.yaml"]
    rules = DeployRules.from_yaml(shipped)  # the file the bot reads, exactly as rendered
    assert [(r.repo, r.app, r.namespace, r.image) for r in rules] == [
        ("acme/web", "web", "staging", "ghcr.io/acme/web:{sha}"),
        ("acme/web", "web", "production", "ghcr.io/acme/web:{tag}"),
    ]
    assert rules.slack_user("alice") == "U0123ABCD"
    c = container(docs)
    env = env_of(c)
    assert env["KLEPAAS_DEPLOYS"]["value"] == "/etc/klepaas/deploys.yaml"
    assert env["KLEPAAS_WATCH_NAMESPACES"]["value"] == "staging,production"
    assert env["KLEPAAS_DEPLOY_TOKEN"]["valueFrom"]["secretKeyRef"] == {"name": FULLNAME, "key": "KLEPAAS_DEPLOY_TOKEN"}
    assert {"name": "config", "mountPath": "/etc/klepaas", "readOnly": True} in c["volumeMounts"]
    (secret,) = [d["data"] for d in docs if d["kind"] == "Secret" and d["metadata"]["name"] == FULLNAME]
    assert base64.b64decode(secret["KLEPAAS_DEPLOY_TOKEN"]).decode() == "ci-token-qrst"
    assert "ci-token-qrst" not in str(one(docs, "ConfigMap"))


def test_without_deploy_rules_nothing_about_deploys_is_rendered(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, BASE)
    env = env_of(container(docs))
    assert "KLEPAAS_DEPLOYS" not in env and "KLEPAAS_WATCH_NAMESPACES" not in env
    assert "KLEPAAS_DEPLOY_TOKEN" not in env


def test_a_watch_namespace_that_is_not_a_kubernetes_name_stops_the_render(helm: str, tmp_path: Path) -> None:
    error = template_error(helm, tmp_path, _merge(BASE, {"watchNamespaces": ["Prod_NS"]}))
    assert "watchNamespaces" in error


def test_the_kube_deadline_and_the_deploy_timings_reach_the_bot_as_settings_it_accepts(
    helm: str, tmp_path: Path
) -> None:
    timings = {"kubeDeadline": 8, "rolloutTimeout": 600, "approvalTtl": 1800, "watchPoll": 2.5}
    for config, expected in (({}, ("10", "300", "3600", "5")), (timings, ("8", "600", "1800", "2.5"))):
        env = env_of(container(template(helm, tmp_path, _merge(BASE, {"config": config}))))
        names = ("KLEPAAS_KUBE_DEADLINE", "KLEPAAS_ROLLOUT_TIMEOUT", "KLEPAAS_APPROVAL_TTL", "KLEPAAS_WATCH_POLL")
        assert tuple(env[n]["value"] for n in names) == expected
        settings = Settings(_env_file=None, **{n: env[n]["value"] for n in names})  # what the bot reads
        assert (
            settings.kube_deadline_seconds,
            settings.rollout_timeout_seconds,
            settings.approval_ttl_seconds,
            settings.watch_poll_seconds,
        ) == tuple(float(v) for v in expected)


def test_a_kube_deadline_the_bot_would_refuse_is_refused_by_the_chart(helm: str, tmp_path: Path) -> None:
    error = template_error(helm, tmp_path, _merge(BASE, {"config": {"kubeDeadline": 120}}))
    assert "kubeDeadline" in error
