"""GitHub's documented payload shapes parse into typed events."""

from __future__ import annotations

import urllib.parse

import pytest

from deploys import errors, github, parse_event
from tests.deploys.conftest import SHA, raw


def test_a_completed_workflow_run_carries_branch_sha_conclusion_and_link() -> None:
    event = parse_event("workflow_run", raw("workflow_run.completed"))
    assert isinstance(event, github.WorkflowRunEvent)
    run = event.workflow_run
    assert (event.action, run.conclusion, run.head_branch, run.head_sha) == ("completed", "success", "main", SHA)
    assert run.html_url == "https://github.com/acme/web/actions/runs/289782451"
    assert event.repository.full_name == "acme/web" and event.workflow and event.workflow.name == "build-image"


def test_a_push_knows_its_branch_or_tag() -> None:
    branch = parse_event("push", raw("push"))
    tag = parse_event("push", raw("push.tag"))
    assert isinstance(branch, github.PushEvent) and isinstance(tag, github.PushEvent)
    assert (branch.branch, branch.tag, branch.after) == ("main", None, SHA)
    assert (tag.branch, tag.tag) == (None, "v1.4.2")


def test_release_package_deployment_and_ping_parse() -> None:
    release = parse_event("release", raw("release.published"))
    package = parse_event("registry_package", raw("registry_package.published"))
    deployment = parse_event("deployment", raw("deployment.created"))
    ping = parse_event("ping", raw("ping"))
    assert isinstance(release, github.ReleaseEvent) and release.release.tag_name == "v1.4.2"
    assert isinstance(package, github.RegistryPackageEvent) and package.registry_package.is_container
    version = package.registry_package.package_version
    assert version and version.container_metadata and version.container_metadata.tag.name == "1.4.2"
    assert isinstance(deployment, github.DeploymentEvent) and deployment.deployment.environment == "production"
    assert isinstance(ping, github.PingEvent) and ping.hook_id == 109948940


def test_a_form_encoded_delivery_is_read_from_its_payload_field() -> None:
    body = urllib.parse.urlencode({"payload": raw("push").decode()}).encode()
    event = parse_event("push", body, content_type="application/x-www-form-urlencoded")
    assert isinstance(event, github.PushEvent) and event.after == SHA


def test_an_event_we_never_act_on_is_none() -> None:
    assert parse_event("issues", b"{}") is None
    assert parse_event("check_suite", b"not even json") is None


@pytest.mark.parametrize(
    ("name", "body"),
    [("workflow_run", b"{not json"), ("workflow_run", b'{"action": "completed"}'), ("push", b"[]"), ("push", b"\xff")],
)
def test_a_body_that_is_not_the_event_is_an_invalid_payload(name: str, body: bytes) -> None:
    with pytest.raises(errors.InvalidPayload) as caught:
        parse_event(name, body)
    assert caught.value.problems
