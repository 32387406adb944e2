"""
The Helm chart in charts/klepaas, rendered by the real `helm` binary.

Every test renders the chart with `helm template` and asserts on the parsed objects
(yaml.safe_load_all), not on text. The least-privilege rules are checked against the
table in the protocol reference (§10).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "klepaas"
RELEASE = "bot"
NAMESPACE = "ops"
FULLNAME = "bot-klepaas"

# Everything the bot may do, one (apiGroup, resource, verb) per grant: exactly the calls cluster/ makes
# (tests/chart/test_chart_on_a_real_server.py checks each against a real API server).
LEAST_PRIVILEGE = {
    *(("apps", "deployments", v) for v in ("get", "list", "patch")),
    ("apps", "deployments/scale", "patch"),
    ("apps", "replicasets", "list"),
    ("", "pods", "list"),
    ("", "pods/log", "get"),
    ("", "events", "list"),
    ("", "services", "list"),
    ("networking.k8s.io", "ingresses", "list"),
}

SECRETS = {
    "SLACK_BOT_TOKEN": ("slack", "botToken", "xoxb-test-bot-token-1234"),
    "SLACK_SIGNING_SECRET": ("slack", "signingSecret", "signing-secret-5678"),
    "SLACK_APP_TOKEN": ("slack", "appToken", "xapp-test-app-token-9012"),
    "DATABASE_URL": ("database", "url", "postgresql+asyncpg://klepaas:db-password-3456@postgres:5432/klepaas"),
    "REDIS_URL": ("redis", "url", "redis://:redis-password-7890@redis:6379/0"),
    "GEMINI_API_KEY": ("gemini", "apiKey", "gemini-key-abcd"),
    "OPENAI_API_KEY": ("openai", "apiKey", "sk-openai-key-efgh"),
    "KLEPAAS_ALERTMANAGER_TOKEN": ("alertmanager", "token", "am-token-ijkl"),
    "GITHUB_WEBHOOK_SECRET": ("github", "webhookSecret", "gh-secret-mnop"),
}

POLICY = {
    "namespaces": ["default", "staging"],
    "roles": {"operators": {"users": ["U0123ABCD"], "allow": ["restart", "scale"], "namespaces": ["staging"]}},
}


# --- helpers ------------------------------------------------------------------------------


def _helm() -> str:
    found = shutil.which("helm") or (str(ROOT / ".tools" / "helm") if (ROOT / ".tools" / "helm").exists() else None)
    if found is None:
        message = "the helm binary is missing: run `make helm` (puts it at .tools/helm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def helm() -> str:
    return _helm()


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _run(helm: str, args: list[str], values: dict[str, Any] | None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    cmd = [helm, *args]
    if values is not None:
        path = tmp_path / f"values-{len(list(tmp_path.glob('values-*.yaml')))}.yaml"
        path.write_text(yaml.safe_dump(values), encoding="utf-8")
        cmd += ["-f", str(path)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


def template(helm: str, tmp_path: Path, values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    result = _run(helm, ["template", RELEASE, str(CHART), "--namespace", NAMESPACE], values, tmp_path)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def template_error(helm: str, tmp_path: Path, values: dict[str, Any]) -> str:
    result = _run(helm, ["template", RELEASE, str(CHART), "--namespace", NAMESPACE], values, tmp_path)
    assert result.returncode != 0, f"helm template should have failed:\n{result.stdout[:2000]}"
    return result.stderr


def of_kind(docs: Iterable[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind]


def one(docs: Iterable[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = of_kind(docs, kind)
    assert len(found) == 1, f"expected one {kind}, got {len(found)}"
    return found[0]


def grants(rules: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(g, r, v) for rule in rules for g in rule["apiGroups"] for r in rule["resources"] for v in rule["verbs"]}


LEADER = f"{FULLNAME}-leader"


def action_docs(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Everything but the leader-election Role and RoleBinding (tested on their own)."""
    return [d for d in docs if d["metadata"].get("name") != LEADER]


