"""A web page on another site tries to drive the playground, as a browser would let it: all refused, nothing run.

Each test plays the malicious page: a "simple" cross-origin POST (text/plain, Origin
https://evil.example, no token), a DNS-rebound name (`Host: evil.example:<port>`), a
cross-origin click on a real Confirm, a tampered Undo value, and guessed response URLs.
After each, the DEMO cluster received no change, the channel shows nothing new and the
Slack stand-in got no post.

On the emulator: the playground's DEMO cluster is the emulator by design, and "no change" counts the
writes it received, which only a recording server shows.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from playground.session import Playground
from tests.playground.conftest import buttons, call, page_headers

EVIL = "https://evil.example"
CHANNEL = "C0PLAYGRD"


def changes(session: Playground) -> list[Any]:
    """The requests that changed the DEMO cluster (server-side dry runs excluded)."""
    assert session.demo is not None
    return [
        r
        for r in session.demo.emulator
        if r.method.value.upper() in {"POST", "PUT", "PATCH", "DELETE"} and r.url.query.get("dryRun") != "All"
    ]


def posts(session: Playground) -> list[Any]:
    """What the bot sent to Slack that a person would see."""
    return [c for c in session.slack.calls if c.method.startswith("chat.")] + list(session.slack.hooks)


async def raw(
    session: Playground, method: str, path: str, *, body: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, f"http://127.0.0.1:{session.port}{path}", data=body, headers=headers or {}) as answer,
    ):
        return answer.status, await answer.text()


async def nothing_happened(session: Playground, *, shown_before: int = 0, changes_before: int = 0) -> None:
    await asyncio.sleep(0.5)  # whatever a refused request might have started has had time to show
    assert len(session.slack.shown(CHANNEL)) == shown_before
    assert len(changes(session)) == changes_before


async def confirmation_of_scale(session: Playground) -> dict[str, Any]:
    """The person's own page asks for `scale web 3`; the bot answers with a Confirm."""
    await call(session, "POST", "say", {"text": "/klepaas scale web 3"})
    await session.slack.wait_for(lambda s: any("confirm" in buttons(m) for m in s.shown(CHANNEL)))
    return next(m for m in session.slack.shown(CHANNEL) if "confirm" in buttons(m))


async def test_a_cross_origin_text_plain_post_to_say_runs_nothing(playground: Playground):
    command = json.dumps({"text": "/klepaas scale web 3"})
    simple = {"Content-Type": "text/plain", "Origin": EVIL}
    assert (await raw(playground, "POST", "/playground/api/say", body=command, headers=simple))[0] == 403
    # Even with the page's token (were it ever leaked), another origin or another content type is refused.
    token = {"X-Playground-Token": page_headers(playground)["X-Playground-Token"]}
    as_json = {"Content-Type": "application/json"}
    status, answer = await raw(playground, "POST", "/playground/api/say", body=command, headers={**simple, **token})
    assert status == 403 and "own page" in answer
    status, _ = await raw(playground, "POST", "/playground/api/say", body=command, headers={**as_json, **token})
    assert status == 403  # no Origin at all is not the page's origin either
    own = page_headers(playground)
    status, answer = await raw(
        playground, "POST", "/playground/api/say", body=command, headers={**own, "Content-Type": "text/plain"}
    )
    assert status == 415 and "application/json" in answer
    await nothing_happened(playground)
    assert posts(playground) == []


async def test_a_rebound_host_reads_no_state_and_no_page(playground: Playground):
    await confirmation_of_scale(playground)
    rebound = {"Host": f"evil.example:{playground.port}"}
    status, answer = await raw(playground, "GET", "/playground/api/state?since=-1&wait=0", headers=rebound)
    assert status == 421 and "confirm" not in answer and "messages" not in answer
    status, answer = await raw(
        playground, "GET", "/playground/api/state?since=-1&wait=0", headers={**rebound, **page_headers(playground)}
    )
    assert status == 421 and "confirm" not in answer
    status, answer = await raw(playground, "GET", "/playground", headers=rebound)
    assert status == 421 and playground.page is not None and playground.page.token not in answer
    # Without the page's token, even the right Host reads nothing.
    assert (await raw(playground, "GET", "/playground/api/state?since=-1&wait=0"))[0] == 403
    # Nor does a rebound name read the bot's own server (readiness, metrics).
    for path in ("/readyz", "/metrics"):
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{playground.bot_url}{path}", headers={"Host": f"evil.example:{playground.bot_port}"}) as answer,
        ):
            assert answer.status == 421 and "cluster" not in await answer.text()


async def test_the_served_page_alone_carries_the_token(playground: Playground):
    status, page = await raw(playground, "GET", "/playground")
    assert status == 200 and playground.page is not None
    assert f'content="{playground.page.token}"' in page and len(playground.page.token) >= 40
    async with aiohttp.ClientSession() as http, http.get(playground.url) as answer:
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["Cache-Control"] == "no-store"


