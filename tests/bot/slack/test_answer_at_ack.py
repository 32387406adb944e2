"""The edge answers Slack when the listener acks, not when Bolt's runner next looks for the ack (it polls
every 10 ms); Bolt's own dispatch then ends by itself, still owned by the edge."""

from __future__ import annotations

import asyncio
import urllib.parse

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult

from bot.infra.acks import PendingAcks
from bot.infra.tasks import BackgroundTasks
from bot.slack.gate import SlackGate
from tests.support.slack_requests import signed_headers

SECRET = "answer-at-ack-secret"


async def _authorize(**_: object) -> AuthorizeResult:
    return AuthorizeResult(enterprise_id=None, team_id="T0ACME001", bot_token="xoxb-test", bot_user_id="U0BOT0001")


def _bolt() -> AsyncApp:
    # NB: the gate checks signatures (Bolt's check off, as in bot/slack/bolt.py); no auth.test to a Slack
    return AsyncApp(signing_secret=SECRET, request_verification_enabled=False, authorize=_authorize)


def _slash(text: str) -> bytes:
    form = {
        "team_id": "T0ACME001",
        "channel_id": "C0OPS0001",
        "user_id": "U0ALICE01",
        "command": "/klepaas",
        "text": text,
        "response_url": "http://127.0.0.1:9/hook",
        "trigger_id": "1.2.3",
    }
    return urllib.parse.urlencode(form).encode()


def _client(gate: SlackGate) -> TestClient:
    app = web.Application()
    app.router.add_post("/slack/events", gate.handle)
    return TestClient(TestServer(app))


async def _post(client: TestClient, text: str) -> int:
    """A signed `/klepaas text`; the status the edge answered."""
    body = _slash(text)
    response = await client.post("/slack/events", data=body, headers=signed_headers(SECRET, body))
    return response.status


async def test_the_answer_is_the_ack_and_the_work_goes_on_after_it() -> None:
    acks = PendingAcks()
    tasks = BackgroundTasks(acks=acks)
    release = asyncio.Event()
    done: list[str] = []
    bolt = _bolt()

    @bolt.command("/klepaas")
    async def on_command(ack, command) -> None:  # type: ignore[no-untyped-def]
        async with tasks.owned(ack, name="test.command"):
            await release.wait()
            done.append(command["text"])

    gate = SlackGate(bolt, SECRET, acks=acks)
    async with _client(gate) as client:
        assert await _post(client, "status web") == 200
        assert len(gate.finishing) == 1  # answered from the ack: Bolt's dispatch had not yet seen it
        assert done == []  # the work waits, after the answer
        async with asyncio.timeout(2.0):
            while gate.finishing:  # Bolt's runner sees the ack at its next look and ends
                await asyncio.sleep(0.005)
        release.set()
        assert await tasks.join(timeout=2.0)
    assert done == ["status web"]
    assert acks.waiting == 0


async def test_without_an_ack_bolt_answers_as_before() -> None:
    acks = PendingAcks()
    bolt = _bolt()
    gate = SlackGate(bolt, SECRET, acks=acks)  # no listener: Bolt answers 404 itself, no ack is made
    async with _client(gate) as client:
        assert await _post(client, "help") == 404
    assert not gate.finishing and acks.waiting == 0
