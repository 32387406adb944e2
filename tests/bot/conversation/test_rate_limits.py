"""Rate limits per person and per channel, changes and reads apart; a burst from one person leaves others answered."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.infra.cache import MemoryCache
from bot.infra.rate_limits import MemoryRateLimiter, RedisRateLimiter, rate_limiter_for
from bot.infra.redis_cache import RedisCache
from bot.storage import AuditEntry
from playground.signed_requests import sign, slash_body
from playground.slack_api import HookContext
from tests.support.bot import SECRET, make_clients, make_settings, start_bot

LIMITS = {
    "KLEPAAS_RATE_READS_PER_PERSON": 3,
    "KLEPAAS_RATE_CHANGES_PER_PERSON": 1,
    "KLEPAAS_RATE_READS_PER_CHANNEL": 1000,
    "KLEPAAS_RATE_CHANGES_PER_CHANNEL": 1000,
}


@pytest.fixture
async def limited(fake_slack, tmp_path):
    settings = make_settings(fake_slack, str(tmp_path / "klepaas.db"), **LIMITS)
    running = await start_bot(await make_clients(settings))
    yield running
    await running.stop()


async def say(bot, fake_slack, text: str, user: str = "U0ALICE01", channel: str = "C0OPS0001") -> str | None:
    before = len(fake_slack.hooks)
    await bot.sender.slash(text, response_url=fake_slack.hook_url(), user=user, channel=channel)
    await bot.settle()
    return fake_slack.hooks[-1].args["text"] if len(fake_slack.hooks) > before else None


async def fresh_window(window: float = 60.0) -> None:
    """Wait, when needed, until the in-process limiter's window has 20 s left: a test that crossed into the
    next window mid-way would see its budget renewed (windows are aligned on the monotonic clock)."""
    left = window - time.monotonic() % window
    if left < 20:
        await asyncio.sleep(left + 0.05)


async def limited_rows(bot) -> int:
    async with bot.clients.db.session() as session:
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.outcome == "rate_limited")
        return int((await session.execute(query)).scalar_one())


async def test_reads_and_changes_are_counted_apart_and_the_refusal_says_when_to_retry(limited, fake_slack):
    await fresh_window()
    for _ in range(3):
        assert "Too many" not in (await say(limited, fake_slack, "status web") or "")
    refused = await say(limited, fake_slack, "status web")
    assert refused is not None and refused.startswith("Too many requests: you have used this minute's reads.")
    seconds = int(refused.rsplit("in ", 1)[1].split(" s")[0])
    assert 1 <= seconds <= 60
    assert await say(limited, fake_slack, "status web") is None  # said once per window, then only recorded
    # Changes have their own budget, and another person theirs.
    assert "Too many" not in (await say(limited, fake_slack, "restart web") or "")
    assert (await say(limited, fake_slack, "restart web") or "").startswith("Too many requests")
    assert "Too many" not in (await say(limited, fake_slack, "status web", user="U0BOB0001") or "")
    korean = await say(limited, fake_slack, "web 재시작해줘", user="U0ALICE01")
    assert korean is None or korean.startswith("요청이 너무 많아요")
    assert await limited_rows(limited) == 2  # one row per person, kind and window: the told refusals


async def test_a_channel_has_its_own_budget(fake_slack, tmp_path):
    settings = make_settings(
        fake_slack, str(tmp_path / "k.db"), KLEPAAS_RATE_READS_PER_CHANNEL=2, KLEPAAS_RATE_READS_PER_PERSON=100
    )
    bot = await start_bot(await make_clients(settings))
    await fresh_window()
    try:
        for user in ("U0A000001", "U0A000002"):
            assert "Too many" not in (await say(bot, fake_slack, "status web", user=user) or "")
        third = await say(bot, fake_slack, "status web", user="U0A000003")
        assert third is not None and third.startswith("Too many requests in this channel")
        assert "Too many" not in (await say(bot, fake_slack, "status web", user="U0A000003", channel="C0OTHER01") or "")
    finally:
        await bot.stop()


async def test_redis_counts_for_every_replica(redis_url):
    cache = RedisCache.from_url(redis_url)
    try:
        assert isinstance(rate_limiter_for(cache), RedisRateLimiter)
        assert isinstance(rate_limiter_for(MemoryCache()), MemoryRateLimiter)
        one, two = RedisRateLimiter(cache.client), RedisRateLimiter(cache.client)
        key = f"person:U{time.monotonic_ns()}:reads"
        assert await one.hit(key, limit=2, window=30) == 0
        assert await two.hit(key, limit=2, window=30) == 0
        wait = await one.hit(key, limit=2, window=30)
        assert 29 <= wait <= 30
    finally:
        await cache.close()


async def test_the_in_process_window_ends_on_time():
    now = [100.0]
    limiter = MemoryRateLimiter(clock=lambda: now[0])
    assert await limiter.hit("k", limit=1, window=60) == 0
    assert await limiter.hit("k", limit=1, window=60) == pytest.approx(20.0)
    now[0] = 120.0
    assert await limiter.hit("k", limit=1, window=60) == 0


async def test_a_burst_of_2000_commands_from_one_person_leaves_others_answered(fake_slack, tmp_path):
    settings = make_settings(fake_slack, str(tmp_path / "burst.db"))
    bot = await start_bot(await make_clients(settings))
    gate = asyncio.Semaphore(40)
    answered: list[float] = []
    try:
        async with aiohttp.ClientSession() as session:

            async def flood(i: int) -> int:
                body = slash_body("status web", response_url=fake_slack.hook_url(f"T0ACME001/{i:013d}/flood"))
                headers = {**sign(SECRET, body), "Content-Type": "application/x-www-form-urlencoded"}
                async with gate, session.post(f"{bot.url}/slack/events", data=body.encode(), headers=headers) as r:
                    return r.status

            async def others() -> None:
                await asyncio.sleep(0.5)  # the flood is under way
                for n, user in enumerate(["U0BOB0001", "U0CAROL01", "U0DAVE001"]):
                    started = time.monotonic()
                    hook = fake_slack.open_hook(HookContext(channel="C0OTHER01", user=user))
                    await bot.sender.slash("status web", response_url=hook, user=user, channel="C0OTHER01")
                    await fake_slack.wait_for(lambda s, n=n: len(s.shown("C0OTHER01")) > n, timeout=30)
                    answered.append(time.monotonic() - started)

            statuses, _ = await asyncio.gather(asyncio.gather(*(flood(i) for i in range(2000))), others())
        print(f"others answered within {max(answered):.2f} s during the burst: {answered}")
        assert statuses == [200] * 2000
        await bot.settle(timeout=60)
        replies = [c.args["text"] for c in fake_slack.hooks]
        flood_refusals = [t for t in replies if t.startswith("Too many requests")]
        # Told once per window (the burst may straddle two windows); every other attempt counted, not answered.
        assert 1 <= len(flood_refusals) <= 2
        assert await limited_rows(bot) == len(flood_refusals)  # one audit row per window; the metric counts all
        counted = bot.clients.metrics.registry.get_sample_value(
            "klepaas_commands_total", {"intent": "reads", "outcome": "rate_limited"}
        )
        assert counted == 2000 - 60 * len(flood_refusals)
        assert max(answered) < 5.0, answered
    finally:
        await bot.stop()
