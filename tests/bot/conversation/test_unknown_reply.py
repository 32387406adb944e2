"""A text the bot does not take as a command: how it was read, and the closest commands as buttons."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.storage import AuditEntry


def _buttons(reply: dict) -> list[dict]:
    return [e for b in reply.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


async def _answer(bot, fake_slack, text: str) -> dict:
    before = len(fake_slack.hooks)
    await bot.sender.slash(text, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) > before)
    await bot.settle()
    return fake_slack.hooks[-1].args


async def test_a_restart_spoken_of_in_the_past_is_read_back_and_changes_nothing(bot, fake_slack):
    reply = await _answer(bot, fake_slack, "we restarted web last night")
    assert "already happened" in reply["text"] and "changed nothing" in reply["text"]
    labels = [b["text"]["text"] for b in _buttons(reply)]
    assert labels[-1] == "help" and any(label.startswith("restart") for label in labels)
    assert all(b["action_id"].startswith("suggest:") for b in _buttons(reply))
    async with bot.clients.db.session() as session:
        outcomes = [r.outcome for r in (await session.execute(select(AuditEntry))).scalars()]
    assert outcomes == ["unknown"]  # audited as not understood, nothing else happened


async def test_a_question_whether_a_change_happened_is_no_request(bot, fake_slack):
    reply = await _answer(bot, fake_slack, "did someone restart web yesterday?")
    assert "not a request" in reply["text"] and "changed nothing" in reply["text"]


async def test_korean_negation_is_answered_in_korean(bot, fake_slack):
    reply = await _answer(bot, fake_slack, "웹 재시작하지 마")
    assert "하지 말라는 말로 읽혀서 아무것도 바꾸지 않았어요" in reply["text"]


async def test_a_change_the_bot_cannot_make_says_what_it_can(bot, fake_slack):
    reply = await _answer(bot, fake_slack, "set the log level of web to debug")
    assert "I can't make that change from Slack" in reply["text"]


async def test_plain_nonsense_gets_the_unknown_sentence_and_suggestions(bot, fake_slack):
    reply = await _answer(bot, fake_slack, "blorp the frobnicator")
    assert reply["text"].startswith("Sorry, I didn't understand that.")
    assert [b["text"]["text"] for b in _buttons(reply)][-1] == "help"


async def test_clicking_a_suggestion_runs_it_as_if_typed(bot, fake_slack):
    reply = await _answer(bot, fake_slack, "blorp the frobnicator")
    help_button = next(b for b in _buttons(reply) if b["text"]["text"] == "help")
    status, _ = await bot.sender.click(
        help_button["action_id"], help_button["value"], response_url=fake_slack.hook_url()
    )
    assert status == 200
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 2)
    await bot.settle()
    assert fake_slack.hooks[-1].args["text"] == "klepaas help"
    assert "restart nginx" in json.dumps(fake_slack.hooks[-1].args["blocks"])


async def test_a_tampered_suggestion_is_not_run(bot, fake_slack):
    status, _ = await bot.sender.click("suggest:0", "help" + "x" * 500, response_url=fake_slack.hook_url())
    assert status == 200
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    await bot.settle()
    assert fake_slack.hooks[-1].args["text"].startswith("Sorry, I didn't understand that.")
    async with bot.clients.db.session() as session:
        assert (await session.execute(select(AuditEntry))).scalars().all() == []
