"""The delivery outbox: 429 storms, restarts mid-storm, permanent errors, and two replicas at once."""

from __future__ import annotations

import asyncio
import re

from bot.infra.redis_cache import RedisCache
from tests.bot.alerting.conftest import (
    DECISIONS,
    DEFAULT_CHANNEL,
    alerting,
    delivered,
    messages_in,
    notify,
    outbox_in,
    outcomes,
    parent_of,
    pod_alert,
    post_webhook,
    replies_to,
    threads_in,
    unique_name,
    webhook,
)

ROUTES = "routes:\n  - match: {namespace: payments}\n    channel: C0PAY0001\n"


def _storm() -> list[dict]:
    """Notifications for two groups in two channels, each adding a pod to its group."""
    notifications = []
    for step in range(1, 5):
        for namespace in ("shop", "payments"):
            pods = [pod_alert(f"p{i}", namespace=namespace) for i in range(step)]
            notifications.append(webhook(*pods, namespace=namespace))
    return notifications


def _assert_threads_in_order(fake_slack, channel: str, steps: int) -> None:
    ts, parent = parent_of(fake_slack, channel)
    replies = replies_to(fake_slack, channel, ts)
    assert len(messages_in(fake_slack, channel)) == steps  # one parent, one reply per later step, no copies
    assert [r["text"].rsplit(": ", 1)[1] for r in replies] == ["1 new firing"] * (steps - 1)
    new_pods = [re.findall(r"pod=(p\d)", str(r["blocks"])) for r in replies]
    assert new_pods == [[f"p{i}"] for i in range(1, steps)]  # in the order the notifications came
    assert f"{steps} firing" in str(parent["blocks"])  # the last update won, not an earlier one


async def test_a_429_storm_delivers_everything_in_order_and_nothing_twice(bots, alert_settings, fake_slack, tmp_path):
    (tmp_path / "routes.yaml").write_text(ROUTES)
    bot = await bots.start(alert_settings(KLEPAAS_ALERT_ROUTES=str(tmp_path / "routes.yaml")))
    fake_slack.rate_limit("chat.postMessage", times=4, retry_after=1)
    fake_slack.rate_limit("chat.update", times=3, retry_after=1)
    for payload in _storm():
        assert (await post_webhook(bot, payload))[0] == 200
    await delivered(bot, timeout=30)

    rows = await outbox_in(bot)
    assert len(rows) == 2 + 2 * 3 * 2 and {r.state for r in rows} == {"sent"}
    assert sum(1 for c in fake_slack.calls if c.method.startswith("chat.")) == len(rows) + 7  # + the 429s
    for channel in (DEFAULT_CHANNEL, "C0PAY0001"):
        _assert_threads_in_order(fake_slack, channel, steps=4)
        sent_ids = [r.id for r in rows if r.channel == channel]
        assert sent_ids == sorted(sent_ids)
    rate_limited = bot.clients.metrics.registry.get_sample_value(
        "klepaas_alert_notifications_total", {"outcome": "rate_limited"}
    )
    assert rate_limited == 7


async def test_a_restart_mid_storm_loses_nothing_and_posts_nothing_twice(bots, alert_settings, fake_slack, tmp_path):
    (tmp_path / "routes.yaml").write_text(ROUTES)
    settings = alert_settings(KLEPAAS_ALERT_ROUTES=str(tmp_path / "routes.yaml"))
    first = await bots.start(settings)
    fake_slack.rate_limit("chat.postMessage", times=2, retry_after=3)
    for payload in _storm():
        assert (await post_webhook(first, payload))[0] == 200
    await alerting(first).inbox.settle()  # every notification planned: its Slack calls are in the outbox
    await fake_slack.wait_for(lambda s: len(s.calls) >= 2, timeout=5)
    pending = [r for r in await outbox_in(first) if r.state == "pending"]
    assert len(pending) >= 10  # the storm is still queued when the bot goes away
    await bots.stop(first)

    second = await bots.start(settings)
    await delivered(second, timeout=30)
    rows = await outbox_in(second)
    assert {r.state for r in rows} == {"sent"} and len(rows) == 14
    assert len(fake_slack.messages) == 8
    assert len([c for c in fake_slack.called("chat.update")]) == 6
    for channel in (DEFAULT_CHANNEL, "C0PAY0001"):
        _assert_threads_in_order(fake_slack, channel, steps=4)


async def test_a_parent_slack_refuses_fails_its_thread_and_the_next_notification_opens_a_new_one(
    bots, alert_settings, fake_slack
):
    bot = await bots.start(alert_settings())
    fake_slack.fail("chat.postMessage", "channel_not_found")
    await post_webhook(bot, webhook(pod_alert("a")))
    await post_webhook(bot, webhook(pod_alert("a"), pod_alert("b")))
    await delivered(bot)
    assert [(r.kind, r.state, r.last_error) for r in await outbox_in(bot)] == [
        ("post_parent", "failed", "channel_not_found"),
        ("update_parent", "failed", "parent_not_posted"),
        ("post_reply", "failed", "parent_not_posted"),
    ]
    failed = bot.clients.metrics.registry.get_sample_value(
        "klepaas_alert_notifications_total", {"outcome": "delivery_failed"}
    )
    assert failed == 3
    assert await notify(bot, webhook(pod_alert("a"), pod_alert("b"), pod_alert("c"))) == "new_thread"
    await delivered(bot)
    ts, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
    assert "3 firing" in str(parent["blocks"])
    assert len(await threads_in(bot)) == 2


async def test_two_replicas_receiving_a_new_group_at_once_post_one_parent(bots, alert_settings, fake_slack, redis_url):
    settings = alert_settings()
    one = await bots.start(settings, cache=RedisCache.from_url(redis_url))
    two = await bots.start(settings, cache=RedisCache.from_url(redis_url))
    name = unique_name()
    same = webhook(pod_alert("a", alertname=name), alertname=name)
    more = webhook(pod_alert("a", alertname=name), pod_alert("b", alertname=name), alertname=name)
    # Both replicas at once with the first notification, then both at once with the next one (Alertmanager
    # sends a group's notifications in order): the parent must end as the later one says, "2 firing".
    answers = [
        *await asyncio.gather(post_webhook(one, same), post_webhook(two, same)),
        *await asyncio.gather(post_webhook(two, more), post_webhook(one, more)),
    ]
    assert [answer[1]["status"] for answer in answers] == ["accepted"] * 4
    await delivered(one)
    await delivered(two)
    decided = [outcomes(bot).get(decision, 0) for bot in (one, two) for decision in DECISIONS]
    assert sum(decided) == 4 and outcomes(one).get("new_thread", 0) + outcomes(two).get("new_thread", 0) == 1
    ts, parent = parent_of(fake_slack, DEFAULT_CHANNEL)  # exactly one parent
    assert all(m.get("thread_ts") == ts for m in messages_in(fake_slack, DEFAULT_CHANNEL) if m is not parent)
    assert "2 firing" in str(parent["blocks"]) and "1 firing" not in str(parent["blocks"])
    assert len(await threads_in(one)) == 1
