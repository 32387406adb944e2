"""A mention is read as Slack wrote it, once, and the bot acts on that reading, through signed events.

Who is asked: the bot's own mention anywhere in the text asks the bot (its user id is the one
Slack's `authorizations` names); a mention of anyone else asks that person, and the bot changes
nothing. What is someone else's or withdrawn (a quoted line, pasted output, struck-through
text) names no namespace and no app for the bot's checks and suggestions.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.slack import invocations
from bot.storage import AuditEntry
from playground.signed_requests import BOT_USER, mention_body

THREAD = "1732240000.000100"


def patches(kmock) -> list[Any]:
    return [r for r in kmock if r.method.value.upper() == "PATCH"]


async def audits(bot) -> list[tuple[str, str, str | None]]:
    async with bot.clients.db.session() as session:
        rows = (await session.execute(select(AuditEntry))).scalars()
        return [(a.action, a.outcome, a.target) for a in rows]


async def mention(bot, fake_slack, text: str, *, as_written: bool = False, **body: Any) -> dict:
    before = len(fake_slack.posts())
    status, _ = await bot.sender.send(
        mention_body(text, ts=THREAD, as_written=as_written, **body), json_body=True, retry=None
    )
    assert status == 200
    await fake_slack.wait_for(lambda s: len(s.posts()) > before)
    await bot.clients.tasks.join(timeout=5)
    return fake_slack.posts()[-1]


@pytest.mark.parametrize(
    "text",
    [
        f"hey <@{BOT_USER}> restart web pls",
        f"web 재시작 <@{BOT_USER}> 부탁",
        f"restart web <@{BOT_USER}|klepaas>",
    ],
)
async def test_the_bots_mention_in_the_middle_of_a_message_asks_the_bot(start, shop, kmock, fake_slack, text):
    bot = await start()

    posted = await mention(bot, fake_slack, text, as_written=True)

    assert posted["thread_ts"] == THREAD
    assert "shop/web" in posted["text"] and "restart" in json.dumps(posted["blocks"]).lower()
    assert ("restart", "confirm_requested", "shop/web") in await audits(bot)


@pytest.mark.parametrize(
    ("text", "as_written"),
    [
        ("<@U0BOB0001> please scale web to 3", False),  # "@klepaas @bob please …"
        ("<@U0BOB0001> 님 web 3개로 늘려주세요", False),
        (f"<@U0BOB0001> restart web <@{BOT_USER}>", True),  # the bot is copied in; Bob is asked
    ],
)
async def test_a_mention_of_someone_else_asks_that_person_and_changes_nothing(
    start, shop, kmock, fake_slack, text, as_written
):
    bot = await start()

    posted = await mention(bot, fake_slack, text, as_written=as_written)

    assert "Confirm" not in posted["text"] and "확인" not in posted["text"]
    assert "not asked for" in posted["text"] or "요청은 아니라서" in posted["text"]
    assert patches(kmock) == []
    assert [(action, outcome) for action, outcome, _ in await audits(bot)] == [("unknown", "unknown")]


async def test_without_authorizations_the_bot_is_still_known(start, shop, kmock, fake_slack):
    """From Bolt's auth.test, else the mention an app_mention event starts with (bot/slack/invocations.py)."""
    bot = await start()
    body = json.loads(mention_body("restart web", ts=THREAD))
    del body["authorizations"]  # an older delivery; Bolt's auth.test may not have answered yet

    status, _ = await bot.sender.send(json.dumps(body), json_body=True, retry=None)
    assert status == 200
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    await bot.clients.tasks.join(timeout=5)

    assert "shop/web" in fake_slack.posts()[0]["text"]


async def test_a_namespace_in_pasted_output_is_no_namespace_the_person_named(start, shop, kmock, fake_slack):
    bot = await start()

    # Slack sends what people type with &, <, > escaped: a quoted line arrives as "&gt; …".
    posted = await mention(bot, fake_slack, "restart web\n&gt; kubectl -n kube-system get pods")
    objects_seen = [r.url.path for r in kmock if "kube-system" in r.url.path]

    assert "shop/web" in posted["text"] and "kube-system" not in posted["text"]
    assert ("restart", "confirm_requested", "shop/web") in await audits(bot)
    assert objects_seen == []  # the quoted namespace's apps were not even listed


async def test_a_withdrawn_change_is_not_suggested_back_with_its_app(start, shop, kmock, fake_slack):
    bot = await start()

    posted = await mention(bot, fake_slack, "~restart web~")

    labels = [e["text"]["text"] for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "restart" in labels and labels[-1] == "help"
    assert not any("web" in label for label in labels)  # struck-through words name no app to suggest
    assert patches(kmock) == [] and [o for _, o, _ in await audits(bot)] == ["unknown"]


def test_the_bots_id_comes_from_the_body_and_the_text_keeps_slacks_markup():
    body = json.loads(mention_body("ask <@U0BOB0001> about <https://grafana.example|web>"))
    assert invocations.bot_user_of(body) == BOT_USER and invocations.bot_user_of({"authorizations": 5}) is None
    who = invocations.from_mention(body["event"], team_id="T0ACME001", bot_user_id=BOT_USER)
    assert who.text == f"<@{BOT_USER}> ask <@U0BOB0001> about <https://grafana.example|web>"
    assert who.bot_user_id == BOT_USER
    # Neither Slack nor auth.test said who the bot is: the mention the event starts with.
    assert invocations.from_mention({"text": "<@U0OTHER01> hi"}, team_id=None).bot_user_id == "U0OTHER01"
    assert invocations.from_mention({"text": "hi <@U0OTHER01>"}, team_id=None).bot_user_id is None
