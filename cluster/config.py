"""
Building the kubernetes `ApiClient` from where the bot runs.

Inside a Pod (KUBERNETES_SERVICE_HOST is set) we use the ServiceAccount;
elsewhere the kubeconfig, as kubectl would (KUBECONFIG, then ~/.kube/config).
Each call builds its own `Configuration`: nothing is set as the process-wide
default, so several clusters (and tests) never share state.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import yaml
from kubernetes import client, config

from cluster import errors, where

__all__ = ["api_client"]


def api_client(
    *,
    kubeconfig: str | None = None,
    context: str | None = None,
    host: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> client.ApiClient:
    """An ApiClient for in-cluster or kubeconfig credentials; `host` overrides the server URL."""
    env = os.environ if environ is None else environ
    configuration = client.Configuration()
    try:
        if where.in_cluster(env) and kubeconfig is None:
            config.load_incluster_config(client_configuration=configuration)
        else:
            config.load_kube_config(
                config_file=kubeconfig or env.get("KUBECONFIG") or None,
                context=context,
                client_configuration=configuration,
                persist_config=False,
            )
    except (config.ConfigException, yaml.YAMLError, OSError) as exc:
        raise errors.Unconfigured(reason=type(exc).__name__) from exc
    except (TypeError, AttributeError, KeyError, ValueError) as exc:  # YAML, but not a kubeconfig's shape
        raise errors.Unconfigured(reason=type(exc).__name__) from exc
    if host:
        configuration.host = host.rstrip("/")
    configuration.retries = False  # the command's deadline decides how long we wait (cluster/_kube.py)
    return client.ApiClient(configuration)
