"""When the parser cannot choose between readings, the bot asks with buttons; it never guesses."""

from __future__ import annotations

import json

from intents import Intent

APPS = ("payment-api", "payment-worker", "web")


async def test_two_apps_a_word_fits_are_asked_about_even_when_the_thread_knows_another(recorded, fake_slack):
    bot, received = recorded
    await bot.sender.mention("status web", ts="1732240000.000100")
    await bot.settle()
    await bot.sender.mention("결제 재시작해줘", ts="1732240000.000200", thread_ts="1732240000.000100")
    await bot.settle()
    assert [(c.intent, c.app) for c in received] == [(Intent.STATUS, "web")]  # no restart of web from memory
    question = fake_slack.posts()[-1]
    buttons = [e for b in question["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons][:2] == ["payment-api", "payment-worker"]
    assert json.loads(buttons[1]["value"]) == {"intent": "restart", "app": "payment-worker"}


async def test_the_chosen_app_is_the_one_restarted(recorded, fake_slack):
    bot, received = recorded
    await bot.sender.mention("restart payment", ts="1732240000.000300")
    await bot.settle()
    question = fake_slack.posts()[-1]
    chosen = next(
        e
        for b in question["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "payment-api"
    )
    await bot.sender.click(chosen["action_id"], chosen["value"], response_url=fake_slack.hook_url())
    await bot.settle()
    assert [(c.intent, c.app) for c in received] == [(Intent.RESTART, "payment-api")]
