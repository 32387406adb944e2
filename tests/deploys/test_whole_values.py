"""Values are judged whole: a trailing newline (which a pattern ending in `$` let through) is refused."""

from __future__ import annotations

import json

import pytest
import yaml

from deploys import DeployRules, errors, parse_ci_body, parse_event, requests_for
from tests.deploys.conftest import FIXTURES


def ci_body(**fields: object) -> bytes:
    return json.dumps({"app": "web", "namespace": "staging", "image": "ghcr.io/acme/web:1.4.2", **fields}).encode()


@pytest.mark.parametrize(
    "fields",
    [
        {"image": "nginx:1.27\n"},
        {"app": "web\n"},
        {"namespace": "staging\n"},
        {"container": "web\n"},
        {"channel": "C0DEPLOYS\n"},
        {"commit": "0123abc\n"},
        {"url": "https://ci.example.com/runs/7\n"},
    ],
)
def test_a_ci_value_with_a_trailing_newline_is_refused(fields):
    with pytest.raises(errors.InvalidPayload) as refused:
        parse_ci_body(ci_body(**fields))
    assert next(iter(fields)) in " ".join(refused.value.problems)


@pytest.mark.parametrize("sha", ["0123abc\n", "3484a3fb816e0859fd6e1cea078d76385ff50625\n", "0123abc g"])
def test_a_workflow_run_whose_head_sha_is_not_a_whole_sha_is_refused(sha):
    event = json.loads((FIXTURES / "workflow_run.completed.json").read_text())
    event["workflow_run"]["head_sha"] = sha
    with pytest.raises(errors.InvalidPayload) as refused:
        parse_event("workflow_run", json.dumps(event).encode())
    assert "head_sha" in " ".join(refused.value.problems)


def test_a_release_tag_with_a_newline_makes_no_deploy(rules: DeployRules):
    event = json.loads((FIXTURES / "release.published.json").read_text())
    event["release"]["tag_name"] = "v1.4.2\n"
    mapped = requests_for(parse_event("release", json.dumps(event).encode()), rules)
    assert mapped.requests == () and any("not an image reference" in s for s in mapped.skipped)


@pytest.mark.parametrize(
    ("field", "value"),
    [("repo", "acme/web\n"), ("branch", "main\n"), ("app", "web\n"), ("image", "ghcr.io/acme/web:{sha}\n")],
)
def test_a_rule_value_with_a_trailing_newline_is_refused(tmp_path, field, value):
    rule = {"repo": "acme/web", "events": ["push"], "app": "web", "image": "ghcr.io/acme/web:{sha}", field: value}
    path = tmp_path / "deploys.yaml"
    path.write_text(yaml.safe_dump({"channel": "C0DEPLOYS", "deploys": [rule]}))
    with pytest.raises(errors.InvalidRules):
        DeployRules.from_yaml(path)
