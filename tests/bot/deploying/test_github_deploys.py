"""
GitHub deploys through HTTP: a signed workflow_run deploys the mapped image, with live progress and
Rollback on its result; forgeries change nothing.

Why the emulator: replays and redeliveries are asserted as exactly one PATCH, which only a recording
server shows. The same deploy end to end on a real API server: test_ci_deploys_on_a_real_server.py.
"""

from __future__ import annotations

import asyncio
import json
import re

import structlog
from sqlalchemy import select

from bot.messages.buttons import command_from_target
from bot.storage import AuditEntry
from bot.storage.change_models import DeploymentRecord, PendingChange
from bot.storage.deploy_models import DeployRun, WebhookDelivery
from intents import Command, Intent
from tests.bot.deploying.conftest import (
    CHANNEL,
    SHA,
    buttons,
    eventually,
    fixture,
    image_of,
    post_github,
    rows,
    writes,
)

# The Rollback of a deploy that replaced revision 3 (nginx:1.25): roll back to that revision.
ROLLBACK = ("rollback:3", "staging/web:3")


async def _run(bot, run_id: str) -> DeployRun:
    async with bot.clients.db.session() as session:
        return await session.get(DeployRun, run_id)


async def _finished(bot, run_id: str, *states: str) -> DeployRun:
    async def done() -> bool:
        run = await _run(bot, run_id)
        return run is not None and run.state in states

    await eventually(done)
    await bot.settle()
    return await _run(bot, run_id)


def _edits(fake_slack, ts: str) -> list[dict]:
    return [c.args for c in fake_slack.called("chat.update") if c.args.get("ts") == ts]


async def test_a_workflow_run_deploys_the_mapped_image_with_live_progress_and_a_rollback_that_restores_the_old_image(
    start, kmock, fake_slack, staging, controller
):
    bot = await start()
    controller()
    status, answer = await post_github(bot, "workflow_run", fixture("workflow_run.completed"))
    assert status == 202 and len(answer["deploys"]) == 1
    run = await _finished(bot, answer["deploys"][0], "succeeded")
    assert image_of(kmock) == f"ghcr.io/acme/web:{SHA}"
    (change,) = writes(kmock)
    assert change.url.query["fieldManager"] == "klepaas"

    # One message, posted once to the rule's channel and edited in place.
    (post,) = fake_slack.posts(CHANNEL)
    edits = _edits(fake_slack, run.message_ts)
    progress = [e["text"] for e in edits if "ready (" in json.dumps(e["blocks"])]
    assert len(progress) >= 2, [e["text"] for e in edits]
    # live: an edit made while the rollout was under way (which count it caught depends on the watch's turn)
    under_way = re.compile(r"\*web\* `3484a3f` → `staging`: [012]/3 ready \(")
    assert any(under_way.search(json.dumps(e["blocks"], ensure_ascii=False)) for e in edits), [e["text"] for e in edits]
    final = fake_slack.messages[(CHANNEL, run.message_ts)]
    text = json.dumps(final["blocks"], ensure_ascii=False)
    assert "succeeded in" in text and "revision 4" in text
    assert "Fix the checkout button" in text and "alice" in text
    assert "https://github.com/acme/web/actions/runs/289782451" in text
    assert f"https://github.com/acme/web/commit/{SHA}" in text
    assert [(b["action_id"], b["value"]) for b in buttons(final)] == [ROLLBACK, ("logs", "staging/web")]
    assert "Use Rollback below" in text
    assert command_from_target(Intent.ROLLBACK, ROLLBACK[1]) == Command(
        intent=Intent.ROLLBACK, app="web", namespace="staging", revision=3
    )

    # The same path as a typed deploy: deployment_history and the audit log with the CI identity.
    (record,) = await rows(bot, DeploymentRecord)
    assert (record.intent, record.app, record.namespace, record.user_id, record.outcome) == (
        "deploy",
        "web",
        "staging",
        "ci:workflow_run",
        "succeeded",
    )
    assert (record.image_before, record.image_after, record.revision_before, record.revision_after) == (
        "nginx:1.25",
        f"ghcr.io/acme/web:{SHA}",
        3,
        4,
    )
    audit = [(a.user_id, a.source, a.action, a.outcome, a.detail["actor"]) for a in await rows(bot, AuditEntry)]
    assert audit == [("ci:workflow_run", "webhook", "deploy", "ok", "ci:workflow_run:acme/web")]

    # Rollback on the result: a confirmation, then the previous image comes back.
    await bot.sender.click(*ROLLBACK, response_url=fake_slack.hook_url(), channel=CHANNEL, message_ts=run.message_ts)
    await eventually(lambda: _has_pending(bot))
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click(
        "confirm", pending.id, response_url=fake_slack.hook_url(), channel=CHANNEL, message_ts=pending.message_ts
    )
    await eventually(lambda: _image_is(kmock, "nginx:1.25"))
    await bot.settle()
    assert image_of(kmock) == "nginx:1.25"


async def _has_pending(bot) -> bool:
    return bool(await rows(bot, PendingChange))


async def _image_is(kmock, image: str) -> bool:
    return image_of(kmock) == image