def container(docs: list[dict[str, Any]]) -> dict[str, Any]:
    pod = one(docs, "Deployment")["spec"]["template"]["spec"]
    assert len(pod["containers"]) == 1
    return pod["containers"][0]


def env_of(c: dict[str, Any]) -> dict[str, dict[str, Any]]:
    names = [e["name"] for e in c["env"]]
    assert len(names) == len(set(names)), f"duplicate env names: {names}"
    return {e["name"]: e for e in c["env"]}


# A production-like baseline: PostgreSQL, Redis, Slack credentials.
BASE: dict[str, Any] = {
    "slack": {"botToken": SECRETS["SLACK_BOT_TOKEN"][2], "signingSecret": SECRETS["SLACK_SIGNING_SECRET"][2]},
    "redis": {"url": SECRETS["REDIS_URL"][2]},
    "database": {"url": SECRETS["DATABASE_URL"][2]},
}


def all_secrets() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for section, key, value in SECRETS.values():
        values.setdefault(section, {})[key] = value
    return values


# --- lint -----------------------------------------------------------------------------------


def test_lint_strict_with_defaults_and_with_everything_enabled(helm: str, tmp_path: Path) -> None:
    result = _run(helm, ["lint", "--strict", str(CHART)], None, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    everything = _merge(
        all_secrets(),
        {
            "policy": POLICY,
            "alertmanager": {"routes": [{"match": {"severity": "critical"}, "channel": "#prod"}]},
            "ingress": {"enabled": True, "tls": [{"secretName": "tls", "hosts": ["klepaas.example.com"]}]},
            "metrics": {"serviceMonitor": {"enabled": True}},
            "rbac": {"listNamespaces": True},
        },
    )
    result = _run(helm, ["lint", "--strict", str(CHART)], everything, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_chart_metadata() -> None:
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    assert chart["apiVersion"] == "v2"
    assert chart["appVersion"] == "0.1.0"
    assert json.loads((CHART / "values.schema.json").read_text())["properties"]["replicaCount"]["type"] == "integer"


# --- replicas, Redis and the PodDisruptionBudget ------------------------------------------


def test_defaults_run_one_replica_needing_neither_redis_nor_postgresql(helm: str, tmp_path: Path) -> None:
    assert yaml.safe_load((CHART / "values.yaml").read_text())["replicaCount"] == 1
    docs = template(helm, tmp_path, {})
    assert one(docs, "Deployment")["spec"]["replicas"] == 1
    assert of_kind(docs, "PodDisruptionBudget") == []


def test_one_replica_needs_no_redis_and_has_no_pdb(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, {"replicaCount": 1})
    assert one(docs, "Deployment")["spec"]["replicas"] == 1
    assert of_kind(docs, "PodDisruptionBudget") == []
    assert "REDIS_URL" not in env_of(container(docs))
    # Without a PostgreSQL URL there is nothing for the migration hook to do.
    assert of_kind(docs, "Job") == []


SEVERAL = "several replicas must share one PostgreSQL and one Redis"


@pytest.mark.parametrize(
    "values",
    [
        {"replicaCount": 3},
        {"replicaCount": 2, "redis": {"url": SECRETS["REDIS_URL"][2]}},  # Redis, but SQLite in each Pod
        {"replicaCount": 2, "database": {"url": SECRETS["DATABASE_URL"][2]}},  # PostgreSQL, but no Redis
        {"replicaCount": 2, "existingSecret": {"name": "mine", "keys": ["SLACK_BOT_TOKEN", "REDIS_URL"]}},
    ],
    ids=["neither", "redis-only", "postgresql-only", "existing-secret-redis-only"],
)
def test_several_replicas_without_both_postgresql_and_redis_fail_with_one_sentence(
    helm: str, tmp_path: Path, values: dict[str, Any]
) -> None:
    error = template_error(helm, tmp_path, values)
    assert f"replicaCount is {values['replicaCount']}, and {SEVERAL}" in error
    assert "set database.url to a postgresql URL and redis.url" in error and "or set replicaCount to 1." in error


def test_three_replicas_with_redis_get_a_pdb_selecting_only_bot_pods(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, _merge(BASE, {"replicaCount": 3}))
    deployment = one(docs, "Deployment")
    assert deployment["spec"]["replicas"] == 3
    pdb = one(docs, "PodDisruptionBudget")
    assert pdb["spec"]["minAvailable"] == 1
    assert pdb["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert all(pod_labels[k] == v for k, v in pdb["spec"]["selector"]["matchLabels"].items())
    env = env_of(container(docs))
    assert env["REDIS_URL"]["valueFrom"]["secretKeyRef"] == {"name": FULLNAME, "key": "REDIS_URL"}


def test_postgresql_and_redis_from_an_existing_secret_satisfy_several_replicas(helm: str, tmp_path: Path) -> None:
    keys = ["SLACK_BOT_TOKEN", "REDIS_URL", "DATABASE_URL"]
    docs = template(helm, tmp_path, {"replicaCount": 2, "existingSecret": {"name": "mine", "keys": keys}})
    assert len(of_kind(docs, "PodDisruptionBudget")) == 1


def test_the_leader_lease_is_granted_in_the_release_namespace_only(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, _merge(BASE, {"replicaCount": 2, "rbac": {"namespaces": ["shop"]}}))
    (role,) = [d for d in of_kind(docs, "Role") if d["metadata"]["name"] == LEADER]
    assert role["metadata"]["namespace"] == NAMESPACE
    assert grants(role["rules"]) == {("coordination.k8s.io", "leases", v) for v in ("get", "create", "update")}
    (binding,) = [d for d in of_kind(docs, "RoleBinding") if d["metadata"]["name"] == LEADER]
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": LEADER}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": FULLNAME, "namespace": NAMESPACE}]
    env = env_of(container(docs))
    assert env["POD_NAMESPACE"]["valueFrom"] == {"fieldRef": {"fieldPath": "metadata.namespace"}}
    # The bot drains its work within the Pod's grace period, with 5 s to spare.
    grace = one(docs, "Deployment")["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert env["KLEPAAS_SHUTDOWN_GRACE"]["value"] == str(grace - 5)


# --- schema ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"replicaCount": "two"}, "/replicaCount"),
        ({"replicaCount": 0}, "/replicaCount"),
        ({"image": {"repository": 5}}, "/image/repository"),
        ({"rbac": {"clusterWide": "yes"}}, "/rbac/clusterWide"),
        ({"existingSecret": {"name": "s", "keys": ["SLACK_TOKEN"]}}, "/existingSecret/keys"),
        ({"mode": "daemon"}, "/mode"),
    ],
)
def test_schema_rejects_bad_values(helm: str, tmp_path: Path, values: dict[str, Any], where: str) -> None:
    error = template_error(helm, tmp_path, _merge(BASE, values))
    assert where in error


