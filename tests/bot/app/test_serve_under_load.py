"""
A real `klepaas serve` process under a burst: SIGTERM keeps every reply and record, SIGKILL loses no accepted alert.

Slack is the fake on loopback (playground/slack_api.py), Alertmanager's webhooks
are posted the way it posts them; the database is read after the process ended.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from playground.signed_requests import sign, slash_body
from playground.slack_api import SlackWebApi
from tests.support.serve_process import ServeProcesses

SECRET = "load-signing-secret"
ALERT_TOKEN = "load-alert-token"
CHANNEL = "C0LOAD001"


@pytest.fixture
async def serving() -> AsyncIterator[ServeProcesses]:
    processes = ServeProcesses()
    yield processes
    await processes.kill_all()


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def slack_variables(fake: SlackWebApi, **more: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": fake.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "KLEPAAS_LOG_LEVEL": "warning",
        **more,
    }


async def test_sigterm_right_after_450_commands_keeps_every_reply_and_every_audit_and_history_row(
    fake_slack: SlackWebApi, tmp_path: Path, serving: ServeProcesses
):
    bot = await serving.start(tmp_path, **slack_variables(fake_slack))
    gate = asyncio.Semaphore(50)
    async with aiohttp.ClientSession() as session:

        async def command(i: int) -> int:
            body = slash_body("help", response_url=fake_slack.hook_url(f"T0ACME001/{i:013d}/load"))
            headers = {**sign(SECRET, body), "Content-Type": "application/x-www-form-urlencoded"}
            async with gate, session.post(f"{bot.url}/slack/events", data=body.encode(), headers=headers) as answer:
                return answer.status

        statuses = await asyncio.gather(*(command(i) for i in range(450)))
    assert statuses == [200] * 450
    assert await bot.stop(signal.SIGTERM) == 0  # sent as soon as the last ack arrived
    db = tmp_path / "klepaas.db"
    assert rows(db, "SELECT count(*) FROM command_history WHERE intent = 'help'") == [(450,)]
    assert rows(db, "SELECT count(*) FROM audit_log WHERE action = 'help' AND outcome = 'ok'") == [(450,)]
    assert len(fake_slack.hooks) == 450  # no reply lost
    assert all("klepaas" in call.args["text"].lower() for call in fake_slack.hooks)


def alert_body(group: int) -> bytes:
    name = f"Load{group:04d}"
    alerts = [
        {
            "status": "firing",
            "labels": {"alertname": name, "namespace": "shop", "pod": f"p{i}"},
            "annotations": {"summary": f"pod p{i} is crash looping"},
            "startsAt": "2026-11-22T01:45:35Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example:9090/graph",
            "fingerprint": f"{group:08x}{i:08x}",
        }
        for i in range(3)
    ]
    return json.dumps(
        {
            "version": "4",
            "groupKey": f'{{}}:{{alertname="{name}"}}',
            "truncatedAlerts": 0,
            "status": "firing",
            "receiver": "klepaas",
            "groupLabels": {"alertname": name},
            "commonLabels": {"alertname": name},
            "commonAnnotations": {},
            "externalURL": "http://alertmanager.example:9093",
            "alerts": alerts,
        }
    ).encode()


async def test_every_notification_answered_200_before_a_sigkill_is_planned_after_the_restart(
    fake_slack: SlackWebApi, tmp_path: Path, serving: ServeProcesses
):
    variables = slack_variables(fake_slack, KLEPAAS_ALERTMANAGER_TOKEN=ALERT_TOKEN, SLACK_ALERT_CHANNEL_DEFAULT=CHANNEL)
    bot = await serving.start(tmp_path, **variables)
    accepted: list[int] = []
    headers = {"Authorization": f"Bearer {ALERT_TOKEN}", "Content-Type": "application/json"}
    gate = asyncio.Semaphore(20)
    async with aiohttp.ClientSession() as session:

        async def notify(group: int) -> None:
            async with gate:
                try:
                    async with session.post(
                        f"{bot.url}/alerts/alertmanager", data=alert_body(group), headers=headers
                    ) as answer:
                        if answer.status == 200 and (await answer.json())["status"] == "accepted":
                            accepted.append(group)
                except aiohttp.ClientError:
                    pass  # the process died under this request: Alertmanager would retry it
                if len(accepted) == 60:
                    bot.proc.send_signal(signal.SIGKILL)

        await asyncio.gather(*(notify(group) for group in range(200)))
    await bot.stop(signal.SIGKILL)
    assert 60 <= len(accepted) < 200  # killed in the middle of the burst

    again = await serving.start(tmp_path, **variables)
    expected = {f'{{}}:{{alertname="Load{group:04d}"}}' for group in accepted}
    db = tmp_path / "klepaas.db"

    def planned() -> set[str]:
        return {key for (key,) in rows(db, "SELECT group_key FROM alert_threads")}

    # NB: planned is what the inbox promises; posting is the outbox's, which after a SIGKILL may first
    # wait out the killed process's leases.
    async with asyncio.timeout(30):
        while not expected <= planned() or rows(db, "SELECT count(*) FROM alert_inbox") != [(0,)]:
            await asyncio.sleep(0.1)
    assert await again.stop(signal.SIGTERM) == 0
    queued = rows(db, "SELECT count(*) FROM alert_outbox WHERE kind = 'post_parent'")
    assert queued == [(len(planned()),)] and len(planned()) >= len(expected)
