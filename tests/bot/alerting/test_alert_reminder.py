"""A critical alert firing for KLEPAAS_ALERT_REMINDER_MINUTES that nobody acked gets one reminder in its thread."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from bot.app.singletons import build_housekeeping
from bot.storage.alerting_models import AlertThread
from tests.bot.alerting.conftest import (
    DEFAULT_CHANNEL,
    delivered,
    parent_of,
    pod_alert,
    post_webhook,
    replies_to,
    webhook,
)


async def _firing_for(bot, minutes: int) -> None:
    async with bot.clients.db.session() as session:
        await session.execute(
            update(AlertThread).values(opened_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes))
        )


async def test_an_unacked_critical_alert_gets_one_reminder_in_its_thread(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings(KLEPAAS_ALERT_REMINDER_MINUTES=30))
    assert (await post_webhook(bot, webhook(pod_alert("a"))))[0] == 200  # severity critical
    await delivered(bot)
    keeper = build_housekeeping(bot.clients, bot.features, leading=lambda: True)
    await _firing_for(bot, 29)
    assert await keeper.remind() == 0  # not yet
    await _firing_for(bot, 31)
    assert await keeper.remind() == 1
    assert await keeper.remind() == 0  # once
    await delivered(bot)
    ts, _ = parent_of(fake_slack, DEFAULT_CHANNEL)
    (reminder,) = replies_to(fake_slack, DEFAULT_CHANNEL, ts)
    assert "firing for 30 min and nobody has acknowledged it" in reminder["text"]


async def test_no_reminder_when_the_setting_is_zero(bots, alert_settings, fake_slack):
    bot = await bots.start(alert_settings(KLEPAAS_ALERT_REMINDER_MINUTES=0))
    assert (await post_webhook(bot, webhook(pod_alert("a"))))[0] == 200
    await delivered(bot)
    await _firing_for(bot, 120)
    assert await build_housekeeping(bot.clients, bot.features, leading=lambda: True).remind() == 0