# --- RBAC -----------------------------------------------------------------------------------


def test_role_rules_are_exactly_the_least_privilege_table(helm: str, tmp_path: Path) -> None:
    docs = action_docs(template(helm, tmp_path, BASE))
    role = one(docs, "Role")
    assert role["metadata"]["namespace"] == NAMESPACE
    assert grants(role["rules"]) == LEAST_PRIVILEGE
    # Nothing beyond the table: no writes besides patch, no secrets, no status subresource.
    flat = grants(role["rules"])
    assert not {v for _, _, v in flat} & {"create", "update", "delete", "deletecollection", "*"}
    assert not {r for _, r, _ in flat} & {"secrets", "deployments/status", "*"}
    binding = one(docs, "RoleBinding")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": FULLNAME}
    sa = one(docs, "ServiceAccount")
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": sa["metadata"]["name"], "namespace": NAMESPACE}]
    assert one(docs, "Deployment")["spec"]["template"]["spec"]["serviceAccountName"] == sa["metadata"]["name"]
    assert of_kind(docs, "ClusterRole") == [] and of_kind(docs, "ClusterRoleBinding") == []


def test_a_role_and_binding_per_listed_namespace(helm: str, tmp_path: Path) -> None:
    docs = action_docs(template(helm, tmp_path, _merge(BASE, {"rbac": {"namespaces": ["shop", "staging"]}})))
    roles = of_kind(docs, "Role")
    bindings = of_kind(docs, "RoleBinding")
    assert sorted(r["metadata"]["namespace"] for r in roles) == ["shop", "staging"]
    assert sorted(b["metadata"]["namespace"] for b in bindings) == ["shop", "staging"]
    assert all(grants(r["rules"]) == LEAST_PRIVILEGE for r in roles)
    # The ServiceAccount lives in the release namespace, wherever the Role is.
    assert all(b["subjects"][0]["namespace"] == NAMESPACE for b in bindings)
    # The default namespace follows the first namespace the bot may act in.
    assert env_of(container(docs))["KLEPAAS_DEFAULT_NAMESPACE"]["value"] == "shop"


