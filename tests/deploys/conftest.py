"""Fixtures for deploys/: GitHub's payload shapes from tests/fixtures/github, and a rules file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from deploys import DeployRules

FIXTURES = Path(__file__).parent.parent / "fixtures" / "github"
SHA = "3484a3fb816e0859fd6e1cea078d76385ff50625"

RULES = """
channel: "C0DEPLOYS"
people: {alice: U0ALICE01}
watch: [staging]
deploys:
  - repo: acme/web
    events: [workflow_run]
    branch: main
    workflow: build-image
    app: web
    namespace: staging
    container: web
    image: ghcr.io/acme/web:{sha}
  - repo: acme/web
    events: [push]
    branch: main
    app: web
    namespace: dev
    image: ghcr.io/acme/web:{short_sha}
    channel: "#dev-deploys"
  - repo: acme/web
    events: [release, registry_package]
    app: web
    namespace: production
    image: ghcr.io/acme/web:{tag}
    approval: required
    two_person: true
  - repo: acme/web
    events: [deployment]
    environment: production
    app: web
    namespace: production
    image: ghcr.io/acme/web:{sha}
    approval: required
"""


def raw(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def payload(name: str) -> dict[str, Any]:
    return json.loads(raw(name))


@pytest.fixture
def rules() -> DeployRules:
    return DeployRules.from_yaml(RULES)
