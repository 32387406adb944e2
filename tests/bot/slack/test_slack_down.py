"""Slack's Web API unreachable when the bot starts: requests are still acked and answered; /readyz says degraded."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from playground.signed_requests import mention_body, slash_body
from playground.slack_api import free_port
from tests.support.bot import SECRET
from tests.support.slack_requests import JSON, post, signed_headers


async def test_with_slack_unreachable_commands_are_acked_and_answered_and_readiness_says_degraded(
    start, shop, elsewhere
) -> None:
    bot = await start(SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/")  # nobody listens there
    slash = slash_body("help", response_url=elsewhere.url()).encode()
    mention = mention_body("help").encode()

    started = time.perf_counter()
    slash_status, _ = await post(f"{bot.url}/slack/events", slash, signed_headers(SECRET, slash))
    mention_status, _ = await post(
        f"{bot.url}/slack/events", mention, signed_headers(SECRET, mention, content_type=JSON)
    )
    seconds = time.perf_counter() - started
    async with asyncio.timeout(3):
        while not elsewhere.seen:
            await asyncio.sleep(0.02)
    async with aiohttp.ClientSession() as session, session.get(f"{bot.url}/readyz") as response:
        ready = (response.status, await response.json())

    assert (slash_status, mention_status) == (200, 200) and seconds < 3
    assert len(elsewhere.seen) == 1 and b"klepaas help" in elsewhere.seen[0][2]  # response_url needs no Web API
    assert ready[0] == 200 and ready[1]["status"] == "degraded"
    assert ready[1]["degraded"]["slack"].startswith("auth.test failed")


async def test_once_slack_answers_the_bot_knows_who_it_is_and_is_ready(start, shop, fake_slack, elsewhere) -> None:
    bot = await start()
    slash = slash_body("help", response_url=elsewhere.url()).encode()

    status, _ = await post(f"{bot.url}/slack/events", slash, signed_headers(SECRET, slash))
    await bot.clients.tasks.join(timeout=5)
    async with aiohttp.ClientSession() as session, session.get(f"{bot.url}/readyz") as response:
        ready = await response.json()

    assert status == 200 and ready["status"] == "ready" and "degraded" not in ready
    assert len(fake_slack.called("auth.test")) == 1