def test_cluster_wide_rbac_uses_a_cluster_role_with_the_same_rules(helm: str, tmp_path: Path) -> None:
    docs = action_docs(
        template(helm, tmp_path, _merge(BASE, {"rbac": {"clusterWide": True, "namespaces": ["ignored"]}}))
    )
    assert of_kind(docs, "Role") == [] and of_kind(docs, "RoleBinding") == []
    cluster_role = one(docs, "ClusterRole")
    assert grants(cluster_role["rules"]) == LEAST_PRIVILEGE
    binding = one(docs, "ClusterRoleBinding")
    assert (
        binding["roleRef"]["kind"] == "ClusterRole" and binding["roleRef"]["name"] == cluster_role["metadata"]["name"]
    )
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": FULLNAME, "namespace": NAMESPACE}]


def test_listing_namespaces_is_a_separate_opt_in(helm: str, tmp_path: Path) -> None:
    docs = action_docs(template(helm, tmp_path, _merge(BASE, {"rbac": {"listNamespaces": True}})))
    cluster_role = one(docs, "ClusterRole")
    assert grants(cluster_role["rules"]) == {("", "namespaces", "list")}
    assert grants(one(docs, "Role")["rules"]) == LEAST_PRIVILEGE


def test_rbac_can_be_left_out(helm: str, tmp_path: Path) -> None:
    docs = template(
        helm, tmp_path, _merge(BASE, {"rbac": {"create": False}, "serviceAccount": {"create": False, "name": "given"}})
    )
    assert not [
        d for d in docs if d["kind"] in {"Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ServiceAccount"}
    ]
    assert one(docs, "Deployment")["spec"]["template"]["spec"]["serviceAccountName"] == "given"


# --- the Deployment -------------------------------------------------------------------------


def test_deployment_is_hardened_with_probes_on_port_3000(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, BASE)
    pod = one(docs, "Deployment")["spec"]["template"]["spec"]
    c = container(docs)
    assert c["image"] == "klepaas:0.1.0"
    assert c["args"] == ["serve"]
    assert c["ports"] == [{"name": "http", "containerPort": 3000, "protocol": "TCP"}]
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    sc = c["securityContext"]
    assert sc["runAsNonRoot"] is True and sc["allowPrivilegeEscalation"] is False
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]
    assert "emptyDir" in volumes[mounts["/data"]]  # the image's WORKDIR (SQLite, .env)
    assert c["resources"]["requests"] and c["resources"]["limits"]
    assert env_of(c)["PORT"]["value"] == "3000"


