"""A bad day on Slack's side: replies that fail at once. The ack still arrives, the audit row still exists."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest
from sqlalchemy import select

from bot.storage import AuditEntry
from intents import Intent
from playground.signed_requests import action_body, slash_body
from tests.support.bot import SECRET, make_clients, start_bot
from tests.support.slack_requests import post, signed_headers


async def _audits(bot) -> list[tuple[str, str, str | None]]:
    async with bot.clients.db.session() as session:
        return [(a.action, a.outcome, a.target) for a in (await session.execute(select(AuditEntry))).scalars()]


@pytest.mark.parametrize("status", [404, 500])
async def test_the_ack_is_200_within_3_s_when_the_reply_fails_at_once(start, shop, elsewhere, caplog, status) -> None:
    caplog.set_level(logging.WARNING)
    elsewhere.status = status  # the response_url refuses the answer within milliseconds
    bot = await start()

    async def one() -> tuple[int, float]:
        body = slash_body("help", response_url=elsewhere.url()).encode()
        started = time.perf_counter()
        answered, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body))
        return answered, time.perf_counter() - started

    results = await asyncio.gather(*(one() for _ in range(10)))
    await bot.clients.tasks.join(timeout=5)

    assert [answered for answered, _ in results] == [200] * 10
    assert max(seconds for _, seconds in results) < 3
    assert len(elsewhere.seen) == 10  # every reply was tried
    assert not [r for r in caplog.records if "ack()" in r.getMessage()]


async def test_a_denied_command_is_audited_when_its_reply_fails(start, shop, elsewhere) -> None:
    elsewhere.status = 404
    bot = await start()
    body = slash_body("restart web", response_url=elsewhere.url(), user="U0EVE0001").encode()

    status, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body))
    await bot.clients.tasks.join(timeout=5)

    assert status == 200 and len(elsewhere.seen) == 1
    assert await _audits(bot) == [("restart", "denied", "shop/web")]


async def test_a_denied_confirm_click_is_audited_when_its_reply_fails(start, shop, fake_slack, elsewhere) -> None:
    bot = await start()
    await bot.sender.slash("restart web", response_url=fake_slack.hook_url())  # U0ALICE01 may
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    await bot.clients.tasks.join(timeout=5)
    (confirm,) = [e for b in fake_slack.posts()[0]["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "confirm"]  # fmt: skip
    fake_slack.fail("chat.postEphemeral", "channel_not_found")
    body = action_body("confirm", confirm["value"], response_url=elsewhere.url(), user="U0EVE0001").encode()

    status, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body))
    await bot.clients.tasks.join(timeout=5)

    assert status == 200
    assert [c.args.get("user") for c in fake_slack.called("chat.postEphemeral")] == ["U0EVE0001"]  # tried, refused
    assert ("confirm", "denied", "shop/web") in await _audits(bot)


async def test_an_unexpected_failure_after_the_ack_gets_the_person_an_apology_with_an_error_id(
    settings, elsewhere
) -> None:
    async def broken(who, command):
        raise RuntimeError("a bug")

    clients = await make_clients(settings)
    bot = await start_bot(clients, handlers={Intent.HELP: broken})
    try:
        body = slash_body("help", response_url=elsewhere.url()).encode()
        status, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body))
        await bot.clients.tasks.join(timeout=5)
    finally:
        await bot.stop()

    assert status == 200
    (answer,) = [json.loads(sent) for _, _, sent in elsewhere.seen]
    assert answer["text"].startswith("Something went wrong (error ") and "a bug" not in answer["text"]
