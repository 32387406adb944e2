"""The alert inbox's consumer: notifications stored together are planned together, in order, once."""

from __future__ import annotations

import asyncio
import json

from bot.alerting import inbox
from tests.bot.alerting.conftest import alerting, delivered, outbox_in, outcomes, pod_alert, threads_in, webhook


async def test_a_new_groups_notifications_planned_in_one_batch_share_one_thread(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    first, second = webhook(pod_alert("a")), webhook(pod_alert("a"), pod_alert("b"))
    # one writer batch: both rows are committed together, so the consumer plans them in one go
    await asyncio.gather(*(inbox.store(bot.clients.db, json.dumps(body).encode()) for body in (first, second)))
    alerting(bot).inbox.wake()
    await delivered(bot)
    [thread] = await threads_in(bot)
    assert thread.record["alerts"] == {"fp-KubePodCrashLooping-a": "firing", "fp-KubePodCrashLooping-b": "firing"}
    assert [row.kind for row in await outbox_in(bot)] == ["post_parent", "update_parent", "post_reply"]
    assert (outcomes(bot).get("new_thread"), outcomes(bot).get("update")) == (1, 1)
    assert len(fake_slack.posts()) == 2  # the parent, and one reply in its thread
    assert await alerting(bot).inbox.pending() == 0


async def test_a_stored_notification_that_no_longer_parses_is_counted_and_dropped(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings())
    await inbox.store(bot.clients.db, b'{"version": "4"}')
    alerting(bot).inbox.wake()
    await alerting(bot).inbox.settle()
    assert outcomes(bot).get("invalid") == 1 and await threads_in(bot) == [] and fake_slack.posts() == []


async def test_a_notification_the_planner_cannot_handle_is_dropped_and_the_rest_of_its_batch_planned(
    bots, alert_settings, fake_slack, monkeypatch
):
    planner = inbox.plan_notification

    def fails_on_broken(record, group, now, *, route):
        if "Broken" in group.group_key:
            raise ValueError("a message that cannot be rendered")
        return planner(record, group, now, route=route)

    monkeypatch.setattr(inbox, "plan_notification", fails_on_broken)
    bot = await bots.start(alert_settings())
    broken = webhook(pod_alert("a", alertname="Broken"), alertname="Broken")
    await asyncio.gather(
        *(inbox.store(bot.clients.db, json.dumps(b).encode()) for b in (broken, webhook(pod_alert("a"))))
    )
    alerting(bot).inbox.wake()
    await delivered(bot)
    [thread] = await threads_in(bot)
    assert "KubePodCrashLooping" in thread.group_key and len(fake_slack.posts()) == 1
    assert (outcomes(bot).get("plan_failed"), outcomes(bot).get("new_thread")) == (1, 1)
    assert await alerting(bot).inbox.pending() == 0
