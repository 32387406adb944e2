"""Housekeeping on the leader: lapsed confirmations say "expired", old rows go, only the leader acts.

Why the emulator: housekeeping only reads and writes the database; the cluster is the commands suite's
fixture (a confirmation needs a dry run first).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from bot.app.singletons import build_housekeeping
from bot.storage import AuditEntry
from bot.storage.change_models import PendingChange
from tests.bot.commands.test_changes_from_slack import request, rows


async def test_a_lapsed_confirmation_is_marked_expired_and_its_message_says_so(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "scale web 5")
    (change,) = await rows(bot, PendingChange)
    async with bot.clients.db.session() as session:
        await session.execute(
            update(PendingChange).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    keeper = build_housekeeping(bot.clients, bot.features, leading=lambda: True)
    assert await keeper.expire_confirmations() == 1
    assert await keeper.expire_confirmations() == 0  # once
    (change,) = await rows(bot, PendingChange)
    assert change.state == "expired"
    message = fake_slack.messages[("C0OPS0001", change.message_ts)]
    assert "The confirmation for scale `shop/web` expired; nothing was changed." in str(message["blocks"])
    assert all(b["type"] != "actions" for b in message["blocks"])  # no buttons left


async def test_rows_older_than_the_retention_go_and_newer_ones_stay(start, kmock, fake_slack, shop, policy):
    bot = await start(policy, KLEPAAS_RETENTION_DAYS=90)
    await request(bot, fake_slack, "scale web 5")
    async with bot.clients.db.session() as session:
        session.add(
            AuditEntry(
                user_id="U1",
                source="slash",
                action="status",
                outcome="ok",
                at=dt.datetime.now(dt.UTC) - dt.timedelta(days=91),
            )
        )
    assert len(await rows(bot, AuditEntry)) == 2
    assert await build_housekeeping(bot.clients, bot.features, leading=lambda: True).prune() >= 1
    (kept,) = await rows(bot, AuditEntry)
    assert kept.action == "scale"


async def test_jobs_do_nothing_on_a_replica_that_is_not_leader(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "scale web 5")
    async with bot.clients.db.session() as session:
        await session.execute(
            update(PendingChange).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    follower = build_housekeeping(bot.clients, bot.features, leading=lambda: False)
    await follower._as_leader(follower.expire_confirmations)()
    (change,) = await rows(bot, PendingChange)
    assert change.state == "pending"
