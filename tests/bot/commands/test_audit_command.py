"""`/klepaas audit` for auditors, and `klepaas audit export` as JSON lines."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import insert

from bot.policy.rules import Policy
from bot.storage import AuditEntry
from intents import Intent, ProviderChain
from intents.builtin import BuiltinParser
from intents.builtin.reader import BuiltinReader
from tests.support.bot import make_clients, make_settings, start_bot

POLICY = """
roles:
  auditors:
    users: [U0AUDIT01]
  operators:
    users: [U0ALICE01]
    allow: [scale]
"""
NOW = dt.datetime.now(dt.UTC)


def entry(minutes_ago: int, user: str, action: str, target: str | None, outcome: str, **detail) -> dict:
    return {
        "at": NOW - dt.timedelta(minutes=minutes_ago),
        "team_id": "T0ACME001",
        "user_id": user,
        "channel_id": "C0OPS0001",
        "source": "slash",
        "action": action,
        "target": target,
        "outcome": outcome,
        "detail": detail or None,
    }


ROWS = [
    entry(300, "U0ALICE01", "scale", "shop/web", "ok"),
    entry(90, "U0ALICE01", "restart", "shop/web", "denied", identity="slack:alice@example.com"),
    entry(30, "U0BOB0001", "scale", "shop/api", "confirm_requested"),
    entry(10, "U0ALICE01", "deploy", "staging/web", "failed", identity="slack:alice@example.com"),
]


@pytest.fixture
async def bot(fake_slack, tmp_path):
    settings = make_settings(fake_slack, str(tmp_path / "klepaas.db"))
    clients = await make_clients(settings, policy=Policy.parse(POLICY))
    async with clients.db.session() as session:
        await session.execute(insert(AuditEntry), ROWS)
    fake_slack.users["U0ALICE01"] = {"id": "U0ALICE01", "name": "alice", "profile": {"display_name": "Alice"}}
    running = await start_bot(clients)
    yield running
    await running.stop()


async def audit(bot, fake_slack, text: str, user: str = "U0AUDIT01") -> dict:
    before = len(fake_slack.hooks)
    await bot.sender.slash(text, response_url=fake_slack.hook_url(), user=user)
    await bot.settle()
    await fake_slack.wait_for(lambda s: len(s.hooks) > before)
    return fake_slack.hooks[-1].args


def table(reply: dict) -> list[list[str]]:
    code = next(b["text"]["text"] for b in reply["blocks"] if b["type"] == "section" and "```" in b["text"]["text"])
    return [line.split() for line in code.strip("`").splitlines()[1:]]


async def test_audit_is_recognised_only_in_the_plain_syntax():
    chain = ProviderChain([BuiltinParser()], reader=BuiltinReader())
    assert (await chain.parse("audit web since 2h")).command.intent is Intent.AUDIT
    assert (await chain.parse("show me the audit of web")).command.intent is not Intent.AUDIT


async def test_an_auditor_sees_recent_attempts_newest_first_with_the_identity_used(bot, fake_slack):
    reply = await audit(bot, fake_slack, "audit")
    rows = table(reply)
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("U0ALICE01", "deploy", "staging/web", "failed", "slack:alice@example.com"),
        ("U0BOB0001", "scale", "shop/api", "confirm_requested", "serviceaccount"),
        ("U0ALICE01", "restart", "shop/web", "denied", "slack:alice@example.com"),
        ("U0ALICE01", "scale", "shop/web", "ok", "serviceaccount"),
    ]


async def test_filters_by_app_time_and_person_by_id_or_slack_name(bot, fake_slack):
    web = table(await audit(bot, fake_slack, "audit web since 2h"))
    assert [(r[3], r[4]) for r in web] == [("deploy", "staging/web"), ("restart", "shop/web")]
    alice = table(await audit(bot, fake_slack, "audit @alice"))
    assert {r[2] for r in alice} == {"U0ALICE01"} and len(alice) == 3
    assert len(table(await audit(bot, fake_slack, "audit @U0BOB0001"))) == 1
    nobody = await audit(bot, fake_slack, "audit @mallory since 1h")
    assert "No attempts match" in json.dumps(nobody["blocks"])


async def test_the_answer_is_in_the_persons_language_and_paged(bot, fake_slack):
    async with bot.clients.db.session() as session:
        await session.execute(
            insert(AuditEntry), [entry(5, "U0BOB0001", "status", f"shop/a{i}", "ok") for i in range(60)]
        )
    reply = await audit(bot, fake_slack, "audit 감사 1시간")
    shown = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "*감사 로그* · 최근 1시간" in shown
    assert "62건 중 20건을 보여요" in shown  # the 60 and two of the rows above


async def test_someone_outside_the_auditors_role_is_refused(bot, fake_slack):
    reply = await audit(bot, fake_slack, "audit", user="U0ALICE01")
    assert reply["text"].startswith("The audit log is for members of the policy file's `auditors` role.")


def test_export_writes_json_lines_since_the_span(tmp_path):
    import asyncio

    from bot.storage import Database

    url = f"sqlite+aiosqlite:///{tmp_path / 'k.db'}"

    async def seed() -> None:
        db = Database.connect(url)
        await db.upgrade()
        async with db.session() as session:
            await session.execute(insert(AuditEntry), ROWS)
        await db.close()

    asyncio.run(seed())
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KLEPAAS_"))}
    out = tmp_path / "audit.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "bot.app.cli", "audit", "export", "--since", "2h", "--output", str(out)],
        capture_output=True, text=True, timeout=60, env={**clean, "DATABASE_URL": url},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(x["user_id"], x["action"], x["outcome"], x["identity"]) for x in lines] == [
        ("U0ALICE01", "restart", "denied", "slack:alice@example.com"),
        ("U0BOB0001", "scale", "confirm_requested", "serviceaccount"),
        ("U0ALICE01", "deploy", "failed", "slack:alice@example.com"),
    ]
    assert dt.datetime.fromisoformat(lines[0]["at"]) >= NOW - dt.timedelta(hours=2)
    bad = subprocess.run(
        [sys.executable, "-m", "bot.app.cli", "audit", "export", "--since", "yesterday"],
        capture_output=True, text=True, timeout=60, env={**clean, "DATABASE_URL": url},
    )  # fmt: skip
    assert bad.returncode == 2 and "not a span" in bad.stderr


async def test_a_mention_names_the_person_as_slack_writes_it_and_the_bots_own_mention_names_no_one(bot, fake_slack):
    await bot.sender.mention("audit <@U0ALICE01> since 2h", user="U0AUDIT01")  # "<@U0BOT0001> audit <@U0ALICE01> …"
    await bot.settle()
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    rows = table(fake_slack.posts()[0])
    assert [(r[2], r[3]) for r in rows] == [("U0ALICE01", "deploy"), ("U0ALICE01", "restart")]
