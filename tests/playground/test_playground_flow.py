"""The playground's page API drives the real bot as Slack would: commands, buttons, mentions, alerts."""

from __future__ import annotations

import json

import aiohttp

from playground.session import Playground
from tests.playground.conftest import buttons, call


def shown(session: Playground) -> list[dict]:
    return session.slack.shown("C0PLAYGRD")


async def click(session: Playground, message: dict, action_id: str) -> None:
    button = buttons(message)[action_id]
    body = {"ts": message["ts"], "action_id": action_id, "block_id": button["block_id"], "value": button["value"]}
    assert (await call(session, "POST", "click", body))["status"] == 200


async def test_scale_is_confirmed_rolled_out_and_offered_an_undo(playground: Playground):
    assert (await call(playground, "POST", "say", {"text": "/klepaas scale web 3"}))["status"] == 200
    await playground.slack.wait_for(lambda s: any("confirm" in buttons(m) for m in shown(playground)))
    confirmation = next(m for m in shown(playground) if "confirm" in buttons(m))
    assert "2 → 3" in confirmation["text"]
    await click(playground, confirmation, "confirm")
    await playground.slack.wait_for(lambda s: "successfully rolled out" in (confirmation["text"] or ""), timeout=10)
    assert confirmation["edited"] is True and "undo" in buttons(confirmation)
    before = len(shown(playground))
    await click(playground, confirmation, "undo")
    await playground.slack.wait_for(lambda s: len(shown(playground)) > before)
    answer = shown(playground)[-1]
    # Undo puts back what the scale replaced: a new confirmation from 3 back to 2.
    assert answer["user"] == "U0BOT0001" and "3 → 2" in answer["text"] and "confirm" in buttons(answer)


async def test_a_korean_mention_is_answered_in_its_thread(playground: Playground):
    said = await call(playground, "POST", "say", {"text": "@klepaas web 상태 알려줘"})
    await playground.slack.wait_for(lambda s: any(m.get("thread_ts") == said["ts"] for m in shown(playground)))
    reply = next(m for m in shown(playground) if m.get("thread_ts") == said["ts"])
    assert reply["user"] == "U0BOT0001" and "web" in reply["text"]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in json.dumps(reply["blocks"], ensure_ascii=False) + reply["text"])


async def test_a_test_alert_fires_updates_and_resolves_in_one_thread(playground: Playground):
    for step in ("firing", "update", "resolved"):
        assert (await call(playground, "POST", "alert"))["sent"] == step
        await playground.slack.wait_for(
            lambda s, n={"firing": 1, "update": 2, "resolved": 3}[step]: (
                len([m for m in shown(playground) if "KubePodCrashLooping" in (m["text"] or "")]) >= n
            ),
            timeout=10,
        )
    alerts = [m for m in shown(playground) if "KubePodCrashLooping" in (m["text"] or "")]
    parents = [m for m in alerts if not m.get("thread_ts")]
    assert len(parents) == 1
    assert all(m["thread_ts"] == parents[0]["ts"] for m in alerts if m is not parents[0])
    assert parents[0]["text"].startswith("[RESOLVED")


async def test_readyz_says_the_cluster_is_the_demo(playground: Playground):
    async with aiohttp.ClientSession() as http, http.get(f"{playground.bot_url}/readyz") as answer:
        ready = await answer.json()
    assert answer.status == 200 and ready["cluster"] == "DEMO"
    state = await call(playground, "GET", "state?since=-1&wait=0")
    assert state["cluster"] == "DEMO"


async def test_silence_and_ack_on_a_test_alert_reach_the_silences_stand_in(playground: Playground):
    await call(playground, "POST", "alert")
    await playground.slack.wait_for(lambda s: any("silence:1h" in buttons(m) for m in shown(playground)), timeout=10)
    parent = next(m for m in shown(playground) if "silence:1h" in buttons(m))
    await click(playground, parent, "silence:1h")
    await playground.slack.wait_for(lambda s: len(playground.silences.silences) == 1, timeout=10)
    silence = next(iter(playground.silences.silences.values()))
    assert {"name": "alertname", "value": "KubePodCrashLooping", "isRegex": False, "isEqual": True} in [
        {k: m.get(k) for k in ("name", "value", "isRegex", "isEqual")} for m in silence["matchers"]
    ]
    await playground.slack.wait_for(lambda s: "ack" in buttons(parent) and parent.get("edited"), timeout=10)
    await click(playground, parent, "ack")
    await playground.slack.wait_for(lambda s: "ack" not in buttons(parent), timeout=10)
    assert "you" in json.dumps(parent["blocks"]) or "U0PLAYER1" in json.dumps(parent["blocks"])


async def test_the_bots_mention_anywhere_asks_the_bot_and_a_persons_asks_that_person(playground: Playground):
    said = await call(playground, "POST", "say", {"text": "hey @klepaas restart web pls"})
    assert said["sent"] == "mention"
    await playground.slack.wait_for(lambda s: any("confirm" in buttons(m) for m in shown(playground)))
    assert shown(playground)[0]["text"] == "hey <@U0BOT0001> restart web pls"  # as Slack writes a mention

    playground.slack.users["U0BOB0001"] = {"id": "U0BOB0001", "name": "bob", "real_name": "Bob", "profile": {}}
    said = await call(playground, "POST", "say", {"text": "@bob please scale web to 5 @klepaas"})
    await playground.slack.wait_for(lambda s: any(m.get("thread_ts") == said["ts"] for m in shown(playground)))
    reply = next(m for m in shown(playground) if m.get("thread_ts") == said["ts"])
    assert "not asked for" in reply["text"] and "confirm" not in buttons(reply)
