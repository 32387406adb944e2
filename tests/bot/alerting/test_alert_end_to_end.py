"""End to end: a real Alertmanager posts to the running bot, the fake Slack shows the thread."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from playground.slack_api import free_port
from tests.bot.alerting.conftest import (
    DEFAULT_CHANNEL,
    TOKEN,
    button_value,
    delivered,
    messages_in,
    parent_of,
    replies_to,
    unique_name,
)
from tests.support.alertmanager import running_alertmanager

ROUTES = "routes:\n  - match: {namespace: payments}\n    channel: C0PAY0001\n"


def _alerts(name: str, namespace: str, pods: list[str], *, ended: bool = False) -> list[dict]:
    now = datetime.now(UTC)
    ends = now - timedelta(seconds=1) if ended else now + timedelta(minutes=10)
    return [
        {
            "labels": {"alertname": name, "namespace": namespace, "pod": pod, "severity": "warning"},
            "annotations": {"summary": f"{pod} is unhappy"},
            "startsAt": (now - timedelta(minutes=1)).isoformat(),
            "endsAt": ends.isoformat(),
        }
        for pod in pods
    ]


async def test_alertmanager_notifications_become_a_thread_that_resolves_and_silences(
    bots, alert_settings, fake_slack, tmp_path
):
    (tmp_path / "routes.yaml").write_text(ROUTES)
    port = free_port()
    with running_alertmanager(
        tmp_path / "am",
        webhook_url=f"http://127.0.0.1:{port}/alerts/alertmanager",
        bearer_token=TOKEN,
        group_wait="200ms",
        group_interval="1s",
    ) as am:
        bot = await bots.start(
            alert_settings(ALERTMANAGER_URL=am.url, KLEPAAS_ALERT_ROUTES=str(tmp_path / "routes.yaml")), port=port
        )
        name = unique_name("HighErrorRate")

        am.post_alerts(_alerts(name, "shop", ["a", "b"]))
        # NB: under load Alertmanager may flush the group before it has taken in both alerts; the parent
        # is then edited when the second notification comes. Either way: one parent, showing both.
        await fake_slack.wait_for(
            lambda s: any("2 firing" in json.dumps(m.get("blocks")) for m in messages_in(s, DEFAULT_CHANNEL)),
            timeout=10,
        )
        ts, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
        assert name in parent["text"] and "2 firing" in json.dumps(parent["blocks"])

        am.post_alerts(_alerts(name, "shop", ["a", "b", "c"]))
        await fake_slack.wait_for(lambda s: len(replies_to(s, DEFAULT_CHANNEL, ts)) == 1, timeout=10)
        assert "1 new firing" in replies_to(fake_slack, DEFAULT_CHANNEL, ts)[0]["text"]

        am.post_alerts(_alerts(name, "shop", ["a", "b", "c"], ended=True))
        await fake_slack.wait_for(lambda s: len(replies_to(s, DEFAULT_CHANNEL, ts)) == 2, timeout=10)
        await delivered(bot)
        assert "all resolved" in replies_to(fake_slack, DEFAULT_CHANNEL, ts)[1]["text"]
        _, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
        assert "RESOLVED" in json.dumps(parent["blocks"])
        assert len(messages_in(fake_slack, DEFAULT_CHANNEL)) == 3  # no second parent, no copies

        # a silenced group stops talking
        other = unique_name("QueueBacklog")
        am.post_alerts(_alerts(other, "payments", ["q1"]))
        await fake_slack.wait_for(lambda s: len(messages_in(s, "C0PAY0001")) == 1, timeout=10)
        pay_ts, pay_parent = parent_of(fake_slack, "C0PAY0001")
        status, _ = await bot.sender.click(
            "silence:1h",
            button_value(pay_parent, "silence:1h"),
            response_url=fake_slack.hook_url(),
            channel="C0PAY0001",
        )
        assert status == 200
        await fake_slack.wait_for(lambda s: len(replies_to(s, "C0PAY0001", pay_ts)) == 1, timeout=10)
        assert "silenced" in replies_to(fake_slack, "C0PAY0001", pay_ts)[0]["text"]
        am.post_alerts(_alerts(other, "payments", ["q1", "q2"]))
        await asyncio.sleep(3)  # three group_intervals: Alertmanager would have sent q2 by now
        assert len(messages_in(fake_slack, "C0PAY0001")) == 2
        assert {a["status"]["state"] for a in am.list_alerts(f'alertname="{other}"')} == {"suppressed"}
