"""One Slack thread per alert group: parent, updates, the resolved reply, hostile text, restarts."""

from __future__ import annotations

import json

from tests.bot.alerting.conftest import (
    DEFAULT_CHANNEL,
    action_ids,
    delivered,
    notify,
    outbox_in,
    parent_of,
    pod_alert,
    post_webhook,
    replies_to,
    threads_in,
    webhook,
)


async def test_a_group_lives_in_one_thread_from_firing_to_resolved(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    assert await notify(bot, webhook(pod_alert("a"))) == "new_thread"
    assert await notify(bot, webhook(pod_alert("a"), pod_alert("b"))) == "update"
    resolved = webhook(pod_alert("a", "resolved"), pod_alert("b", "resolved"))
    assert await notify(bot, resolved) == "close"
    await delivered(bot)

    ts, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
    replies = replies_to(fake_slack, DEFAULT_CHANNEL, ts)
    assert len(fake_slack.posts(DEFAULT_CHANNEL)) == 3 and len(replies) == 2
    assert "1 new firing" in replies[0]["text"]
    assert "all resolved" in replies[1]["text"]
    assert "RESOLVED" in json.dumps(parent["blocks"]) and "ack" not in action_ids(parent)
    updates = fake_slack.called("chat.update")
    assert len(updates) == 2 and {u.args["ts"] for u in updates} == {ts}
    # the parent is posted before anything refers to it, and each update precedes its reply
    order = [(c.method, c.args.get("thread_ts")) for c in fake_slack.calls if c.method.startswith("chat.")]
    assert order == [
        ("chat.postMessage", None),
        ("chat.update", None),
        ("chat.postMessage", ts),
        ("chat.update", None),
        ("chat.postMessage", ts),
    ]
    [thread] = await threads_in(bot)
    assert thread.state == "resolved" and thread.parent_ts == ts
    assert [r.state for r in await outbox_in(bot)] == ["sent"] * 5


async def test_hostile_annotation_text_stays_inert(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    hostile = '<!channel> <@U0BOSS001> <https://evil.example|click me> *bold* "quotes" & ```' + "x" * 3000
    payload = webhook(pod_alert("a", summary=hostile, description=hostile), commonAnnotations={"summary": hostile})
    assert (await post_webhook(bot, payload))[0] == 200
    await post_webhook(bot, webhook(pod_alert("a", summary=hostile), pod_alert("b", summary=hostile)))
    await delivered(bot)
    assert not fake_slack.violations
    sent = [c.args for c in fake_slack.calls if c.method in ("chat.postMessage", "chat.update")]
    assert len(sent) == 3
    for args in sent:
        raw = json.dumps(args["blocks"]) + args["text"]
        assert "<!channel>" not in raw and "<@U0BOSS001>" not in raw and "<https://evil" not in raw
        assert "&lt;!channel&gt;" in json.dumps(args["blocks"])


async def test_a_restarted_bot_keeps_the_same_thread(bots, alert_settings, fake_slack):
    settings = alert_settings()
    first = await bots.start(settings)
    await post_webhook(first, webhook(pod_alert("a")))
    await delivered(first)
    await bots.stop(first)

    second = await bots.start(settings)
    assert await notify(second, webhook(pod_alert("a"), pod_alert("b"))) == "update"
    await delivered(second)
    ts, _ = parent_of(fake_slack, DEFAULT_CHANNEL)
    assert len(replies_to(fake_slack, DEFAULT_CHANNEL, ts)) == 1
    assert len(await threads_in(second)) == 1
