"""POST /alerts/alertmanager: who may post, what is refused, what is stored, and re-sends."""

from __future__ import annotations

import base64

from tests.bot.alerting.conftest import (
    DEFAULT_CHANNEL,
    TOKEN,
    alerting,
    delivered,
    notify,
    outbox_in,
    parent_of,
    pod_alert,
    post_webhook,
    threads_in,
    webhook,
)


def _count(bot, outcome: str) -> float:
    value = bot.clients.metrics.registry.get_sample_value("klepaas_alert_notifications_total", {"outcome": outcome})
    return value or 0.0


async def test_requests_without_the_token_get_401_and_nothing_is_stored(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    for authorization in (
        None,
        "Bearer wrong-token",
        f"Basic {base64.b64encode(b'alertmanager:nope').decode()}",
        f"bearer{TOKEN}",
    ):
        status, answer = await post_webhook(bot, webhook(pod_alert("a")), authorization=authorization)
        assert (status, answer) == (401, {"error": "unauthorized"})
    assert await threads_in(bot) == [] and await outbox_in(bot) == []
    assert _count(bot, "unauthorized") == 4
    assert fake_slack.posts() == []


async def test_basic_auth_with_the_token_as_password_is_accepted(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    basic = "Basic " + base64.b64encode(f"alertmanager:{TOKEN}".encode()).decode()
    status, answer = await post_webhook(bot, webhook(pod_alert("a")), authorization=basic)
    assert (status, answer) == (200, {"status": "accepted"})
    await delivered(bot)
    assert len(await threads_in(bot)) == 1


async def test_malformed_bodies_get_400_and_nothing_is_stored(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    for body in ("{not json", "[]", '{"version": "4"}', webhook(pod_alert("a"), version="3"), webhook()):
        status, answer = await post_webhook(bot, body)
        assert status == 400 and answer["error"] == "invalid payload" and answer["problems"]
    assert await threads_in(bot) == [] and await outbox_in(bot) == []
    assert _count(bot, "invalid") == 5


async def test_a_new_group_is_stored_with_its_parent_queued_then_posted(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    assert await notify(bot, webhook(pod_alert("a"), pod_alert("b"))) == "new_thread"
    [thread] = await threads_in(bot)
    assert thread.channel == DEFAULT_CHANNEL and thread.state == "firing"
    assert thread.group_key == '{}:{alertname="KubePodCrashLooping", namespace="shop"}'
    assert thread.record["alerts"] == {"fp-KubePodCrashLooping-a": "firing", "fp-KubePodCrashLooping-b": "firing"}
    await delivered(bot)
    [row] = await outbox_in(bot)
    assert (row.kind, row.state, row.thread_id) == ("post_parent", "sent", thread.thread_id)
    ts, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
    assert row.sent_ts == ts and (await threads_in(bot))[0].parent_ts == ts
    assert "KubePodCrashLooping" in parent["text"]
    assert _count(bot, "new_thread") == 1 and _count(bot, "delivered_post_parent") == 1


async def test_a_resent_notification_changes_nothing(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    payload = webhook(pod_alert("a"))
    assert await notify(bot, payload) == "new_thread"
    await delivered(bot)
    rows_before = [(r.id, r.state) for r in await outbox_in(bot)]
    records_before = [t.record for t in await threads_in(bot)]
    for _ in range(3):
        assert await notify(bot, payload) == "duplicate"
    await delivered(bot)
    assert [(r.id, r.state) for r in await outbox_in(bot)] == rows_before
    assert [t.record for t in await threads_in(bot)] == records_before
    assert len(fake_slack.posts()) == 1 and fake_slack.called("chat.update") == []
    assert _count(bot, "duplicate") == 3


async def test_a_group_no_rule_claims_without_a_default_channel_is_answered_200_and_counted(
    bots, alert_settings, fake_slack, tmp_path
):
    routes = tmp_path / "routes.yaml"
    routes.write_text("routes:\n  - match: {namespace: payments}\n    channel: C0PAY0001\n")
    bot = await bots.start(alert_settings(SLACK_ALERT_CHANNEL_DEFAULT=None, KLEPAAS_ALERT_ROUTES=str(routes)))
    assert await post_webhook(bot, webhook(pod_alert("a"))) == (200, {"status": "unroutable"})
    assert await threads_in(bot) == [] and await outbox_in(bot) == []
    assert _count(bot, "unroutable") == 1
    assert await notify(bot, webhook(pod_alert("p", namespace="payments"), namespace="payments")) == "new_thread"
    await delivered(bot)
    assert len(fake_slack.posts("C0PAY0001")) == 1 and alerting(bot).intake.router.default_channel == ""
