"""Forged and malformed requests to /slack/events: refused at the door, and nothing goes out.

Every body here names places to post to: a response_url on a server of the sender's
choosing, and a channel for chat.postMessage. An unverified request must cause no call of
any kind (not even auth.test), no database row and no Kubernetes request; a signed body
that is not one Slack sends is a 400, never a 5xx, and never a traceback in the log.

Why the emulator: every refusal is asserted as "nothing reached the API" (no request recorded).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.parse

import pytest
import structlog

from playground.cluster import emulator
from playground.signed_requests import action_body, mention_body, slash_body
from tests.support.bot import SECRET
from tests.support.slack_requests import FORM, JSON, post, signed_headers


def _bodies(hook: str) -> dict[str, tuple[bytes, str]]:
    """A slash command, a mention and a click that would each make the bot act and answer."""
    return {
        "slash": (slash_body("restart web", response_url=hook).encode(), FORM),
        "mention": (mention_body("restart web", channel="C0VICTIM1").encode(), JSON),
        "click": (action_body("restart", "shop/web", response_url=hook).encode(), FORM),
    }


async def _nothing_happened(bot, fake_slack, elsewhere, kmock, rows) -> None:
    await asyncio.sleep(0.2)  # anything started after the answer would have left a trace by now
    await bot.clients.tasks.join(timeout=2)
    assert elsewhere.seen == []
    assert fake_slack.calls == [] and fake_slack.hooks == []
    assert emulator.requests_of(kmock) == []
    assert await rows(bot) == {}


@pytest.mark.parametrize("stamp", ["abc", "1e3", "", "1.5", "١٧٣٢٢٤٠٠٠٠"])
@pytest.mark.parametrize("kind", ["slash", "mention", "click"])
async def test_a_timestamp_that_is_not_an_integer_is_refused_and_nothing_goes_out(
    start, shop, fake_slack, elsewhere, kmock, rows, stamp, kind
) -> None:
    bot = await start()
    body, content_type = _bodies(elsewhere.url())[kind]
    headers = signed_headers(SECRET, body, ts=stamp, content_type=content_type)  # even with the right secret

    status, _ = await post(f"{bot.url}/slack/events", body, headers)

    assert status == 401
    await _nothing_happened(bot, fake_slack, elsewhere, kmock, rows)


@pytest.mark.parametrize(
    "forgery",
    ["no headers", "wrong secret", "stale", "future", "uppercase signature", "v1 signature", "body changed"],
)
async def test_a_forged_or_stale_request_is_refused_and_nothing_goes_out(
    start, shop, fake_slack, elsewhere, kmock, rows, forgery
) -> None:
    bot = await start()
    body, content_type = _bodies(elsewhere.url())["slash"]
    now = int(time.time())
    headers = {
        "no headers": {"Content-Type": content_type},
        "wrong secret": signed_headers("not-the-secret", body),
        "stale": signed_headers(SECRET, body, ts=now - 301),
        "future": signed_headers(SECRET, body, ts=now + 301),
        "uppercase signature": {
            **(h := signed_headers(SECRET, body)),
            "X-Slack-Signature": h["X-Slack-Signature"].upper(),
        },
        "v1 signature": {**(h := signed_headers(SECRET, body)), "X-Slack-Signature": "v1" + h["X-Slack-Signature"][2:]},
        "body changed": signed_headers(SECRET, body.replace(b"restart", b"status")),
    }[forgery]

    status, _ = await post(f"{bot.url}/slack/events", body, headers)

    assert status == 401
    await _nothing_happened(bot, fake_slack, elsewhere, kmock, rows)


def _block_actions(**changes: object) -> bytes:
    payload = json.loads(
        urllib.parse.parse_qs(action_body("restart", "shop/web", response_url="http://x/"))["payload"][0]
    )
    payload.update(changes)
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


MALFORMED: dict[str, tuple[bytes, str]] = {
    "broken json": (b"{bad", JSON),
    "json list": (b"[1,2]", JSON),
    "json string": (b'"x"', JSON),
    "payload not json": (b"payload=notjson", FORM),
    "payload a list": (b"payload=%5B%5D", FORM),
    "not utf-8": (b"\xff\xfe\xfa text=restart", FORM),
    "not utf-8 json": (b'{"type": "event_callback", "x": "\xff"}', JSON),
    "block_actions without actions": (_block_actions(actions=[]), FORM),
    "block_actions with a string action": (_block_actions(actions=["x"]), FORM),
    "block_actions with a number user": (_block_actions(user=7), FORM),
    "view_submission without view.type": (
        urllib.parse.urlencode(
            {"payload": json.dumps({"type": "view_submission", "view": {"callback_id": "x"}})}
        ).encode(),
        FORM,
    ),
    "event_callback without an event": (b'{"type": "event_callback", "team_id": "T0ACME001"}', JSON),
    "event with a list user": (b'{"type": "event_callback", "event": {"type": "app_mention", "user": [1]}}', JSON),
    "authorizations not a list": (b'{"type": "event_callback", "authorizations": 5, "event": {"type": "x"}}', JSON),
}


@pytest.fixture
def log_records(caplog):
    """Every structlog event and stdlib record written while the test runs."""
    caplog.set_level(logging.DEBUG)
    with structlog.testing.capture_logs() as events:
        yield events, caplog


def _tracebacks(events, caplog) -> list[str]:
    found = [e["event"] for e in events if e.get("exc_info") or e.get("exception") or e.get("log_level") == "error"]
    found += [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    return found


@pytest.mark.parametrize("name", MALFORMED)
async def test_a_malformed_body_is_401_unsigned_and_400_signed_without_a_traceback(
    start, shop, fake_slack, elsewhere, kmock, rows, log_records, name
) -> None:
    bot = await start()
    body, content_type = MALFORMED[name]

    unsigned, _ = await post(f"{bot.url}/slack/events", body, {"Content-Type": content_type})
    signed, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body, content_type=content_type))

    assert (unsigned, signed) == (401, 400)
    await _nothing_happened(bot, fake_slack, elsewhere, kmock, rows)
    assert _tracebacks(*log_records) == []


async def test_a_well_formed_signed_command_still_gets_through(start, shop, fake_slack, elsewhere) -> None:
    bot = await start()
    body = slash_body("status web", response_url=elsewhere.url()).encode()

    status, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body))
    await bot.clients.tasks.join(timeout=5)

    assert status == 200
    assert [method for method, _, _ in elsewhere.seen] == ["POST"]  # the answer went to its response_url
