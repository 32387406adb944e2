"""API and transport failures arrive as our own error types, with fields, chained.

Why the emulator: the errors are injected answers (403, 404, 409, 422 with a message, a slow answer) that
a healthy control plane does not give on demand.
"""

from __future__ import annotations

import asyncio
import socket

import kmock as kmocklib
import pytest
from kubernetes.client.exceptions import ApiException

from cluster import errors
from intents.command import Command, Intent
from playground.cluster import emulator, resources


def deployments(kmock, method: str):
    return kmock[method, kmocklib.resource(resources.DEPLOYMENTS)]


async def test_403_says_which_permission_is_missing(kmock, cluster, web) -> None:
    kmock["patch", kmocklib.resource(resources.DEPLOYMENTS), kmocklib.subresource("scale")] << emulator.forbidden(
        "patch", "deployments/scale", "shop", name="web"
    )
    with pytest.raises(errors.Forbidden) as caught:
        await cluster.plan(Command(intent=Intent.SCALE, app="web", replicas=4))
    found = caught.value
    assert (found.verb, found.resource, found.group, found.namespace) == ("patch", "deployments/scale", "apps", "shop")
    assert isinstance(found.__cause__, ApiException) and found.__cause__.status == 403
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["replicas"] == 2


async def test_404_of_a_namespace_without_the_app_is_app_not_found(kmock, cluster) -> None:
    with pytest.raises(errors.AppNotFound) as caught:
        await cluster.query(Command(intent=Intent.STATUS, app="web", namespace="ghost"))
    assert (caught.value.app, caught.value.namespace, caught.value.candidates) == ("web", "ghost", ())


async def test_a_plain_404_is_not_found(kmock, cluster) -> None:
    with pytest.raises(errors.NotFound):
        await cluster.rollout("web", "shop")


async def test_409_is_a_conflict(kmock, cluster, web) -> None:
    deployments(kmock, "patch") << kmocklib.KubernetesError(
        409,
        "Conflict",
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified',
        {"name": "web", "group": "apps", "kind": "deployments"},
    )
    with pytest.raises(errors.Conflict) as caught:
        await cluster.apply(Command(intent=Intent.RESTART, app="web"))
    assert (caught.value.kind, caught.value.name) == ("deployments", "web")


async def test_422_is_invalid_with_the_servers_message(kmock, cluster, web) -> None:
    message = 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Invalid value: "UPPER"'
    deployments(kmock, "patch") << kmocklib.KubernetesError(
        422,
        "Invalid",
        message,
        {
            "name": "web",
            "kind": "Deployment",
            "causes": [{"field": "spec.template.spec.containers[0].image", "message": 'Invalid value: "UPPER"'}],
        },
    )
    with pytest.raises(errors.Invalid) as caught:
        await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="UPPER"))
    assert caught.value.message == message
    assert caught.value.causes == ('spec.template.spec.containers[0].image: Invalid value: "UPPER"',)
    (dry_run,) = [r for r in kmock if r.method.value.upper() == "PATCH"]
    assert dry_run.url.query["dryRun"] == "All"


async def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    from kubernetes import client

    configuration = client.Configuration(host=f"http://127.0.0.1:{port}")
    configuration.retries = False
    from cluster import Cluster

    cluster = Cluster(client.ApiClient(configuration), request_timeout=1.0)
    with pytest.raises(errors.Unreachable) as caught:
        await cluster.ping()
    assert caught.value.reason == "NewConnectionError" and caught.value.__cause__ is not None
    await cluster.close()


async def test_a_slow_api_is_a_timeout(kmock) -> None:
    deployments(kmock, "get") << (lambda: asyncio.sleep(1.0))
    cluster = emulator.cluster_for(kmock, default_namespace="shop", request_timeout=0.2)
    with pytest.raises(errors.Timeout) as caught:
        await cluster.query(Command(intent=Intent.STATUS, app="web"))
    assert caught.value.seconds == 0.2
    await cluster.close()


async def test_ping_reads_the_version(kmock, cluster) -> None:
    assert await cluster.ping() == "v1.26.4+k3s1"
    assert emulator.requests_of(kmock) == ["GET /version/"]


def test_errors_are_hashable_and_print_their_fields() -> None:
    error = errors.NoRevision(revision=4, available=(1, 2))
    assert str(error) == "NoRevision(revision=4, available=(1, 2))"
    assert {error}


def test_config_without_credentials_is_unconfigured(tmp_path) -> None:
    from cluster import Cluster

    with pytest.raises(errors.Unconfigured):
        Cluster.from_config(kubeconfig=str(tmp_path / "missing"), default_namespace="default")


@pytest.mark.parametrize("text", ["a: [b\n", "[]\n", "- 1\n- 2\n"])
def test_a_kubeconfig_that_is_not_one_is_unconfigured(tmp_path, text) -> None:
    from cluster import Cluster

    path = tmp_path / "kubeconfig"
    path.write_text(text)
    with pytest.raises(errors.Unconfigured):
        Cluster.from_config(kubeconfig=str(path), default_namespace="default")
