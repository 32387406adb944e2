"""
A Confirm click applies only what is still true: a moved Deployment is shown again, a dead holder's
change stays clickable.

Why the emulator: the Deployment is moved between the message and the click at an exact moment, and
the patches sent are counted (applied once, never twice), which only a recording server shows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from bot.storage.change_models import PendingChange, PendingState
from intents import Command, Intent
from playground.cluster import controller, resources
from tests.bot.commands.test_changes_from_slack import buttons, patches, request, rows


def applied(kmock) -> list:
    return [p for p in patches(kmock) if "dryRun" not in p.url.query]


async def test_a_deployment_changed_after_the_message_is_not_applied_blindly_but_shown_again(
    start, kmock, fake_slack, shop, policy
):
    bot = await start(policy)
    await request(bot, fake_slack, "scale web 5")
    (shown,) = await rows(bot, PendingChange)
    # Someone else scales web to 3 between the confirmation message and the click.
    await bot.clients.cluster.apply(Command(intent=Intent.SCALE, app="web", namespace="shop", replicas=3))
    assert len(applied(kmock)) == 1

    await bot.sender.click("confirm", shown.id, response_url=fake_slack.hook_url(), message_ts=shown.message_ts)
    await bot.settle()

    assert len(applied(kmock)) == 1  # only the other person's change: nothing applied blindly
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["replicas"] == 3
    old, new = await rows(bot, PendingChange)  # NB: ids are random; order by creation below
    old, new = sorted((old, new), key=lambda c: c.created_at)
    assert (old.state, new.state) == (PendingState.SUPERSEDED.value, PendingState.PENDING.value)
    message = fake_slack.messages[("C0OPS0001", shown.message_ts)]
    assert "changed after this was shown (replicas 2 → 3)" in str(message["blocks"])
    assert message["text"] == "Confirm scale shop/web; Replicas: 3 → 5"
    assert [(b["action_id"], b["value"]) for b in buttons(message)] == [("confirm", new.id), ("cancel", new.id)]

    await bot.sender.click("confirm", new.id, response_url=fake_slack.hook_url(), message_ts=shown.message_ts)
    await fake_slack.wait_for(lambda s: len(applied(kmock)) == 2)
    assert applied(kmock)[-1].data == {"spec": {"replicas": 5}}
    controller.roll(kmock, "web", "shop", outcome="complete")
    await bot.settle()


async def test_a_change_whose_holder_died_before_applying_stays_clickable_and_is_applied_once(
    start, kmock, fake_slack, shop, policy
):
    bot = await start(policy)
    await request(bot, fake_slack, "scale web 5")
    (change,) = await rows(bot, PendingChange)
    store = bot.features.pending
    dead = await store.confirm(change.id, user_id="U0ALICE01", owner="dead-replica", lease=dt.timedelta(0))
    assert dead.won  # a replica claimed it, then was killed before it applied anything

    await bot.sender.click("confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts)
    await fake_slack.wait_for(lambda s: len(applied(kmock)) == 1)
    controller.roll(kmock, "web", "shop", outcome="complete")
    await bot.settle()
    assert len(applied(kmock)) == 1
    (after,) = await rows(bot, PendingChange)
    assert after.state == PendingState.CONFIRMED.value
    assert ":white_check_mark: scale `shop/web` done" in str(fake_slack.messages[("C0OPS0001", change.message_ts)])


async def test_a_change_its_dead_holder_had_applied_is_reported_not_applied_again(
    start, kmock, fake_slack, shop, policy
):
    bot = await start(policy)
    await request(bot, fake_slack, "scale web 5")
    (change,) = await rows(bot, PendingChange)
    store = bot.features.pending
    await store.confirm(change.id, user_id="U0ALICE01", owner="dead-replica", lease=dt.timedelta(0))
    await bot.clients.cluster.apply(Command(intent=Intent.SCALE, app="web", namespace="shop", replicas=5))  # its apply
    controller.roll(kmock, "web", "shop", outcome="complete")

    await bot.sender.click("confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts)
    await bot.settle()
    assert len(applied(kmock)) == 1  # the dead holder's patch only
    assert ":white_check_mark: scale `shop/web` done" in str(fake_slack.messages[("C0OPS0001", change.message_ts)])


async def test_a_click_while_another_replica_applies_says_so_instead_of_done(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "scale web 5")
    (change,) = await rows(bot, PendingChange)
    await bot.features.pending.confirm(change.id, user_id="U0BOB0001", owner="other-replica")
    await bot.sender.click(
        "confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts, channel="C0OPS0001"
    )
    await bot.settle()
    (told,) = fake_slack.called("chat.postEphemeral")
    assert told.args["text"].startswith("<@U0BOB0001> just confirmed this and it is being applied now")
    assert applied(kmock) == []
    async with bot.clients.db.session() as session:  # tidy: the other replica "finished"
        await session.execute(update(PendingChange).values(state="confirmed"))
