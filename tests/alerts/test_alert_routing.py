"""Routing rules: which channel a group goes to, and who is mentioned."""

from __future__ import annotations

import pytest

from alerts import errors
from alerts.routing import Route, Router
from tests.alerts.builders import alert

RULES = """
routes:
  - match: {severity: critical, namespace: shop}
    channel: "#shop-critical"
    mentions: ["<!subteam^S0ONCALL1>", "@here"]
  - match_re: {namespace: "shop|payments"}
    channel: "#shop"
  - match: {team: platform}
    match_re: {alertname: "Kube.*"}
    channel: C0PLATFORM
    mentions: "<@U0ALICE01>"
"""


def labelled(group_of, **labels):
    a = alert("p")
    a["labels"] = {"alertname": "KubePodCrashLooping", **labels}
    common = {"alertname": "KubePodCrashLooping", **labels}
    return group_of(a, commonLabels=common, groupLabels={"alertname": "KubePodCrashLooping"})


@pytest.fixture
def router() -> Router:
    return Router.from_yaml(RULES, default_channel="#alerts")


def test_equality_matches_route_to_the_rule_channel_with_mentions(router, group_of):
    route = router.route(labelled(group_of, severity="critical", namespace="shop"))
    assert route == Route(channel="#shop-critical", mentions=("<!subteam^S0ONCALL1>", "<!here>"))


def test_the_first_matching_rule_wins(router, group_of):
    # Also matches rule 2 (namespace=~shop|payments), but rule 1 comes first.
    assert router.route(labelled(group_of, severity="critical", namespace="shop")).channel == "#shop-critical"
    assert router.route(labelled(group_of, severity="warning", namespace="shop")).channel == "#shop"


@pytest.mark.parametrize("namespace, channel", [("payments", "#shop"), ("shop-dev", "#alerts"), ("myshop", "#alerts")])
def test_regexes_are_anchored_at_both_ends(router, group_of, namespace, channel):
    assert router.route(labelled(group_of, severity="warning", namespace=namespace)).channel == channel


def test_every_condition_of_a_rule_must_hold(router, group_of):
    assert router.route(labelled(group_of, team="platform")).channel == "C0PLATFORM"
    assert router.route(labelled(group_of, team="platform")).mentions == ("<@U0ALICE01>",)
    assert router.route(labelled(group_of, team="data")).channel == "#alerts"


def test_unclaimed_groups_go_to_the_default_channel_without_mentions(router, group_of):
    assert router.route(labelled(group_of, namespace="kube-system")) == Route(channel="#alerts")


def test_a_missing_label_counts_as_empty(group_of):
    router = Router.from_yaml('- match_re: {team: "|none"}\n  channel: "#unowned"\n', default_channel="#alerts")
    assert router.route(group_of(alert("p"))).channel == "#unowned"


def test_empty_rules_send_everything_to_the_default(group_of):
    assert Router.from_yaml("", default_channel="#alerts").route(group_of(alert("p"))).channel == "#alerts"


def test_rules_load_from_a_path(tmp_path, group_of):
    path = tmp_path / "routes.yaml"
    path.write_text(RULES)
    router = Router.from_yaml(path, default_channel="#alerts")
    assert router.route(labelled(group_of, namespace="payments")).channel == "#shop"


def test_numbers_in_yaml_compare_as_label_strings(group_of):
    router = Router.from_yaml("- match: {code: 500}\n  channel: '#errors'\n", default_channel="#alerts")
    assert router.route(labelled(group_of, code="500")).channel == "#errors"


@pytest.mark.parametrize(
    "text, rule, words",
    [
        ("- match_re: {namespace: 'shop('}\n  channel: '#shop'\n", 0, ["route #1", "#shop", "regular expression"]),
        ("- channel: '#a'\n- match: {x: y}\n", 1, ["route #2", "channel"]),
        ("- channel: 'general chat'\n", 0, ["route #1", "channel"]),
        ("- channel: '#a'\n  mentions: ['@oncall']\n", 0, ["route #1", "mentions", "@oncall"]),
        ("- channel: '#a'\n  continue: true\n", 0, ["route #1", "continue"]),
        ("- channel: '#a'\n  match: {'bad-label': x}\n", 0, ["route #1", "bad-label"]),
    ],
    ids=["regex", "no-channel", "channel-name", "mention", "unknown-key", "label-name"],
)
def test_bad_rules_are_named_in_the_error(text, rule, words):
    with pytest.raises(errors.InvalidRoutes) as info:
        Router.from_yaml(text, default_channel="#alerts")
    assert info.value.rule == rule
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("text", ["routes: [\n", "routes: 5", "just text"])
def test_broken_yaml_or_shape_is_a_clear_error(text):
    with pytest.raises(errors.InvalidRoutes, match="routing rules"):
        Router.from_yaml(text, default_channel="#alerts")


def test_a_rule_may_say_the_channels_language_and_nothing_else():
    router = Router.from_yaml("- {match: {team: kr}, channel: '#kr-alerts', lang: ko}", default_channel="#alerts")
    assert router.rules[0].lang == "ko"
    with pytest.raises(errors.InvalidRoutes):
        Router.from_yaml("- {channel: '#x', lang: fr}", default_channel="#alerts")
