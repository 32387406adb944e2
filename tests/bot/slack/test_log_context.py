"""Every log line a request leads to, after the ack too, says who asked, in which team and channel."""

from __future__ import annotations

import structlog

from playground.signed_requests import slash_body


async def test_the_work_after_the_ack_logs_who_asked(bot, fake_slack) -> None:
    with structlog.testing.capture_logs(processors=[structlog.contextvars.merge_contextvars]) as events:
        status, _ = await bot.sender.send(
            slash_body("help", response_url=fake_slack.hook_url(), user="U0CAROL01", channel="C0LOGS001")
        )
        await bot.settle()
    assert status == 200
    parsed = [e for e in events if e["event"] == "command.parsed"]
    assert [(e["team"], e["user"], e["channel"]) for e in parsed] == [("T0ACME001", "U0CAROL01", "C0LOGS001")]
