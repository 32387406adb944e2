"""An alert whose links Slack would refuse (or that forge mrkdwn) still arrives, without those link buttons."""

from __future__ import annotations

from tests.bot.alerting.conftest import (
    DEFAULT_CHANNEL,
    delivered,
    parent_of,
    pod_alert,
    post_webhook,
    unique_name,
    webhook,
)

HOSTILE = "https://evil.example/|<!channel>"


async def test_an_alert_with_hostile_links_is_posted_without_link_buttons(bots, alert_settings, fake_slack) -> None:
    bot = await bots.start(alert_settings())
    name = unique_name()
    alert = pod_alert("api-1", alertname=name, summary="Pod shop/api-1 is crash looping", runbook_url=HOSTILE)
    alert["generatorURL"] = HOSTILE
    payload = webhook(alert, alertname=name, commonAnnotations={"runbook_url": "https://ok.example/" + "x" * 3000})

    assert await post_webhook(bot, payload) == (200, {"status": "accepted"})
    await delivered(bot)

    _, parent = parent_of(fake_slack, DEFAULT_CHANNEL)  # the alert arrived
    buttons = [e for b in parent["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert not [b for b in buttons if "url" in b]
    assert {"ack", "silence:1h"} <= {b["action_id"] for b in buttons}  # the rest of the message stays
