"""
A running bot whose cluster is the real control plane (tests/support/control_plane.py), acting in
the test's fresh namespace, with a policy that lets U0ALICE01 change it.

    bot = await start_real_bot(control_plane, kube_namespace.name, fake_slack, tmp_path)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from bot.policy.rules import Policy
from cluster import Cluster
from deploys import DeployRules
from tests.support.bot import RunningBot, make_clients, make_settings, start_bot

OPERATOR = "U0ALICE01"
CHANNEL = "C0OPS0001"
POLL = 0.05  # seconds between reads of a followed rollout: short, so the suite stays fast


def policy_for(namespace: str) -> Policy:
    return Policy.parse(
        f"""
namespaces: [{namespace}]
roles:
  operators:
    users: [{OPERATOR}]
    allow: [restart, scale, rollback, deploy]
"""
    )


async def start_real_bot(
    control_plane: Any,
    namespace: str,
    fake_slack: Any,
    tmp_path: Path,
    *,
    cluster: Cluster | None = None,
    policy: Policy | None = None,
    deploy_rules: DeployRules | None = None,
    **overrides: Any,
) -> RunningBot:
    """The whole bot on loopback: Slack is the stand-in, Kubernetes the real API server (as its admin)."""
    settings = make_settings(fake_slack, str(tmp_path / "klepaas.db"), KLEPAAS_DEFAULT_NAMESPACE=namespace, **overrides)
    cluster = cluster or Cluster(control_plane.api_client(), default_namespace=namespace, request_timeout=5.0)
    clients = await make_clients(settings, cluster=cluster, policy=policy or policy_for(namespace))
    clients.closers.append(cluster.close)
    if deploy_rules is not None:
        clients = dataclasses.replace(clients, deploy_rules=deploy_rules)
    return await start_bot(clients, rollout_poll=POLL)