async def test_a_cross_origin_click_on_confirm_rolls_nothing_out(playground: Playground):
    confirmation = await confirmation_of_scale(playground)
    shown, changed = len(playground.slack.shown(CHANNEL)), len(changes(playground))
    hooks_before = len(playground.slack.hooks)
    button = buttons(confirmation)["confirm"]
    click = json.dumps({"ts": confirmation["ts"], "action_id": "confirm", "block_id": button["block_id"]})
    attempts = [
        {"Content-Type": "text/plain", "Origin": EVIL},
        {"Content-Type": "application/json", "Origin": EVIL},
        {"Content-Type": "application/json", "Origin": EVIL, **{"X-Playground-Token": "guessed"}},
        {**page_headers(playground), "Content-Type": "application/json", "Host": f"evil.example:{playground.port}"},
    ]
    for headers in attempts:
        status, _ = await raw(playground, "POST", "/playground/api/click", body=click, headers=headers)
        assert status in (403, 421), headers
    await nothing_happened(playground, shown_before=shown, changes_before=changed)
    assert confirmation.get("edited") is None and len(playground.slack.hooks) == hooks_before


async def test_a_tampered_undo_value_is_refused_even_from_the_page(playground: Playground):
    confirmation = await confirmation_of_scale(playground)
    button = buttons(confirmation)["confirm"]
    await call(playground, "POST", "click", {"ts": confirmation["ts"], "action_id": "confirm",
                                              "block_id": button["block_id"]})  # fmt: skip
    await playground.slack.wait_for(lambda s: "undo" in buttons(confirmation), timeout=15)
    shown, changed = len(playground.slack.shown(CHANNEL)), len(changes(playground))
    hooks = len(playground.slack.hooks)
    undo = buttons(confirmation)["undo"]
    evil = json.dumps({"intent": "deploy", "app": "web", "namespace": "shop", "image": "evil.example/x:1"})
    body = {"ts": confirmation["ts"], "action_id": "undo", "block_id": undo["block_id"], "value": evil}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{playground.url}/api/click", json=body, headers=page_headers(playground)) as answer,
    ):
        assert answer.status == 400
    await nothing_happened(playground, shown_before=shown, changes_before=changed)
    assert len(playground.slack.hooks) == hooks
    assert "evil.example" not in json.dumps(playground.slack.shown(CHANNEL))


async def test_guessed_response_urls_take_no_post(playground: Playground):
    message = json.dumps({"text": "<!channel> deploy shop/web → evil.example/x:1", "response_type": "in_channel"})
    as_json = {"Content-Type": "application/json"}
    # What the counter made them before: /hooks/commands/T0ACME001/0000000000001/playground
    for guess in ("T0ACME001/0000000000001/playground", "T0ACME001/0000000000002/playground", "x"):
        status, _ = await raw(playground, "POST", f"/hooks/commands/{guess}", body=message, headers=as_json)
        assert status == 404
    # A real response_url, but posted from a browser (any Origin): not the bot's post.
    from playground.slack_api import HookContext

    hook = playground.slack.open_hook(HookContext(channel=CHANNEL, user="U0PLAYER1"))
    path = hook.removeprefix(f"http://127.0.0.1:{playground.port}")
    status, _ = await raw(playground, "POST", path, body=message, headers={**as_json, "Origin": EVIL})
    assert status == 403
    await nothing_happened(playground)
    assert playground.slack.hooks == []
    # The names handed out are not a counter: two in a row share nothing guessable.
    other = playground.slack.open_hook(HookContext(channel=CHANNEL, user="U0PLAYER1"))
    assert hook.rsplit("/", 1)[1] != other.rsplit("/", 1)[1] and len(hook.rsplit("/", 1)[1]) >= 32
    # The bot's own post (no Origin, JSON) to a handed-out URL is shown.
    assert (await raw(playground, "POST", path, body=message, headers=as_json))[0] == 200
    assert len(playground.slack.shown(CHANNEL)) == 1


async def test_the_stand_ins_the_bot_calls_take_no_browser_request(playground: Playground):
    silence = json.dumps({"matchers": [{"name": "alertname", "value": ".*", "isRegex": True}]})
    headers = {"Content-Type": "text/plain", "Origin": EVIL}
    status, _ = await raw(playground, "POST", "/playground/alertmanager/api/v2/silences", body=silence, headers=headers)
    assert status == 403 and playground.silences.silences == {}
    chat = json.dumps({"channel": CHANNEL, "text": "hi"})
    auth = {"Authorization": f"Bearer {playground.slack.token}", "Content-Type": "application/json", "Origin": EVIL}
    assert (await raw(playground, "POST", "/api/chat.postMessage", body=chat, headers=auth))[0] == 403
    await nothing_happened(playground)


async def test_hostile_json_from_the_page_itself_is_a_400_with_a_sentence(playground: Playground):
    own = {**page_headers(playground), "Content-Type": "application/json"}
    for body in ("[" * 20_000 + "]" * 20_000, '{"text": "/klepaas scale web 3"', "[1]", '{"text": "\\ud800"}'):
        for path in ("/playground/api/say", "/playground/api/click"):
            status, answer = await raw(playground, "POST", path, body=body, headers=own)
            assert status == 400 and answer.startswith("The body"), (path, body[:40], answer)
    await nothing_happened(playground)
    assert posts(playground) == []