def test_service_maps_port_80_to_the_bot_port(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, BASE)
    service = one(docs, "Service")
    assert service["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]
    assert service["spec"]["selector"] == one(docs, "Deployment")["spec"]["selector"]["matchLabels"]


def test_secret_settings_come_only_through_secret_key_refs(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, all_secrets())
    secret = next(s for s in of_kind(docs, "Secret") if s["metadata"]["name"] == FULLNAME)
    assert "annotations" not in secret["metadata"]  # a release resource, not a hook
    assert set(secret["data"]) == set(SECRETS)
    for name, (_, _, value) in SECRETS.items():
        assert base64.b64decode(secret["data"][name]).decode() == value
    env = env_of(container(docs))
    for name in SECRETS:
        assert env[name] == {"name": name, "valueFrom": {"secretKeyRef": {"name": FULLNAME, "key": name}}}
    deployment_text = yaml.safe_dump(one(docs, "Deployment"))
    for _, _, value in SECRETS.values():
        assert value not in deployment_text
        assert base64.b64encode(value.encode()).decode() not in deployment_text


def test_only_the_secrets_that_are_set_are_stored(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, {"replicaCount": 1, "slack": {"botToken": "xoxb-1", "signingSecret": "s"}})
    assert set(one(docs, "Secret")["data"]) == {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"}
    env = env_of(container(docs))
    assert {n for n, e in env.items() if "secretKeyRef" in e.get("valueFrom", {})} == {
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
    }


def test_plain_settings_are_plain_env(helm: str, tmp_path: Path) -> None:
    values = _merge(
        BASE,
        {
            "config": {"defaultNamespace": "shop", "intentProviders": "gemini,builtin"},
            "slack": {"alertChannelDefault": "#alerts"},
            "alertmanager": {"url": "http://alertmanager:9093"},
            "prometheus": {"url": "http://prometheus:9090"},
            "openai": {"baseUrl": "http://llm:8000/v1", "model": "m1"},
            "gemini": {"model": "gemini-x"},
        },
    )
    env = env_of(container(template(helm, tmp_path, values)))
    expected = {
        "KLEPAAS_DEFAULT_NAMESPACE": "shop",
        "KLEPAAS_INTENT_PROVIDERS": "gemini,builtin",
        "SLACK_ALERT_CHANNEL_DEFAULT": "#alerts",
        "ALERTMANAGER_URL": "http://alertmanager:9093",
        "PROMETHEUS_URL": "http://prometheus:9090",
        "OPENAI_BASE_URL": "http://llm:8000/v1",
        "OPENAI_MODEL": "m1",
        "GEMINI_MODEL": "gemini-x",
    }
    for name, value in expected.items():
        assert env[name] == {"name": name, "value": value}


def test_existing_secret_replaces_the_chart_secret(helm: str, tmp_path: Path) -> None:
    keys = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "REDIS_URL", "DATABASE_URL"]
    docs = template(helm, tmp_path, {"existingSecret": {"name": "klepaas-creds", "keys": keys}})
    # No Secret at all: neither the chart's nor the migration hook's.
    assert of_kind(docs, "Secret") == []
    env = env_of(container(docs))
    for key in keys:
        assert env[key]["valueFrom"]["secretKeyRef"] == {"name": "klepaas-creds", "key": key}
    assert "SLACK_APP_TOKEN" not in env
    # DATABASE_URL in the existing Secret means PostgreSQL: the hook Job reads it from there.
    job = one(docs, "Job")
    job_env = job["spec"]["template"]["spec"]["containers"][0]["env"]
    assert job_env == [
        {"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": "klepaas-creds", "key": "DATABASE_URL"}}}
    ]


def test_existing_secret_and_inline_secrets_do_not_mix(helm: str, tmp_path: Path) -> None:
    error = template_error(helm, tmp_path, _merge(BASE, {"existingSecret": {"name": "klepaas-creds"}}))
    assert "existingSecret.name is set, so the inline secret values must stay empty" in error
    assert "SLACK_BOT_TOKEN" in error and BASE["slack"]["botToken"] not in error


