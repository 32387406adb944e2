"""All Slack HTTP of the bot goes through the composition root's one aiohttp session."""

from __future__ import annotations

import aiohttp
import pytest

from bot.app.wiring import build_clients
from playground.signed_requests import sign, slash_body
from playground.slack_api import SlackWebApi
from tests.support.bot import SECRET, make_settings, start_bot


async def test_a_command_and_its_response_url_reply_open_no_session_of_their_own(
    fake_slack: SlackWebApi, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    clients = await build_clients(make_settings(fake_slack, str(tmp_path / "klepaas.db")))
    await clients.db.upgrade()
    bot = await start_bot(clients)
    try:
        async with aiohttp.ClientSession() as client:  # Slack's side, opened before counting
            opened: list[object] = []
            original = aiohttp.ClientSession.__init__

            def counted(self, *args, **kwargs) -> None:
                opened.append(self)
                original(self, *args, **kwargs)

            monkeypatch.setattr(aiohttp.ClientSession, "__init__", counted)
            for text in ("help", "도움말"):
                body = slash_body(text, response_url=fake_slack.hook_url())
                headers = {**sign(SECRET, body), "Content-Type": "application/x-www-form-urlencoded"}
                async with client.post(f"{bot.url}/slack/events", data=body.encode(), headers=headers) as answer:
                    assert answer.status == 200
            await bot.settle()
        assert len(fake_slack.hooks) == 2 and len(fake_slack.called("auth.test")) == 1
        assert opened == []
    finally:
        await bot.stop()
