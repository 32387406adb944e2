"""A trailing newline in a CI deploy's image or a GitHub head_sha is a 400 with nothing stored or sent;
an accepted deploy stores, audits and shows exactly the image the cluster got."""

from __future__ import annotations

import json

from bot.storage import AuditEntry
from bot.storage.change_models import DeploymentRecord
from bot.storage.deploy_models import DeployRun, WebhookDelivery
from tests.bot.deploying.conftest import CHANNEL, eventually, fixture, image_of, post_ci, post_github, rows, writes

BODY = {"app": "web", "namespace": "staging", "image": "nginx:1.27", "commit": "0123abc", "author": "alice"}
RULES = """
channel: "C0DEPLOYS"
deploys:
  - {repo: acme/web, events: [workflow_run], app: web, namespace: staging, image: "ghcr.io/acme/web:{sha}"}
"""


async def _nothing_stored_or_sent(bot, kmock, fake_slack) -> None:
    await bot.settle()
    assert await rows(bot, DeployRun) == [] and await rows(bot, WebhookDelivery) == []
    assert await rows(bot, AuditEntry) == [] and writes(kmock) == []
    assert fake_slack.calls == [] or all(c.method == "auth.test" for c in fake_slack.calls)


async def test_an_image_with_a_trailing_newline_is_refused(start, kmock, fake_slack, staging):
    bot = await start(rules=RULES)
    status, answer = await post_ci(bot, {**BODY, "image": "nginx:1.27\n"})
    assert status == 400 and answer["problems"][0].startswith("image:")
    status, answer = await post_ci(bot, {**BODY, "commit": "0123abc\n"})
    assert status == 400 and answer["problems"][0].startswith("commit:")
    await _nothing_stored_or_sent(bot, kmock, fake_slack)


async def test_a_head_sha_with_a_trailing_newline_is_refused(start, kmock, fake_slack, staging):
    bot = await start(rules=RULES)
    event = json.loads(fixture("workflow_run.completed"))
    event["workflow_run"]["head_sha"] = "0123abc\n"
    status, answer = await post_github(bot, "workflow_run", json.dumps(event).encode())
    assert status == 400 and any("head_sha" in p for p in answer["problems"])
    await _nothing_stored_or_sent(bot, kmock, fake_slack)


async def test_the_image_stored_audited_and_shown_is_the_image_applied(start, kmock, fake_slack, staging):
    bot = await start(rules=RULES)
    status, answer = await post_ci(bot, BODY)
    assert status == 202

    async def applied() -> bool:
        async with bot.clients.db.session() as session:
            return (await session.get(DeployRun, answer["deploy"])).state not in ("queued", "approving")

    await eventually(applied)
    await bot.settle()
    applied_image = image_of(kmock)
    (run,) = await rows(bot, DeployRun)
    (record,) = await rows(bot, DeploymentRecord)
    audited = {a.detail.get("image") for a in await rows(bot, AuditEntry) if a.action == "deploy"}
    shown = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)])
    assert applied_image == run.image == record.image_after == "nginx:1.27" and audited == {"nginx:1.27"}
    assert run.commit == "0123abc" and "`0123abc`" in shown  # the message names the build by its commit
