"""Silence, Unsilence and Ack on alert threads, against a real Alertmanager."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.policy.rules import Policy
from bot.storage import AuditEntry
from tests.bot.alerting.conftest import (
    DEFAULT_CHANNEL,
    action_ids,
    button_value,
    delivered,
    parent_of,
    pod_alert,
    post_webhook,
    replies_to,
    threads_in,
    unique_name,
    webhook,
)
from tests.support.alertmanager import AlertmanagerServer, free_port, running_alertmanager


@pytest.fixture(scope="module")
def alertmanager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AlertmanagerServer]:
    """One Alertmanager for the module; its webhook goes nowhere (these tests post webhooks themselves)."""
    with running_alertmanager(tmp_path_factory.mktemp("am"), webhook_url=f"http://127.0.0.1:{free_port()}/void") as am:
        yield am


async def _thread(bots, alert_settings, fake_slack, alertmanager, policy=None):
    """A bot with one posted alert thread whose alerts also exist in Alertmanager."""
    bot = await bots.start(alert_settings(ALERTMANAGER_URL=alertmanager.url), policy=policy)
    name = unique_name()
    alertmanager.post_alerts([{"labels": {"alertname": name, "namespace": "shop", "pod": pod}} for pod in ("a", "b")])
    await post_webhook(bot, webhook(pod_alert("a", alertname=name), pod_alert("b", alertname=name), alertname=name))
    await delivered(bot)
    ts, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
    return bot, name, ts, button_value(parent, "ack")


async def _audits(bot) -> list[tuple[str, str, str]]:
    async with bot.clients.db.session() as session:
        rows = (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        return [(r.source, r.action, r.outcome) for r in rows]


async def _click(bot, fake_slack, action_id: str, value: str, user: str = "U0ALICE01") -> None:
    status, _ = await bot.sender.click(action_id, value, response_url=fake_slack.hook_url(), user=user)
    assert status == 200
    await bot.settle()


async def test_silence_creates_a_real_silence_and_unsilence_expires_it(bots, alert_settings, fake_slack, alertmanager):
    bot, name, ts, thread_id = await _thread(bots, alert_settings, fake_slack, alertmanager)
    await _click(bot, fake_slack, "silence:4h", thread_id)
    await delivered(bot)

    [silence] = [s for s in alertmanager.list_silences() if any(m["value"] == name for m in s["matchers"])]
    assert {(m["name"], m["value"], m["isRegex"]) for m in silence["matchers"]} == {
        ("alertname", name, False),
        ("namespace", "shop", False),
    }
    assert silence["createdBy"] == "slack:u0alice01" and silence["status"]["state"] == "active"
    assert DEFAULT_CHANNEL in silence["comment"] and ts in silence["comment"] and thread_id in silence["comment"]
    ends = datetime.fromisoformat(silence["endsAt"].replace("Z", "+00:00"))
    assert timedelta(hours=3, minutes=58) < ends - datetime.now(UTC) <= timedelta(hours=4)
    for _ in range(50):  # Alertmanager marks alerts suppressed asynchronously
        states = {a["status"]["state"] for a in alertmanager.list_alerts(f'alertname="{name}"')}
        if states == {"suppressed"}:
            break
        await asyncio.sleep(0.1)
    assert states == {"suppressed"}
    _, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
    assert "unsilence" in action_ids(parent) and "silence:1h" not in action_ids(parent)
    assert "SILENCED" in json.dumps(parent["blocks"])
    [reply] = replies_to(fake_slack, DEFAULT_CHANNEL, ts)
    assert "silenced" in reply["text"]
    [record] = await threads_in(bot)
    assert record.record["silence_id"] == silence["id"] and record.record["silenced_by"] == "U0ALICE01"

    await _click(bot, fake_slack, "silence:1h", thread_id)  # already silenced: said politely, nothing new
    assert "already silenced" in fake_slack.hooks[-1].args["text"]
    assert len([s for s in alertmanager.list_silences() if any(m["value"] == name for m in s["matchers"])]) == 1

    await _click(bot, fake_slack, "unsilence", thread_id)
    await delivered(bot)
    assert alertmanager.get_silence(silence["id"])["status"]["state"] == "expired"
    _, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
    assert "silence:1h" in action_ids(parent) and "unsilence" not in action_ids(parent)
    assert (await threads_in(bot))[0].record["silence_id"] is None
    assert await _audits(bot) == [
        ("button", "silence:4h", "ok"),
        ("button", "silence:1h", "refused"),
        ("button", "unsilence", "ok"),
    ]


async def test_ack_edits_the_parent_once_and_a_second_ack_is_refused_politely(
    bots, alert_settings, fake_slack, alertmanager
):
    bot, _, ts, thread_id = await _thread(bots, alert_settings, fake_slack, alertmanager)
    await _click(bot, fake_slack, "ack", thread_id, user="U0BOB0001")
    await delivered(bot)
    _, parent = parent_of(fake_slack, DEFAULT_CHANNEL)
    assert "<@U0BOB0001>" in json.dumps(parent["blocks"]) and "ack" not in action_ids(parent)
    assert len(replies_to(fake_slack, DEFAULT_CHANNEL, ts)) == 1
    updates = len(fake_slack.called("chat.update"))

    await _click(bot, fake_slack, "ack", thread_id, user="U0ALICE01")
    await delivered(bot)
    assert "already acknowledged" in fake_slack.hooks[-1].args["text"]
    assert fake_slack.hooks[-1].args["response_type"] == "ephemeral"
    assert len(fake_slack.called("chat.update")) == updates
    assert (await threads_in(bot))[0].record["acked_by"] == "U0BOB0001"
    assert await _audits(bot) == [("button", "ack", "ok"), ("button", "ack", "refused")]


async def test_an_unknown_thread_gets_a_polite_notice_and_nothing_changes(
    bots, alert_settings, fake_slack, alertmanager
):
    bot, name, _, _ = await _thread(bots, alert_settings, fake_slack, alertmanager)
    before = [t.record for t in await threads_in(bot)]
    for action_id in ("ack", "silence:1h", "unsilence"):
        await _click(bot, fake_slack, action_id, "0123456789abcdef")
        assert "can't find this alert thread" in fake_slack.hooks[-1].args["text"]
    assert [t.record for t in await threads_in(bot)] == before
    assert fake_slack.called("chat.update") == []
    assert not [s for s in alertmanager.list_silences() if any(m["value"] == name for m in s["matchers"])]
    assert [a[2] for a in await _audits(bot)] == ["unknown_thread"] * 3


async def test_with_a_policy_file_only_role_members_may_ack(bots, alert_settings, fake_slack, alertmanager):
    only_bob = Policy.parse("roles: {oncall: {users: [U0BOB0001], allow: [restart]}}")
    bot, _, _, thread_id = await _thread(bots, alert_settings, fake_slack, alertmanager, policy=only_bob)
    await _click(bot, fake_slack, "ack", thread_id, user="U0ALICE01")
    assert "not allowed" in fake_slack.hooks[-1].args["text"]
    assert (await threads_in(bot))[0].record["acked_by"] is None
    await _click(bot, fake_slack, "ack", thread_id, user="U0BOB0001")
    assert (await threads_in(bot))[0].record["acked_by"] == "U0BOB0001"
    assert [a[2] for a in await _audits(bot)] == ["denied", "ok"]


async def test_link_buttons_are_acknowledged_and_change_nothing(bots, alert_settings, fake_slack, alertmanager):
    bot, _, _, _ = await _thread(bots, alert_settings, fake_slack, alertmanager)
    await _click(bot, fake_slack, "link:runbook", "")
    assert fake_slack.hooks == [] and await _audits(bot) == []