def test_socket_mode(helm: str, tmp_path: Path) -> None:
    error = template_error(helm, tmp_path, _merge(BASE, {"mode": "socket"}))
    assert "SLACK_APP_TOKEN" in error
    docs = template(helm, tmp_path, _merge(BASE, {"mode": "socket", "slack": {"appToken": "xapp-1"}}))
    assert container(docs)["args"] == ["socket"]


# --- configuration files --------------------------------------------------------------------


def _mounted_file(docs: list[dict[str, Any]], path: str) -> Any:
    """Follow a file path through the container's mounts to the ConfigMap key; return it parsed."""
    pod = one(docs, "Deployment")["spec"]["template"]["spec"]
    c = pod["containers"][0]
    mount = next(m for m in c["volumeMounts"] if path.startswith(m["mountPath"].rstrip("/") + "/"))
    assert mount.get("readOnly") is True
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    config_map = next(d for d in of_kind(docs, "ConfigMap") if d["metadata"]["name"] == volume["configMap"]["name"])
    key = path[len(mount["mountPath"].rstrip("/")) + 1 :]
    return yaml.safe_load(config_map["data"][key])


def test_policy_config_map_is_mounted_where_klepaas_policy_points(helm: str, tmp_path: Path) -> None:
    routes = [{"match": {"severity": "critical"}, "channel": "#prod", "mentions": ["<!subteam^S0ONCALL1>"]}]
    docs = template(helm, tmp_path, _merge(BASE, {"policy": POLICY, "alertmanager": {"routes": routes}}))
    env = env_of(container(docs))
    assert env["KLEPAAS_POLICY"]["value"] == "/etc/klepaas/policy.yaml"
    assert env["KLEPAAS_ALERT_ROUTES"]["value"] == "/etc/klepaas/alert-routes.yaml"
    assert _mounted_file(docs, env["KLEPAAS_POLICY"]["value"]) == POLICY
    assert _mounted_file(docs, env["KLEPAAS_ALERT_ROUTES"]["value"]) == {"routes": routes}


def test_no_policy_means_no_policy_file(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, BASE)
    env = env_of(container(docs))
    assert "KLEPAAS_POLICY" not in env and "KLEPAAS_ALERT_ROUTES" not in env
    assert of_kind(docs, "ConfigMap") == []


def test_config_and_secret_changes_roll_the_pods(helm: str, tmp_path: Path) -> None:
    def annotations(values: dict[str, Any]) -> dict[str, str]:
        return one(template(helm, tmp_path, values), "Deployment")["spec"]["template"]["metadata"]["annotations"]

    before = annotations(_merge(BASE, {"policy": POLICY}))
    changed_policy = annotations(_merge(BASE, {"policy": {**POLICY, "namespaces": ["default"]}}))
    changed_secret = annotations(_merge(BASE, {"policy": POLICY, "slack": {"botToken": "xoxb-rotated"}}))
    assert before["checksum/config"] != changed_policy["checksum/config"]
    assert before["checksum/secret"] == changed_policy["checksum/secret"]
    assert before["checksum/secret"] != changed_secret["checksum/secret"]
    assert before["checksum/config"] == changed_secret["checksum/config"]


# --- Ingress, ServiceMonitor, migrations ----------------------------------------------------


