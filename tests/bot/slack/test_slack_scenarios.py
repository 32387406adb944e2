"""Signed Slack requests against the running bot: acks, replies, signatures, retries."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from bot.storage import AuditEntry, CommandRecord
from playground.signed_requests import mention_body, sign


async def test_slash_help_is_acked_at_once_and_answered_through_response_url(bot, fake_slack):
    started = time.perf_counter()
    status, body = await bot.sender.slash("help", response_url=fake_slack.hook_url())
    assert status == 200 and body == ""
    assert time.perf_counter() - started < 3.0
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    reply = fake_slack.hooks[0].args
    assert reply["response_type"] == "ephemeral"
    assert "help" in reply["text"].lower()
    assert any("restart nginx" in json.dumps(b) for b in reply["blocks"])


async def test_korean_text_gets_korean_help(bot, fake_slack):
    await bot.sender.slash("도움말", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    assert fake_slack.hooks[0].args["text"] == "klepaas 도움말"
    assert "재시작" in json.dumps(fake_slack.hooks[0].args["blocks"], ensure_ascii=False)


async def test_mention_is_answered_in_its_thread(bot, fake_slack):
    status, _ = await bot.sender.mention("도움말", channel="C0DEV0001", ts="1732240000.000777")
    assert status == 200
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    post = fake_slack.posts()[0]
    assert post["channel"] == "C0DEV0001"
    assert post["thread_ts"] == "1732240000.000777"
    assert post["text"] == "klepaas 도움말"


async def test_mention_inside_a_thread_answers_in_that_thread(bot, fake_slack):
    await bot.sender.mention("help", ts="1732240000.000900", thread_ts="1732240000.000100")
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    assert fake_slack.posts()[0]["thread_ts"] == "1732240000.000100"


async def test_unknown_text_gets_a_friendly_answer(bot, fake_slack):
    await bot.sender.slash("make me a sandwich", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    assert "didn't understand" in fake_slack.hooks[0].args["text"]


async def test_bad_signature_is_refused_and_nothing_is_posted(bot, fake_slack):
    status, _ = await bot.sender.send(
        "token=x&command=%2Fklepaas&text=help&response_url=" + fake_slack.hook_url(), secret="wrong-secret"
    )
    assert status == 401
    await bot.settle()
    assert fake_slack.hooks == [] and fake_slack.posts() == []


async def test_stale_timestamp_is_refused(bot, fake_slack):
    body = mention_body("help")
    status, _ = await bot.sender.send(body, json_body=True, ts=int(time.time()) - 301)
    assert status == 401
    await bot.settle()
    assert fake_slack.posts() == []


async def test_url_verification_returns_the_challenge(bot):
    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    )
    status, text = await bot.sender.send(body, json_body=True)
    assert status == 200
    assert json.loads(text)["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


async def test_handled_commands_write_audit_and_history(bot, fake_slack):
    await bot.sender.slash("help", response_url=fake_slack.hook_url(), user="U0BOB0001")
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    await bot.settle()
    async with bot.clients.db.session() as session:
        history = (await session.execute(select(CommandRecord))).scalars().all()
        audit = (await session.execute(select(AuditEntry))).scalars().all()
    assert [(h.user_id, h.text, h.intent, h.provider, h.outcome) for h in history] == [
        ("U0BOB0001", "help", "help", "builtin", "ok")
    ]
    assert history[0].command["intent"] == "help" and history[0].latency_ms >= 0
    assert [(a.user_id, a.channel_id, a.source, a.action, a.outcome) for a in audit] == [
        ("U0BOB0001", "C0OPS0001", "slash", "help", "ok")
    ]


async def test_signature_matches_the_published_vector():
    body = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0ACME001&command=%2Fk8s&text=restart+shop%2Fapi"
    headers = sign("8f742231b10e8888abcd99yyyzzz85a5", body, 1732240000)
    assert headers["X-Slack-Signature"] == "v0=f0d1e840fa66caf5342061dbc2f06248e47394f48988710ac1357f644004aa01"
