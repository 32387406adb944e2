"""`approval: required`: nothing changes until an allowed person approves; Reject and expiry change nothing.

Why the emulator: "nothing changed until the approval" is asserted as no PATCH sent, which only a
recording server shows. A CI deploy on the real server: test_ci_deploys_on_a_real_server.py.
"""

from __future__ import annotations

import asyncio
import json

from bot.storage import AuditEntry
from bot.storage.deploy_models import DeployRun
from tests.bot.deploying.conftest import CHANNEL, buttons, eventually, fixture, image_of, post_github, rows, writes


async def _release(bot):
    status, answer = await post_github(bot, "release", fixture("release.published"))
    assert status == 202
    run_id = answer["deploys"][0]

    async def waiting() -> bool:
        async with bot.clients.db.session() as session:
            run = await session.get(DeployRun, run_id)
        return run is not None and run.state == "awaiting_approval" and run.message_ts is not None

    await eventually(waiting)
    async with bot.clients.db.session() as session:
        return await session.get(DeployRun, run_id)


async def _state(bot, run_id: str) -> str:
    async with bot.clients.db.session() as session:
        return (await session.get(DeployRun, run_id)).state


async def _click(bot, fake_slack, action: str, run, user: str) -> None:
    await bot.sender.click(
        action, run.id, response_url=fake_slack.hook_url(), user=user, channel=CHANNEL, message_ts=run.message_ts
    )
    await bot.settle()


async def test_nothing_changes_until_an_allowed_person_who_is_not_the_author_approves(
    start, kmock, fake_slack, staging, controller
):
    bot = await start()
    controller()
    run = await _release(bot)
    asking = fake_slack.messages[(CHANNEL, run.message_ts)]
    assert [(b["action_id"], b["value"]) for b in buttons(asking)] == [("approve", run.id), ("reject", run.id)]
    assert "needs an approval" in json.dumps(asking["blocks"]) and "two_person" in json.dumps(asking["blocks"])
    assert writes(kmock) == [] and image_of(kmock) == "nginx:1.25"

    await _click(bot, fake_slack, "approve", run, "U0CAROL01")  # in no role
    await _click(bot, fake_slack, "approve", run, "U0ALICE01")  # allowed, but the author (two_person)
    assert writes(kmock) == [] and await _state(bot, run.id) == "awaiting_approval"
    ephemerals = [c.args["text"] for c in fake_slack.called("chat.postEphemeral")]
    assert any("someone else must approve" in t for t in ephemerals)

    await _click(bot, fake_slack, "approve", run, "U0BOB0001")  # may deploy in staging, not the author
    await eventually(lambda: _settled(bot, run.id))
    assert image_of(kmock) == "ghcr.io/acme/web:v1.4.2" and len(writes(kmock)) == 1
    final = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])
    assert "succeeded in" in final and "Approved by" in final
    audit = [(a.user_id, a.action, a.outcome) for a in await rows(bot, AuditEntry)]
    assert ("U0CAROL01", "approve", "denied") in audit and ("U0ALICE01", "approve", "denied") in audit
    assert ("U0BOB0001", "approve", "ok") in audit and ("ci:release", "deploy", "ok") in audit


async def _settled(bot, run_id: str) -> bool:
    return await _state(bot, run_id) == "succeeded"


async def test_reject_leaves_the_deployment_untouched(start, kmock, fake_slack, staging):
    bot = await start()
    run = await _release(bot)
    await _click(bot, fake_slack, "reject", run, "U0BOB0001")
    await _click(bot, fake_slack, "approve", run, "U0BOB0001")  # too late: already decided
    assert await _state(bot, run.id) == "rejected"
    assert writes(kmock) == [] and image_of(kmock) == "nginx:1.25"
    final = fake_slack.messages[(CHANNEL, run.message_ts)]
    assert "rejected by" in json.dumps(final["blocks"]) and buttons(final) == []


async def test_an_expired_approval_leaves_the_deployment_untouched(start, kmock, fake_slack, staging):
    bot = await start(KLEPAAS_APPROVAL_TTL=1)
    run = await _release(bot)
    await asyncio.sleep(1.2)
    await eventually(lambda: _expired(bot, run.id), timeout=3)
    await _click(bot, fake_slack, "approve", run, "U0BOB0001")
    assert await _state(bot, run.id) == "expired"
    assert writes(kmock) == [] and image_of(kmock) == "nginx:1.25"
    assert "approval expired" in json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])


async def _expired(bot, run_id: str) -> bool:
    return await _state(bot, run_id) == "expired"


async def test_any_ci_deploying_where_a_rule_asks_for_approval_asks_for_it_too(start, kmock, fake_slack, staging):
    from tests.bot.deploying.conftest import post_ci

    bot = await start()
    status, answer = await post_ci(bot, {"app": "web", "namespace": "staging", "image": "ghcr.io/acme/web:1.4.2"})
    assert status == 202

    async def waiting() -> bool:
        return await _state(bot, answer["deploy"]) == "awaiting_approval"

    await eventually(waiting)
    await bot.settle()
    assert writes(kmock) == []
