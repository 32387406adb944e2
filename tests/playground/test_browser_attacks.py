"""The malicious page in a real browser (Debian's chromium): what its script can send is refused, nothing runs.

A page served from another origin runs the requests a browser lets any site make without asking
(`fetch` in `no-cors` mode: a simple POST with text/plain, a GET whose answer it cannot read); a
page left open from an earlier session (another token) is told to reload instead of acting.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from playground.session import Playground
from playground.slack_api import free_port
from tests.playground.test_browser import ARGS, CHROMIUM, _unavailable
from tests.playground.test_malicious_page import changes, nothing_happened, posts

ATTACK = """<!doctype html><html><body><script>
(async () => {
  const target = "http://127.0.0.1:%(port)d/playground/api/";
  const command = JSON.stringify({text: "/klepaas scale web 3"});
  const tries = [
    fetch(target + "say", {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: command}),
    fetch(target + "click", {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"},
                             body: JSON.stringify({ts: "1", action_id: "confirm", block_id: ""})}),
    fetch(target + "state?since=-1&wait=0", {mode: "no-cors"}),
  ];
  const settled = await Promise.allSettled(tries);
  document.title = "done:" + settled.map((s) => s.status).join(",");
})();
</script></body></html>"""


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    async with async_playwright() as driver:
        launched = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def evil_site(playground: Playground) -> AsyncIterator[str]:
    """Another origin on loopback whose page attacks the playground as soon as it loads."""

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=ATTACK % {"port": playground.port}, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://localhost:{port}/"
    await runner.cleanup()


async def test_a_page_from_another_origin_runs_nothing_in_the_browser(playground: Playground, browser, evil_site):
    tab = await browser.new_page()
    await tab.goto(evil_site)
    await tab.wait_for_function("document.title.startsWith('done:')", timeout=10_000)
    await nothing_happened(playground)
    assert posts(playground) == [] and changes(playground) == []


async def test_a_page_from_an_earlier_session_is_told_to_reload_and_acts_on_nothing(playground: Playground, browser):
    assert playground.page is not None
    token = playground.page.token

    async def earlier_session(route: Any) -> None:
        response = await route.fetch()
        await route.fulfill(response=response, body=(await response.text()).replace(token, "an-earlier-sessions-token"))

    tab = await browser.new_page()
    await tab.route("**/playground", earlier_session)
    await tab.goto(playground.url)
    await tab.locator("#notice", has_text="reload the page").wait_for(timeout=10_000)
    await tab.fill("#composer-input", "/klepaas scale web 3")
    await tab.press("#composer-input", "Enter")
    await nothing_happened(playground)
    assert posts(playground) == [] and json.dumps(playground.slack.shown("C0PLAYGRD")) == "[]"
