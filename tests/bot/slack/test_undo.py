"""A tampered Undo value changes nothing.

Why the emulator: a tampered button value is asserted as no PATCH sent (no request recorded). Undo and
Rollback on real results, clicked and confirmed: tests/bot/commands/test_changes_on_a_real_server.py.
"""

from __future__ import annotations

from tests.bot.slack.test_refusals import POLICY


async def test_a_tampered_undo_value_changes_nothing(start, shop, kmock, fake_slack) -> None:
    bot = await start(POLICY)
    for value in ['{"intent":"restart","app":"web","namespace":"shop"}', '{"intent":"scale","app":"web"}',
                  '{"intent":"scale","app":"web","namespace":"shop","replicas":-1}', "shop/web:3", "{"]:  # fmt: skip
        await bot.sender.click("undo", value, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) == 5)
    await bot.clients.tasks.join(timeout=5)

    assert all("button" in hook.args["text"].lower() for hook in fake_slack.hooks)
    assert fake_slack.posts() == [] and [r for r in kmock if r.method.value.upper() == "PATCH"] == []
