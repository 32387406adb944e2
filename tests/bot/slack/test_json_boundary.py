"""Every route that reads JSON refuses hostile JSON with a 400 and a sentence, and leaves no trace.

Slack's events and interactive payloads, Alertmanager's webhook, GitHub's deliveries and the
generic CI route get bodies that are signed (or carry the token) correctly but are 20,000
arrays deep, too big, not UTF-8 (or UTF-16, a lone surrogate, NaN) or not an object at the top.
Each is answered 400 with a sentence (never a RecursionError's 500); nothing is stored, posted
or sent to the cluster. Hypothesis picks the bodies (derandomized: the same ones every run).

On the emulator: "nothing sent to the cluster" counts every request the cluster received, reads
included, and only a recording server shows that.
"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bodies import MAX_BYTES
from deploys import github_signature
from playground.cluster import emulator
from tests.support.bot import SECRET
from tests.support.slack_requests import FORM, JSON, signed_headers

AM_TOKEN = "am-webhook-token"
GITHUB_SECRET = "It's a Secret to Everybody"
CI_TOKEN = "ci-deploy-token-0123456789"
EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
)
DEEPEST = 20_000


def nested(depth: int, kind: str) -> str:
    opening, closing = {"array": ("[", "]"), "object": ('{"a":', "}")}[kind]
    return opening * depth + "1" + closing * depth


_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_deep = st.builds(
    nested, st.sampled_from([DEEPEST, 65, 1_000]) | st.integers(65, DEEPEST), st.sampled_from(["array", "object"])
)
_wrapped_deep = _deep.map(lambda inner: '{"type": "event_callback", "event": ' + inner + "}")
_big = st.integers(MAX_BYTES, MAX_BYTES + 4096).map(lambda n: json.dumps({"type": "x", "pad": "x" * n}))
_not_objects = (st.lists(_values, max_size=3) | _scalars).map(json.dumps)
_texts = st.one_of(_deep, _wrapped_deep, _big, _not_objects, st.sampled_from(['{"n": NaN}', '{"t": "\\ud800"}']))
_bad_bytes = st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]).map(
    lambda bad: b'{"text": "' + bad + b'"}'
)
_utf16 = st.dictionaries(st.text(max_size=5), _scalars, max_size=3).map(lambda v: json.dumps(v).encode("utf-16"))
HOSTILE: st.SearchStrategy[bytes] = st.one_of(_texts.map(str.encode), _bad_bytes, _utf16)
# A form's payload is percent-decoded (bad bytes become U+FFFD) before it is JSON: texts only.
HOSTILE_PAYLOADS: st.SearchStrategy[bytes] = _texts.map(lambda p: urllib.parse.urlencode({"payload": p}).encode())


async def _fuzz(strategy: st.SearchStrategy[bytes], check: Callable[[bytes], Awaitable[None]]) -> None:
    """Hypothesis in a thread; each example is checked on this loop, where the bot runs."""
    loop = asyncio.get_running_loop()

    @EXAMPLES
    @given(strategy)
    def run(example: bytes) -> None:
        asyncio.run_coroutine_threadsafe(check(example), loop).result(timeout=20)

    await asyncio.to_thread(run)


async def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as response:
        text = await response.text()
        return response.status, json.loads(text) if text.startswith("{") else text


def _sentence(answer: Any) -> str:
    """The one sentence the 400 carries, whichever route answered it."""
    assert isinstance(answer, dict), answer
    said = answer.get("problem") or (answer.get("problems") or [""])[0]
    assert isinstance(said, str) and len(said) > 15 and said.endswith("."), answer
    return said


async def _no_trace(bot: Any, fake_slack: Any, kmock: Any, rows: Any) -> None:
    await asyncio.sleep(0.2)
    await bot.clients.tasks.join(timeout=2)
    assert fake_slack.calls == [] and fake_slack.hooks == []
    assert emulator.requests_of(kmock) == []
    assert await rows(bot) == {}


async def test_twenty_thousand_nested_arrays_are_a_400_on_every_route(start, shop, fake_slack, kmock, rows):
    bot = await start(
        KLEPAAS_ALERTMANAGER_TOKEN=AM_TOKEN, GITHUB_WEBHOOK_SECRET=GITHUB_SECRET, KLEPAAS_DEPLOY_TOKEN=CI_TOKEN
    )
    deep = nested(DEEPEST, "array").encode()
    payload = urllib.parse.urlencode({"payload": deep.decode()}).encode()
    requests = [
        ("/slack/events", deep, signed_headers(SECRET, deep, content_type=JSON)),
        ("/slack/events", payload, signed_headers(SECRET, payload, content_type=FORM)),
        ("/alerts/alertmanager", deep, {"Authorization": f"Bearer {AM_TOKEN}", "Content-Type": JSON}),
        ("/webhooks/github", deep, {"X-GitHub-Event": "workflow_run", "X-GitHub-Delivery": "d-1",
                                    "X-Hub-Signature-256": github_signature(GITHUB_SECRET, deep),
                                    "Content-Type": JSON}),
        ("/webhooks/deploy", deep, {"Authorization": f"Bearer {CI_TOKEN}", "Content-Type": JSON}),
    ]  # fmt: skip
    for path, body, headers in requests:
        status, answer = await _post(f"{bot.url}{path}", body, headers)
        assert status == 400 and "deeper than 64 levels" in _sentence(answer), (path, answer)
    await _no_trace(bot, fake_slack, kmock, rows)


async def test_hostile_slack_events_and_payloads_are_400_with_a_sentence(start, shop, fake_slack, kmock, rows):
    bot = await start()

    async def event(body: bytes) -> None:
        status, answer = await _post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body, content_type=JSON))
        assert status == 400, body[:200]
        _sentence(answer)

    async def interactive(body: bytes) -> None:
        status, answer = await _post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body, content_type=FORM))
        assert status == 400, body[:200]
        _sentence(answer)

    await _fuzz(HOSTILE, event)
    await _fuzz(HOSTILE_PAYLOADS, interactive)
    await _no_trace(bot, fake_slack, kmock, rows)


async def test_hostile_alertmanager_bodies_are_400_with_a_sentence(start, shop, fake_slack, kmock, rows):
    bot = await start(KLEPAAS_ALERTMANAGER_TOKEN=AM_TOKEN, SLACK_ALERT_CHANNEL_DEFAULT="C0ALERTS1")

    async def check(body: bytes) -> None:
        headers = {"Authorization": f"Bearer {AM_TOKEN}", "Content-Type": JSON}
        status, answer = await _post(f"{bot.url}/alerts/alertmanager", body, headers)
        assert status == 400, body[:200]
        _sentence(answer)

    await _fuzz(HOSTILE, check)
    await _no_trace(bot, fake_slack, kmock, rows)


async def test_hostile_github_deliveries_and_ci_requests_are_400_with_a_sentence(start, shop, fake_slack, kmock, rows):
    bot = await start(GITHUB_WEBHOOK_SECRET=GITHUB_SECRET, KLEPAAS_DEPLOY_TOKEN=CI_TOKEN)
    deliveries = iter(range(1_000_000))

    async def delivery(body: bytes) -> None:
        headers = {"X-GitHub-Event": "workflow_run", "X-GitHub-Delivery": f"d-{next(deliveries)}",
                   "X-Hub-Signature-256": github_signature(GITHUB_SECRET, body), "Content-Type": JSON}  # fmt: skip
        status, answer = await _post(f"{bot.url}/webhooks/github", body, headers)
        assert status == 400, body[:200]
        _sentence(answer)

    async def ci(body: bytes) -> None:
        headers = {"Authorization": f"Bearer {CI_TOKEN}", "Content-Type": JSON}
        status, answer = await _post(f"{bot.url}/webhooks/deploy", body, headers)
        assert status == 400, body[:200]
        _sentence(answer)

    await _fuzz(HOSTILE, delivery)
    await _fuzz(HOSTILE, ci)
    await _no_trace(bot, fake_slack, kmock, rows)
