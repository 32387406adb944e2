"""The public surface of deploys/ is listed, sorted and importable; it stays pure."""

from __future__ import annotations

import subprocess
import sys

import deploys
from deploys import errors


def test_all_is_sorted_and_every_name_exists() -> None:
    assert deploys.__all__ == sorted(deploys.__all__)
    assert all(hasattr(deploys, name) for name in deploys.__all__)


def test_every_error_is_a_deploys_error() -> None:
    assert all(issubclass(getattr(errors, name), errors.DeploysError) for name in errors.__all__)


def test_importing_deploys_loads_neither_slack_nor_kubernetes_nor_the_bot() -> None:
    code = (
        "import sys, deploys; print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'bot', 'slack_bolt', 'slack_sdk', 'kubernetes', 'cluster'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
