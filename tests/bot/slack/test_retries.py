"""Slack re-sends an event it thinks we missed; each event produces one reply, on one or many replicas."""

from __future__ import annotations

import asyncio

import pytest

from bot.infra.redis_cache import RedisCache
from playground.signed_requests import mention_body
from tests.support.bot import make_clients, make_settings, start_bot


async def _deliver_three_times(sender, body: str) -> list[int]:
    first = await sender.send(body, json_body=True)
    retries = await asyncio.gather(*(sender.send(body, json_body=True, retry=n) for n in (1, 2)))
    return [first[0], *(status for status, _ in retries)]


async def test_retried_event_gets_one_reply_in_process(bot, fake_slack):
    statuses = await _deliver_three_times(bot.sender, mention_body("help", event_id="Ev0RETRY0001"))
    assert statuses == [200, 200, 200]
    await bot.settle()
    assert len(fake_slack.posts()) == 1


async def test_retried_event_gets_one_reply_across_two_replicas_sharing_redis(fake_slack, tmp_path, redis_url):
    settings = make_settings(fake_slack, str(tmp_path / "shared.db"), REDIS_URL=redis_url)
    replicas = [await start_bot(await make_clients(settings, cache=RedisCache.from_url(redis_url))) for _ in range(2)]
    try:
        body = mention_body("help", event_id="Ev0RETRY0002")
        results = await asyncio.gather(
            replicas[0].sender.send(body, json_body=True),
            replicas[1].sender.send(body, json_body=True, retry=1),
            replicas[0].sender.send(body, json_body=True, retry=2),
        )
        assert [status for status, _ in results] == [200, 200, 200]
        for replica in replicas:
            await replica.settle()
        assert len(fake_slack.posts()) == 1
    finally:
        for replica in replicas:
            await replica.stop()


@pytest.mark.parametrize("event_ids", [("Ev0A", "Ev0B")])
async def test_distinct_events_are_not_mistaken_for_retries(bot, fake_slack, event_ids):
    for event_id in event_ids:
        await bot.sender.send(mention_body("help", event_id=event_id), json_body=True)
    await bot.settle()
    assert len(fake_slack.posts()) == 2
