"""The public surface of cluster/ is listed, sorted and importable."""

from __future__ import annotations

import cluster
from cluster import errors


def test_all_is_sorted_and_every_name_exists() -> None:
    assert cluster.__all__ == sorted(cluster.__all__)
    assert all(hasattr(cluster, name) for name in cluster.__all__)


def test_every_error_is_a_cluster_error() -> None:
    assert all(issubclass(getattr(errors, name), errors.ClusterError) for name in errors.__all__ if name[0].isupper())
