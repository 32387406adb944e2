"""Fuzzing the bot's doors: Slack's /slack/events and Alertmanager's /alerts/alertmanager.

Unsigned (or unauthenticated) inputs of every shape must answer 401 and leave no trace: no
call to Slack or to any URL in the body, no database row, no Kubernetes request. Signed
inputs of any shape must never answer 5xx.

Hypothesis runs in a worker thread and hands each example to the bot's event loop, so one
real bot (Bolt, aiohttp, SQLite, kmock) serves every example of a test.

Why the emulator: thousands of generated bodies; the assertion is that none of them reached the API
(no request recorded), which only a recording server shows.
"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
import structlog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.cluster import emulator
from tests.support.bot import SECRET
from tests.support.slack_requests import FORM, JSON, post, signed_headers

TOKEN = "am-webhook-token"
# derandomize: the same examples every run, so the suite is repeatable; widen max_examples locally to hunt.
EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)

_scalars = st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=30)
_json = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
_ids = st.sampled_from(["U0ALICE01", "U0EVE0001", "C0OPS0001", "T0ACME001", "", "<!channel>"]) | st.text(max_size=12)


def _form(hook: str) -> st.SearchStrategy[bytes]:
    keys = st.sampled_from(["command", "text", "response_url", "user_id", "channel_id", "team_id", "payload",
                            "ssl_check", "token", "trigger_id", "thread_ts"])  # fmt: skip
    values = st.sampled_from(["/klepaas", "restart web", "scale web 3", hook, "1"]) | st.text(max_size=40)
    forms = st.dictionaries(keys, values, max_size=8).map(lambda form: urllib.parse.urlencode(form).encode())
    return forms | st.binary(max_size=120)


def _event(hook: str) -> st.SearchStrategy[bytes]:
    event = st.fixed_dictionaries(
        {"type": st.sampled_from(["app_mention", "message", "app_home_opened"]) | _scalars},
        optional={"text": st.sampled_from(["<@U0K8SBOT1> restart web", "scale web 3"]) | _json, "user": _ids | _json,
                  "channel": _ids | _json, "ts": _json, "thread_ts": _json},
    )  # fmt: skip
    envelope = st.fixed_dictionaries(
        {"type": st.sampled_from(["event_callback", "url_verification", "ssl_check"]) | _scalars},
        optional={"event": event | _json, "team_id": _ids | _json, "event_id": _json, "challenge": _json,
                  "authorizations": _json, "response_url": st.just(hook)},
    )  # fmt: skip
    return envelope.map(lambda body: json.dumps(body).encode()) | _json.map(lambda body: json.dumps(body).encode())


def _action(hook: str) -> st.SearchStrategy[bytes]:
    action = st.fixed_dictionaries(
        {"action_id": st.sampled_from(["confirm", "cancel", "rollback", "restart", "logs", "silence:1h", "ack",
                                       "choose_app", "link:source"]) | _json},
        optional={"value": st.sampled_from(["shop/web", "shop/web:2", "x" * 300]) | _json, "type": _json},
    )  # fmt: skip
    payload = st.fixed_dictionaries(
        {"type": st.sampled_from(["block_actions", "view_submission", "view_closed", "shortcut"]) | _scalars},
        optional={"actions": st.lists(action | _json, max_size=3), "user": _ids | _json, "channel": _ids | _json,
                  "team": _json, "container": _json, "message": _json, "view": _json,
                  "response_url": st.just(hook) | _json},
    )  # fmt: skip
    return payload.map(lambda p: urllib.parse.urlencode({"payload": json.dumps(p)}).encode())


def _unsigned(body: bytes) -> st.SearchStrategy[dict[str, str]]:
    stamps = st.sampled_from(["abc", "1e3", "", "1.5", "-1", "99999999999999999999", "1732240000"]) | st.text(
        max_size=12
    )
    signatures = st.sampled_from(["", "v0=", "v0=" + "0" * 64]) | st.text(max_size=70)
    forged = st.builds(lambda ts: signed_headers("not-the-secret", body, ts=ts), stamps)
    garbage = st.builds(lambda ts, sig: {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}, stamps, signatures)
    return st.just({}) | forged | garbage


def _clean(headers: dict[str, str]) -> dict[str, str]:
    """aiohttp refuses header values with control characters; a proxy would too."""
    return {k: v for k, v in headers.items() if v.isprintable() and "\n" not in v and "\r" not in v}


async def _fuzz(strategy: st.SearchStrategy[Any], check: Callable[[Any], Awaitable[None]]) -> None:
    """Run hypothesis in a thread; each example is checked on this loop, where the bot runs."""
    loop = asyncio.get_running_loop()

    @EXAMPLES
    @given(strategy)
    def run(example: Any) -> None:
        asyncio.run_coroutine_threadsafe(check(example), loop).result(timeout=10)

    await asyncio.to_thread(run)


async def _left_no_trace(bot, fake_slack, elsewhere, kmock, rows) -> None:
    await asyncio.sleep(0.2)
    await bot.clients.tasks.join(timeout=2)
    assert elsewhere.seen == []
    assert fake_slack.calls == [] and fake_slack.hooks == []
    assert emulator.requests_of(kmock) == []
    assert await rows(bot) == {}


@pytest.mark.parametrize("kind", ["form", "event", "action"])
async def test_unsigned_slack_bodies_of_any_shape_are_401_and_leave_no_trace(
    start, shop, fake_slack, elsewhere, kmock, rows, kind
) -> None:
    bot = await start()
    bodies = {"form": _form, "event": _event, "action": _action}[kind](elsewhere.url())
    content_type = JSON if kind == "event" else FORM

    async def check(example: tuple[bytes, dict[str, str]]) -> None:
        body, headers = example
        status, _ = await post(f"{bot.url}/slack/events", body, {**_clean(headers), "Content-Type": content_type})
        assert status == 401, (body, headers)

    await _fuzz(bodies.flatmap(lambda body: st.tuples(st.just(body), _unsigned(body))), check)
    await _left_no_trace(bot, fake_slack, elsewhere, kmock, rows)


@pytest.mark.parametrize("kind", ["form", "event", "action"])
async def test_signed_slack_bodies_of_any_shape_never_answer_5xx(start, shop, elsewhere, kind) -> None:
    bot = await start()
    bodies = {"form": _form, "event": _event, "action": _action}[kind](elsewhere.url())
    content_type = JSON if kind == "event" else FORM

    async def check(body: bytes) -> None:
        status, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body, content_type=content_type))
        assert status < 500, body

    with structlog.testing.capture_logs() as events:
        await _fuzz(bodies, check)
        await bot.clients.tasks.join(timeout=5)
    assert [e for e in events if e.get("log_level") == "error" or e.get("exc_info")] == []  # no traceback either


def _alertmanager_bodies() -> st.SearchStrategy[bytes]:
    alert = st.fixed_dictionaries(
        {"status": st.sampled_from(["firing", "resolved"]) | _scalars,
         "labels": st.dictionaries(st.sampled_from(["alertname", "namespace", "deployment", "severity"]),
                                   st.text(max_size=20)) | _json},
        optional={"annotations": _json, "startsAt": _json,
                  "generatorURL": st.just("https://evil.example/|<!channel>") | _json, "fingerprint": _json},
    )  # fmt: skip
    body = st.fixed_dictionaries(
        {"version": st.just("4") | _scalars, "status": st.sampled_from(["firing", "resolved"]) | _scalars,
         "alerts": st.lists(alert | _json, max_size=3)},
        optional={"groupKey": _json, "receiver": _json, "groupLabels": _json, "commonLabels": _json,
                  "commonAnnotations": _json, "externalURL": _json, "truncatedAlerts": _json},
    )  # fmt: skip
    return body.map(lambda b: json.dumps(b).encode()) | st.binary(max_size=120)


async def test_alertmanager_bodies_without_the_token_are_401_and_leave_no_trace(
    start, shop, fake_slack, elsewhere, kmock, rows
) -> None:
    bot = await start(KLEPAAS_ALERTMANAGER_TOKEN=TOKEN, SLACK_ALERT_CHANNEL_DEFAULT="C0ALERTS1")
    authorizations = st.sampled_from([None, "", "Bearer", "Bearer wrong", f"Basic {TOKEN}", f"bearer  {TOKEN}x"])

    async def check(example: tuple[bytes, str | None]) -> None:
        body, authorization = example
        headers = {"Content-Type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = authorization
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{bot.url}/alerts/alertmanager", data=body, headers=headers) as response:
                assert response.status == 401, (body, authorization)

    await _fuzz(st.tuples(_alertmanager_bodies(), authorizations), check)
    await _left_no_trace(bot, fake_slack, elsewhere, kmock, rows)


async def test_alertmanager_bodies_with_the_token_never_answer_5xx(start, shop) -> None:
    bot = await start(KLEPAAS_ALERTMANAGER_TOKEN=TOKEN, SLACK_ALERT_CHANNEL_DEFAULT="C0ALERTS1")

    async def check(body: bytes) -> None:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{bot.url}/alerts/alertmanager", data=body, headers=headers) as response:
                assert response.status < 500, body

    await _fuzz(_alertmanager_bodies(), check)
