"""Follow-ups in a thread and clarifying questions, from signed Slack requests.

The intent handlers here record the Command they receive: what is under test is
how the bot completes a Command from the thread and asks for what is missing.
"""

from __future__ import annotations

import json

from intents import Intent
from playground.signed_requests import action_body

APPS = ("nginx", "payment-api", "api-server", "web")


async def test_follow_up_in_a_thread_means_the_same_app(recorded, fake_slack):
    bot, received = recorded
    await bot.sender.mention("status nginx", ts="1732240000.000100")
    await bot.settle()
    await bot.sender.mention("restart it", ts="1732240000.000200", thread_ts="1732240000.000100")
    await bot.settle()
    assert [(c.intent, c.app) for c in received] == [(Intent.STATUS, "nginx"), (Intent.RESTART, "nginx")]


async def test_another_thread_does_not_share_the_memory(recorded, fake_slack):
    bot, received = recorded
    await bot.sender.mention("status nginx", ts="1732240000.000100")
    await bot.settle()
    await bot.sender.mention("restart", ts="1732240000.000300")  # a new thread
    await bot.settle()
    assert [(c.intent, c.app) for c in received] == [(Intent.STATUS, "nginx")]
    question = fake_slack.posts()[-1]
    assert "Which app" in question["text"]
    assert question["thread_ts"] == "1732240000.000300"


async def test_scale_without_a_number_asks_and_the_answer_completes_it(recorded, fake_slack):
    bot, received = recorded
    await bot.sender.mention("scale web", ts="1732240000.000100")
    await bot.settle()
    assert received == []
    assert "How many replicas" in fake_slack.posts()[-1]["text"]
    await bot.sender.mention("5", ts="1732240000.000200", thread_ts="1732240000.000100")
    await bot.settle()
    assert [(c.intent, c.app, c.replicas) for c in received] == [(Intent.SCALE, "web", 5)]


async def test_korean_question_and_answer(recorded, fake_slack):
    bot, received = recorded
    await bot.sender.mention("web 스케일 해줘", ts="1732240000.000100")
    await bot.settle()
    assert "몇 개" in fake_slack.posts()[-1]["text"]
    await bot.sender.mention("세 개로", ts="1732240000.000200", thread_ts="1732240000.000100")
    await bot.settle()
    assert [(c.intent, c.app, c.replicas) for c in received] == [(Intent.SCALE, "web", 3)]


async def test_restart_without_an_app_offers_buttons_and_a_click_runs_it(recorded, fake_slack):
    bot, received = recorded
    await bot.sender.mention("restart the api please", ts="1732240000.000100")
    await bot.settle()
    question = fake_slack.posts()[-1]
    buttons = [e for b in question["blocks"] if b["type"] == "actions" for e in b["elements"]]
    labels = [b["text"]["text"] for b in buttons]
    assert set(labels[:2]) == {"payment-api", "api-server"}  # the ambiguous candidates come first
    chosen = next(b for b in buttons if b["text"]["text"] == "api-server")
    assert json.loads(chosen["value"]) == {"intent": "restart", "app": "api-server"}
    status, _ = await bot.sender.send(
        action_body(chosen["action_id"], chosen["value"], response_url=fake_slack.hook_url())
    )
    assert status == 200
    await bot.settle()
    assert [(c.intent, c.app) for c in received] == [(Intent.RESTART, "api-server")]


async def test_a_forged_choice_value_runs_nothing(recorded, fake_slack):
    bot, received = recorded
    forged = json.dumps({"intent": "restart", "app": "x; rm -rf /"})
    await bot.sender.send(action_body("choose_app:0", forged, response_url=fake_slack.hook_url()))
    await bot.settle()
    assert received == []
    assert "didn't understand" in fake_slack.hooks[-1].args["text"]
