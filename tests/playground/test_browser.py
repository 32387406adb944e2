"""
The playground in a real browser: Debian's chromium driven by playwright (no browser download).

The tests type and click as a person would and read what the page draws. They also take the
README's screenshots: with KLEPAAS_SCREENSHOTS=1 they are written to docs/img/, otherwise to the
test's temporary directory. With CI set, a missing chromium fails the run instead of skipping.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from playground.session import Playground

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
# Read once here: the playground fixture clears KLEPAAS_* from the environment.
SCREENSHOTS = DOCS_IMG if os.environ.get("KLEPAAS_SCREENSHOTS") else None
WAIT_MS = 10_000


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: install Debian's chromium and the test extras)")
    pytest.skip(reason)


@pytest.fixture
async def page(playground: Playground, tmp_path: Path) -> AsyncIterator[Any]:
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = await browser.new_page(viewport={"width": 1000, "height": 620})
        tab.set_default_timeout(WAIT_MS)
        tab.on("dialog", lambda dialog: dialog.accept())  # Block Kit confirm dialogs
        await tab.goto(playground.url)
        await tab.locator("#cluster-label").filter(has_text="DEMO").wait_for()
        tab.shots = SCREENSHOTS or tmp_path
        yield tab
        await browser.close()


async def say(page: Any, text: str) -> None:
    await page.fill("#composer-input", text)
    await page.press("#composer-input", "Enter")


async def shoot(page: Any, name: str) -> None:
    page.shots.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(page.shots / f"{name}.png"))


async def test_scale_web_3_is_confirmed_rolls_out_and_offers_undo(page: Any):
    await say(page, "/klepaas scale web 3")
    confirmation = page.locator("article.message", has=page.locator("button.block-button.primary", has_text="Confirm"))
    await confirmation.wait_for()
    assert "2 → 3" in await confirmation.inner_text()
    await shoot(page, "playground-confirm")
    await confirmation.locator("button", has_text="Confirm").click()
    rolled = page.locator("article.message", has_text="successfully rolled out")
    await rolled.wait_for()
    assert await rolled.locator(".edited").count() == 1  # the confirmation was updated in place
    await shoot(page, "playground-rollout")
    undo = rolled.locator("button.block-button.danger", has_text="Undo")
    await undo.click()
    await page.locator("article.message", has_text="3 → 2").last.wait_for()  # a confirmation back to 2


async def test_korean_mention_is_answered_in_a_folded_thread(page: Any):
    await say(page, "@klepaas web 상태 알려줘")
    mention = page.locator("article.message.from-person", has_text="web 상태 알려줘")
    toggle = mention.locator(".thread-toggle", has_text="1 reply")
    await toggle.wait_for()
    assert await page.locator(".thread article.message").count() == 0  # folded, as in Slack
    await toggle.click()
    reply = mention.locator(".thread article.message.from-bot")
    await reply.wait_for()
    assert re.search("[\uac00-\ud7a3]", await reply.inner_text())
    await shoot(page, "playground-korean-thread")


async def test_a_test_alert_fires_updates_and_resolves_in_one_thread(page: Any):
    button = page.locator("#test-alert")
    for label in ("Send a test alert", "Update the test alert", "Resolve the test alert"):
        await page.locator("#test-alert", has_text=label).wait_for()
        await button.click()
    parent = page.locator("#messages > article.message", has_text="KubePodCrashLooping")
    await parent.locator(".thread-toggle", has_text="2 replies").wait_for()
    await parent.filter(has_text="RESOLVED").wait_for()
    assert await parent.count() == 1
    await parent.locator(".thread-toggle").click()
    await parent.locator(".thread article.message").nth(1).wait_for()
    await page.set_viewport_size({"width": 1000, "height": 900})
    await parent.evaluate("message => message.scrollIntoView({block: 'start'})")
    await shoot(page, "playground-alert-thread")


async def test_block_kit_is_drawn_as_slack_draws_it_and_stays_inert(page: Any, playground: Playground):
    from slack_sdk.web.async_client import AsyncWebClient

    def button(text: str, **extra: str) -> dict[str, Any]:
        return {"type": "button", "action_id": text.lower(), "value": "v", "text": {"type": "plain_text", "text": text},
                **extra}  # fmt: skip

    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Deploy report"}},
        {"type": "section",
         "text": {"type": "mrkdwn", "text": "*bold* and `code` and <https://example.com/x|a link> for <@U0PLAYER1> "
                                            "&lt;script&gt;alert(1)&lt;/script&gt; :white_check_mark:"},
         "fields": [{"type": "mrkdwn", "text": "*Image*\nnginx:1.27"}, {"type": "mrkdwn", "text": "*Replicas*\n3"}]},
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "requested by <@U0PLAYER1>"}]},
        {"type": "actions",
         "elements": [button("Go", style="primary"), button("Stop", style="danger"), button("Look")]},
    ]  # fmt: skip
    slack = AsyncWebClient(token=playground.slack.token, base_url=playground.slack.api_url)
    await slack.chat_postMessage(channel="C0PLAYGRD", text="Deploy report", blocks=blocks)
    message = page.locator("article.message", has_text="Deploy report")
    await message.wait_for()
    assert await message.locator(".block-header").inner_text() == "Deploy report"
    text = message.locator(".section-text")
    assert await text.locator("strong").first.inner_text() == "bold"
    assert await text.locator("code").inner_text() == "code"
    assert await text.locator("a").get_attribute("href") == "https://example.com/x"
    assert await text.locator("a").inner_text() == "a link"
    assert await text.locator(".mention").inner_text() == "@you"
    assert "<script>alert(1)</script>" in await text.inner_text() and await message.locator("script").count() == 0
    assert "\u2705" in await text.inner_text()
    assert await message.locator(".fields .field").count() == 2
    assert await message.locator("hr.block-divider").count() == 1
    assert await message.locator(".block-context").inner_text() == "requested by @you"
    assert await message.locator("button.block-button.primary").inner_text() == "Go"
    assert await message.locator("button.block-button.danger").inner_text() == "Stop"
    assert await message.locator("button.block-button").count() == 3
