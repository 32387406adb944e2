"""The deploy rules file: DESIGN.md's shape loads; a bad file is one sentence naming the rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploys import Approval, DeployRules, EventName, errors
from tests.deploys.conftest import RULES

DESIGN_EXAMPLE = """
deploys:
  - repo: acme/web                 # GitHub owner/name
    events: [workflow_run]         # any of push, release, workflow_run, registry_package, deployment
    branch: main                   # push / workflow_run: only this branch
    app: web                       # the Deployment
    namespace: staging
    container: web                 # omit = the Deployment's only container
    image: ghcr.io/acme/web:{sha}  # {sha}, {short_sha}, {tag} (release / package tag)
    channel: "C0DEPLOYS"           # where progress and results go
    approval: none                 # none | required (Approve/Reject buttons; the policy says who)
    two_person: false              # true: the author may not approve their own deploy
"""


def test_the_example_in_design_md_loads() -> None:
    rules = DeployRules.from_yaml(DESIGN_EXAMPLE)
    (rule,) = rules.rules
    assert (rule.repo, rule.events, rule.branch, rule.app, rule.namespace, rule.container) == (
        "acme/web",
        (EventName.WORKFLOW_RUN,),
        "main",
        "web",
        "staging",
        "web",
    )
    assert (rule.image, rule.channel, rule.approval, rule.two_person) == (
        "ghcr.io/acme/web:{sha}",
        "C0DEPLOYS",
        Approval.NONE,
        False,
    )


def test_the_extensions_load_people_watch_and_a_default_channel(tmp_path: Path) -> None:
    path = tmp_path / "deploys.yaml"
    path.write_text(RULES)
    rules = DeployRules.from_yaml(path)
    assert rules.default_channel == "C0DEPLOYS" and rules.watch == ("staging",)
    assert rules.slack_user("Alice") == "U0ALICE01" and rules.slack_user("bob") is None
    assert rules.slack_user("U0BOB0001") == "U0BOB0001"
    assert rules.channel_for("web", "dev") == "#dev-deploys"
    assert rules.channel_for("api", "dev") == "C0DEPLOYS"


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "deploys: []\n"])
def test_an_empty_file_deploys_nothing(text: str) -> None:
    assert DeployRules.from_yaml(text).rules == ()


RULE = "repo: acme/web, events: [workflow_run], app: web, namespace: staging, image: 'x/web:{sha}', channel: C0DEPLOYS"


def deploys(*rules: str) -> str:
    return "deploys: [" + ", ".join("{" + rule + "}" for rule in rules) + "]"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (deploys(RULE + ", approval: maybe"), "deploy rule #1 (acme/web → web): approval:"),
        (deploys(RULE.replace("app: web, ", "") + ", app: Web"), "app: 'Web' is not a Kubernetes name"),
        (deploys(RULE.replace("events: [workflow_run], ", "") + ", events: [nope]"), "events:"),
        (deploys(RULE.replace("{sha}", "{tag}")), "workflow_run events give no {tag}"),
        (deploys(RULE.replace("{sha}", "{version}")), "may use only {digest}, {sha}, {short_sha}, {tag}"),
        (deploys(RULE.replace("x/web:", "x web ")), "does not make an image reference"),
        (deploys(RULE + ", two_person: true"), "two_person: true needs approval: required"),
        (deploys(RULE + ", colour: blue"), "colour:"),
        (deploys(RULE.replace("repo: acme/web, ", "")), "deploy rule #1: repo: field required"),
        (deploys(RULE.replace("repo: acme/web", "repo: acme")), "is not a GitHub owner/name"),
        (deploys(RULE.replace(", channel: C0DEPLOYS", "")), "give the rule a channel or the file a default"),
        (deploys(RULE, RULE + ", channel: general"), "deploy rule #2 (acme/web → web): channel:"),
        ("deploys: [{" + RULE + "}", "is not valid YAML (line 1)"),
        ("people: {alice: bob}", "people: alice: 'bob' is not a Slack user ID"),
        ("watch: [Prod_NS]", "watch: 'Prod_NS' is not a Kubernetes name"),
        ("just words", "must be a mapping with a `deploys:` list"),
    ],
)
def test_a_bad_file_is_one_sentence_naming_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(errors.InvalidRules) as caught:
        DeployRules.from_yaml(text)
    message = str(caught.value)
    assert says in message
    assert message.endswith(".") and "\n" not in message and "pydantic" not in message


def test_a_missing_file_is_one_sentence_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(errors.InvalidRules) as caught:
        DeployRules.from_yaml(tmp_path / "nowhere.yaml")
    assert str(caught.value).startswith(f"deploy rules file {tmp_path / 'nowhere.yaml'} cannot be read")
