"""The generic CI body for /webhooks/deploy."""

from __future__ import annotations

import json

import pytest

from deploys import Approval, DeployRules, Source, errors, parse_ci_body


def body(**fields: object) -> bytes:
    return json.dumps({"app": "web", "namespace": "staging", "image": "ghcr.io/acme/web:1.4.2", **fields}).encode()


def test_a_minimal_body_becomes_a_deploy_to_the_rules_channel(rules: DeployRules) -> None:
    request = parse_ci_body(body()).request(rules)
    assert (request.app, request.namespace, request.image, request.source) == (
        "web",
        "staging",
        "ghcr.io/acme/web:1.4.2",
        Source.CI,
    )
    assert (request.channel, request.approval, request.actor) == ("C0DEPLOYS", Approval.NONE, "ci:ci")


def test_every_optional_field_is_carried(rules: DeployRules) -> None:
    request = parse_ci_body(
        body(
            channel="C0OTHER00",
            commit="3484a3fb",
            author="alice",
            url="https://ci.example.com/runs/7",
            message="Fix\nmore",
        )
    ).request(rules)
    assert (request.channel, request.commit, request.author, request.author_slack, request.url, request.message) == (
        "C0OTHER00",
        "3484a3fb",
        "alice",
        "U0ALICE01",
        "https://ci.example.com/runs/7",
        "Fix",
    )


def test_a_rule_that_asks_for_approval_asks_for_it_from_any_ci_too(rules: DeployRules) -> None:
    request = parse_ci_body(body(namespace="production")).request(rules)
    assert (request.approval, request.two_person) == (Approval.REQUIRED, True)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"nope", "not JSON"),
        (body(image="nginx:1.27; rm -rf /"), "image:"),
        (body(app="Web!"), "app:"),
        (body(url="javascript:alert(1)"), "url:"),
        (body(commit="HEAD~1"), "commit:"),
        (body(channel="everyone"), "channel:"),
        (body(extra=True), "extra:"),
        (json.dumps({"app": "web"}).encode(), "namespace:"),
    ],
)
def test_a_bad_body_is_refused_with_what_is_wrong(raw: bytes, says: str) -> None:
    with pytest.raises(errors.InvalidPayload) as caught:
        parse_ci_body(raw)
    assert says in str(caught.value)
