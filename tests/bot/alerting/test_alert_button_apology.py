"""A click on an alert button that fails after the ack gets the clicker an apology with an error id."""

from __future__ import annotations

from bot.alerting.threads import AlertThreads


async def test_a_failure_after_an_alert_button_is_acked_gets_the_clicker_an_apology_with_an_error_id(
    bots, alert_settings, fake_slack, monkeypatch
):
    async def broken(self, thread_id, decide):
        raise RuntimeError("a bug in the thread store")

    monkeypatch.setattr(AlertThreads, "change", broken)
    bot = await bots.start(alert_settings())
    for action_id in ("ack", "silence:1h", "unsilence"):
        status, _ = await bot.sender.click(action_id, "0123456789abcdef", response_url=fake_slack.hook_url())
        await bot.settle()
        assert status == 200
    answers = [c.args["text"] for c in fake_slack.hooks]
    assert len(answers) == 3
    assert all(a.startswith("Something went wrong (error ") and "a bug" not in a for a in answers)
    assert len({a.split("(error ")[1] for a in answers}) == 3  # each failure has its own error id
