"""Fixtures for cluster/ tests: kmock as a realistic API server, and a Cluster on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from cluster import Cluster
from playground.cluster import emulator, objects, pods


@pytest.fixture
def kmock_options(kmock_options: dict[str, Any]) -> dict[str, Any]:
    return {**kmock_options, "cls": emulator.KubeEmulator}


@pytest.fixture
async def cluster(kmock: emulator.KubeEmulator) -> AsyncIterator[Cluster]:
    made = emulator.cluster_for(kmock, default_namespace="shop", request_timeout=2.0)
    yield made
    await made.close()


@pytest.fixture
def web(kmock: emulator.KubeEmulator) -> dict[str, Any]:
    """`web` in `shop`: 3 revisions (nginx 1.23, 1.24, 1.25), 2 running pods."""
    dep = objects.deployment(kmock, "web", "shop", revisions=["nginx:1.23", "nginx:1.24", "nginx:1.25"])
    pods.pods_for(kmock, dep)
    return dep


@pytest.fixture
async def real_cluster(control_plane, kube_namespace) -> AsyncIterator[Cluster]:
    """A Cluster on the real control plane (its own ApiClient), defaulting to the test's fresh namespace."""
    made = Cluster(control_plane.api_client(), default_namespace=kube_namespace.name, request_timeout=5.0)
    yield made
    await made.close()
