"""Alert messages stay valid, inert and within Block Kit's limits, whatever the alerts say."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from alerts.changes import Changes
from alerts.render import render_change, render_parent
from alerts.routing import Route
from alerts.threads import plan_notification, plan_silence
from templates.message import MAX_TEXT
from tests.alerts.builders import alert

ROUTE = Route(channel="#shop")
HOSTILE = 'say "hi" \\ <!channel> <http://evil.example|click me> & <@U0EVIL> {{ x }} {% raw %}\n\t`*_~'


def record_for(group, now):
    return plan_notification(None, group, now, route=ROUTE).record.with_parent_ts("1.1")


def all_texts(message) -> list[str]:
    """Every mrkdwn/plain text a reader sees, collected from the blocks."""
    found: list[str] = [message.text]

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.blocks)
    return found


def assert_inert(message):
    for text in all_texts(message):
        assert "<!channel>" not in text and "<http" not in text and "<@U0EVIL>" not in text, text


def hostile_group(group_of, count=1, size=4000):
    alerts = []
    for i in range(count):
        a = alert(f"api-{i}", summary=HOSTILE * (size // len(HOSTILE) + 1), description=HOSTILE * 200)
        a["labels"]["pod"] = f"{HOSTILE}-{i}"
        a["labels"]["note"] = HOSTILE * 50
        a["generatorURL"] = "javascript:alert(1)"
        alerts.append(a)
    labels = {"alertname": HOSTILE * 20, "namespace": HOSTILE}
    return group_of(
        *alerts,
        groupLabels=labels,
        commonLabels={**labels, "severity": HOSTILE},
        commonAnnotations={"summary": HOSTILE * 100, "description": "x" * 4000, "runbook_url": "ftp://x"},
        groupKey=HOSTILE * 10,
    )


def test_hostile_text_is_escaped_and_the_json_stays_valid(group_of, now):
    group = hostile_group(group_of)
    message = render_parent(group, record_for(group, now), now=now)

    assert_inert(message)
    joined = json.dumps(message.model_dump(), ensure_ascii=False)
    assert "&lt;!channel&gt;" in joined and "&lt;http://evil.example|click me&gt;" in joined
    assert any('say "hi" \\ &lt;' in text for text in all_texts(message))  # quotes stay text, not JSON syntax
    assert message.text.startswith("[FIRING:1] ")


def test_unsafe_urls_get_no_link_buttons(group_of, now):
    group = hostile_group(group_of)
    message = render_parent(group, record_for(group, now), now=now)
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert not any("url" in button for button in buttons)
    # hostile namespace/deployment labels are not a Deployment: no Restart/Rollback/Logs
    assert not {"restart", "rollback", "logs"} & {button["action_id"] for button in buttons}


def test_two_hundred_alerts_are_summarised_within_limits(group_of, now):
    group = hostile_group(group_of, count=200, size=300)
    message = render_parent(group, record_for(group, now), now=now)

    assert_inert(message)
    listing = next(
        b["text"]["text"]
        for b in message.blocks
        if b["type"] == "section" and "text" in b and "*200 firing:*" in b["text"]["text"]
    )
    assert listing.endswith("…and 190 more")
    assert len(message.blocks) <= 50 and len(message.text) <= MAX_TEXT
    assert sum(len(json.dumps(b, ensure_ascii=False)) for b in message.blocks) < 12_000


def test_a_hostile_change_reply_is_inert_and_small(group_of, now):
    group = hostile_group(group_of, count=200, size=4000)
    changes = Changes(
        group=group,
        newly_firing=group.alerts[:150],
        newly_resolved=group.alerts[150:],
        reopened_after=now - timedelta(minutes=3),
    )

    message = render_change(changes, now=now, mentions=("<!here>",))

    assert_inert(message)
    assert message.text.startswith("<!here> [FIRING:200]")  # configured mentions stay live
    assert sum(len(json.dumps(b, ensure_ascii=False)) for b in message.blocks) < 12_000


def test_the_captured_example_shows_everything_a_responder_needs(captured, now):
    from alerts.payload import parse_webhook

    group = parse_webhook(json.dumps(captured))
    record = record_for(group, now)
    message = render_parent(group, record, now=now)
    buttons = {e["action_id"]: e for b in message.blocks if b["type"] == "actions" for e in b["elements"]}

    assert message.text == "[FIRING:2] KubePodCrashLooping shop"
    assert buttons["link:source"]["url"] == "http://prometheus.example:9090/graph?g0.expr=up"
    assert buttons["link:runbook"]["url"] == "https://runbooks.example.com/crashloop"
    assert [buttons[f"silence:{d}"]["value"] for d in ("1h", "4h", "24h")] == [record.thread_id] * 3
    assert buttons["ack"]["value"] == record.thread_id
    assert buttons["restart"]["value"] == buttons["rollback"]["value"] == buttons["logs"]["value"] == "shop/api"
    texts = " ".join(all_texts(message))
    assert "🔴 *FIRING*" in texts and "Pod shop/api-7d9f8b6c5d-x2x9q is crash looping" in texts
    assert "Firing for*\n14m" in texts  # started 01:45:35, now is 02:00
    assert "1 not shown" in texts


def test_a_silenced_resolved_thread_offers_only_unsilence_and_links(group_of, now):
    group = group_of(alert("api-a"))
    record = plan_silence(
        record_for(group, now), user="U0BOB0001", silence_id="s", until=now + timedelta(hours=1), now=now
    ).record
    resolved = plan_notification(record, group_of(alert("api-a", "resolved")), now, route=ROUTE)
    ids = [
        e["action_id"] for b in resolved.operations[0].message.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert ids == ["link:source", "unsilence"]


@pytest.mark.parametrize("label", ["deployment", "app_kubernetes_io_name", "app"])
def test_deployment_buttons_follow_the_app_labels(group_of, now, label):
    a = alert("api-a")
    del a["labels"]["deployment"]
    a["labels"][label] = "cart"
    common = {"alertname": "KubePodCrashLooping", "namespace": "shop", label: "cart"}
    group = group_of(a, commonLabels=common)
    message = render_parent(group, record_for(group, now), now=now)
    values = {e["action_id"]: e.get("value") for b in message.blocks if b["type"] == "actions" for e in b["elements"]}
    assert values["restart"] == "shop/cart"


def test_no_namespace_means_no_deployment_buttons(group_of, now):
    group = group_of(
        alert("api-a"), commonLabels={"alertname": "X", "deployment": "api"}, groupLabels={"alertname": "X"}
    )
    message = render_parent(group, record_for(group, now), now=now)
    assert "restart" not in json.dumps(message.blocks)