async def test_a_forged_or_missing_signature_gets_401_and_changes_nothing(start, kmock, fake_slack, staging):
    bot = await start()
    body = fixture("workflow_run.completed")
    forged = await post_github(bot, "workflow_run", body, signature="sha256=" + "0" * 64)
    missing = await post_github(bot, "workflow_run", body, signature=None)
    wrong_secret = await post_github(bot, "workflow_run", body, secret="not the secret")
    assert [forged[0], missing[0], wrong_secret[0]] == [401, 401, 401]
    assert forged[1] == {"error": "unauthorized"}
    await bot.settle()
    assert writes(kmock) == [] and [r for r in kmock if r.method.value.upper() == "PATCH"] == []
    assert await rows(bot, DeployRun) == [] and await rows(bot, WebhookDelivery) == []
    assert await rows(bot, AuditEntry) == [] and fake_slack.posts() == []


async def test_a_repeated_delivery_id_deploys_once(start, kmock, fake_slack, staging, controller):
    bot = await start()
    controller()
    body = fixture("workflow_run.completed")
    first = await post_github(bot, "workflow_run", body, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    again = await post_github(bot, "workflow_run", body, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    assert first[0] == 202 and len(first[1]["deploys"]) == 1
    assert again == (200, {"duplicate": True, "deploys": []})
    await _finished(bot, first[1]["deploys"][0], "succeeded")
    assert len(await rows(bot, DeployRun)) == 1 and len(writes(kmock)) == 1


async def test_an_unmapped_repository_is_ignored_with_a_log_line(start, kmock, fake_slack, staging):
    bot = await start()
    body = json.loads(fixture("workflow_run.completed"))
    body["repository"]["full_name"] = "acme/other"
    with structlog.testing.capture_logs() as logs:
        status, answer = await post_github(bot, "workflow_run", json.dumps(body).encode(), delivery="d-unmapped")
    assert status == 202 and answer["deploys"] == []
    assert answer["ignored"] == ["no deploy rule for acme/other on workflow_run"]
    ignored = [e for e in logs if e["event"] == "deploys.github_ignored"]
    assert ignored and ignored[0]["repo"] == "acme/other" and ignored[0]["delivery"] == "d-unmapped"
    await bot.settle()
    assert writes(kmock) == [] and fake_slack.posts() == []
    (delivery,) = await rows(bot, WebhookDelivery)
    assert (delivery.delivery_id, delivery.outcome) == ("github:d-unmapped", "ignored")


async def test_ping_is_answered(start, staging):
    bot = await start()
    status, answer = await post_github(bot, "ping", fixture("ping"))
    assert status == 200 and answer == {"ok": True, "zen": "Keep it logically awesome."}


async def test_an_image_that_never_becomes_ready_fails_with_image_pull_back_off_and_offers_rollback_and_logs(
    start, kmock, fake_slack, staging, controller
):
    bot = await start(KLEPAAS_ROLLOUT_TIMEOUT=4)
    controller(never_ready={f"ghcr.io/acme/web:{SHA}"})
    status, answer = await post_github(bot, "workflow_run", fixture("workflow_run.completed"))
    assert status == 202
    run = await _finished(bot, answer["deploys"][0], "failed")
    final = fake_slack.messages[(CHANNEL, run.message_ts)]
    text = json.dumps(final["blocks"])
    assert "failed: ImagePullBackOff" in text
    assert [(b["action_id"], b["value"]) for b in buttons(final)] == [ROLLBACK, ("logs", "staging/web")]
    async with bot.clients.db.session() as session:
        record = (await session.execute(select(DeploymentRecord))).scalar_one()
    assert record.outcome == "failed"


async def test_a_newer_deploy_of_the_same_app_supersedes_the_running_ones_message(
    start, kmock, fake_slack, staging, controller
):
    bot = await start()
    controller(every=0.4)
    first = await post_github(bot, "workflow_run", fixture("workflow_run.completed"))
    newer = json.loads(fixture("workflow_run.completed"))
    newer["workflow_run"]["head_sha"] = "9f1c2d3e4b5a69788796a5b4c3d2e1f0a9b8c7d6"
    await eventually(lambda: _applied(bot, first[1]["deploys"][0]))
    second = await post_github(bot, "workflow_run", json.dumps(newer).encode())
    older = await _finished(bot, first[1]["deploys"][0], "superseded")
    latest = await _finished(bot, second[1]["deploys"][0], "succeeded")
    assert image_of(kmock) == "ghcr.io/acme/web:9f1c2d3e4b5a69788796a5b4c3d2e1f0a9b8c7d6"
    assert "superseded by a newer change" in json.dumps(fake_slack.messages[(CHANNEL, older.message_ts)]["blocks"])
    assert "succeeded in" in json.dumps(fake_slack.messages[(CHANNEL, latest.message_ts)]["blocks"])


async def _applied(bot, run_id: str) -> bool:
    run = await _run(bot, run_id)
    return run is not None and run.history_id is not None


async def test_a_redelivery_to_another_replica_deploys_once(start, kmock, fake_slack, staging, controller, redis_url):
    """Two replicas behind one Service share Redis and the database; GitHub's redelivery lands on the other one."""
    first = await start(db="shared.db", redis_url=redis_url)
    second = await start(db="shared.db", redis_url=redis_url)
    controller()
    body = fixture("workflow_run.completed")
    delivery = "9e0b5d7a-cc78-11e3-81ab-4c9367dc0958"
    answers = await asyncio.gather(
        post_github(first, "workflow_run", body, delivery=delivery),
        post_github(second, "workflow_run", body, delivery=delivery),
    )
    accepted = [a for status, a in answers if status == 202]
    assert len(accepted) == 1 and sorted(status for status, _ in answers) == [200, 202]
    await _finished(first, accepted[0]["deploys"][0], "succeeded")
    await second.settle()
    assert len(await rows(first, DeployRun)) == 1 and len(writes(kmock)) == 1