def test_ingress_exposes_only_the_slack_and_alertmanager_endpoints(helm: str, tmp_path: Path) -> None:
    values = _merge(BASE, {"ingress": {"enabled": True, "className": "nginx", "host": "bot.example.org"}})
    docs = template(helm, tmp_path, values)
    ingress = one(docs, "Ingress")
    assert ingress["spec"]["ingressClassName"] == "nginx"
    (rule,) = ingress["spec"]["rules"]
    assert rule["host"] == "bot.example.org"
    assert sorted(p["path"] for p in rule["http"]["paths"]) == ["/alerts/alertmanager", "/slack/events"]
    for path in rule["http"]["paths"]:
        assert path["backend"]["service"] == {"name": one(docs, "Service")["metadata"]["name"], "port": {"number": 80}}
    assert of_kind(template(helm, tmp_path, BASE), "Ingress") == []


def test_service_monitor_scrapes_metrics(helm: str, tmp_path: Path) -> None:
    docs = template(
        helm, tmp_path, _merge(BASE, {"metrics": {"serviceMonitor": {"enabled": True, "labels": {"release": "prom"}}}})
    )
    monitor = one(docs, "ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["metadata"]["labels"]["release"] == "prom"
    assert monitor["spec"]["endpoints"][0]["port"] == "http" and monitor["spec"]["endpoints"][0]["path"] == "/metrics"
    service_labels = one(docs, "Service")["metadata"]["labels"]
    assert all(service_labels.get(k) == v for k, v in monitor["spec"]["selector"]["matchLabels"].items())
    assert of_kind(template(helm, tmp_path, BASE), "ServiceMonitor") == []


def test_postgres_migrations_run_in_a_pre_install_hook(helm: str, tmp_path: Path) -> None:
    docs = template(helm, tmp_path, BASE)
    job = one(docs, "Job")
    hooks = job["metadata"]["annotations"]
    assert set(hooks["helm.sh/hook"].split(",")) == {"pre-install", "pre-upgrade"}
    pod = job["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert c["args"] == ["db", "upgrade"]
    assert pod["automountServiceAccountToken"] is False
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    # The release Secret does not exist before install: a hook Secret, created first, carries DATABASE_URL.
    ref = c["env"][0]["valueFrom"]["secretKeyRef"]
    hook_secret = next(s for s in of_kind(docs, "Secret") if s["metadata"]["name"] == ref["name"])
    assert int(hook_secret["metadata"]["annotations"]["helm.sh/hook-weight"]) < int(hooks["helm.sh/hook-weight"])
    assert base64.b64decode(hook_secret["data"]["DATABASE_URL"]).decode() == SECRETS["DATABASE_URL"][2]
    # Migration pods are not bot pods: the Service and PDB must not select them.
    selector = one(docs, "Service")["spec"]["selector"]
    job_labels = job["spec"]["template"]["metadata"]["labels"]
    assert not all(job_labels.get(k) == v for k, v in selector.items())


def test_migrations_can_be_turned_off_and_skip_sqlite(helm: str, tmp_path: Path) -> None:
    assert of_kind(template(helm, tmp_path, _merge(BASE, {"migrations": {"enabled": False}})), "Job") == []
    sqlite = _merge(BASE, {"database": {"url": "sqlite+aiosqlite:////data/klepaas.db"}})
    assert of_kind(template(helm, tmp_path, sqlite), "Job") == []


def test_notes_give_the_slack_request_url(helm: str, tmp_path: Path) -> None:
    values = _merge(
        BASE,
        {
            "ingress": {
                "enabled": True,
                "host": "bot.example.org",
                "tls": [{"secretName": "t", "hosts": ["bot.example.org"]}],
            }
        },
    )
    result = _run(
        helm, ["install", RELEASE, str(CHART), "--dry-run=client", "--namespace", NAMESPACE], values, tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "https://bot.example.org/slack/events" in result.stdout


def test_config_changes_add_only_get_on_configmaps_and_secrets(helm: str, tmp_path: Path) -> None:
    docs = action_docs(template(helm, tmp_path, _merge(BASE, {"rbac": {"configChanges": True}})))
    extra = grants(one(docs, "Role")["rules"]) - LEAST_PRIVILEGE
    assert extra == {("", "configmaps", "get"), ("", "secrets", "get")}
