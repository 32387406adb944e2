"""Outside deploys announced once across two replicas; any CI through /webhooks/deploy; `history`.

Why the emulator: two bot replicas and request counts (one PATCH, one announcement per revision across
replicas). One bot against a real API server: test_ci_deploys_on_a_real_server.py.
"""

from __future__ import annotations

import asyncio
import json

from kubernetes import client

from bot.storage.deploy_models import DeployAnnouncement, DeployRun
from tests.bot.deploying.conftest import CHANNEL, SHA, buttons, eventually, image_of, post_ci, rows, writes

# Without the release rule: its `approval: required` would apply to any CI's deploy of web to staging too.
NO_APPROVAL = """
channel: "C0DEPLOYS"
deploys:
  - {repo: acme/web, events: [workflow_run], app: web, namespace: staging, image: "ghcr.io/acme/web:{sha}"}
"""


def _kubectl_set_image(kmock, image: str) -> None:
    """What `kubectl set image deployment/web web=<image> -n staging` sends (fieldManager kubectl-set)."""
    configuration = client.Configuration(host=str(kmock.url).rstrip("/"))
    with client.ApiClient(configuration) as api:
        client.AppsV1Api(api).patch_namespaced_deployment(
            "web",
            "staging",
            {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": image}]}}}},
            field_manager="kubectl-set",
        )


async def test_a_set_image_outside_the_bot_is_announced_once_by_two_replicas(
    start, kmock, fake_slack, staging, controller
):
    watch = {"KLEPAAS_WATCH_NAMESPACES": "staging", "KLEPAAS_WATCH_POLL": 0.05, "db": "shared.db"}
    first = await start(**watch)
    second = await start(**watch)
    await asyncio.sleep(0.3)  # both have listed the namespace once: that is the baseline, nothing to announce
    controller()
    await asyncio.to_thread(_kubectl_set_image, kmock, "nginx:1.27")

    async def announced() -> bool:
        return any("rolled to" in json.dumps(p.get("blocks")) for p in fake_slack.posts(CHANNEL))

    await eventually(announced)
    await asyncio.sleep(0.5)  # both replicas have seen revision 4 by now
    await first.settle()
    await second.settle()
    posts = [p for p in fake_slack.posts(CHANNEL) if "rolled to" in json.dumps(p.get("blocks"))]
    assert len(posts) == 1
    text = json.dumps(posts[0]["blocks"])
    assert "*web* in `staging` rolled to `nginx:1.27` (revision 4) by kubectl-set" in text
    rollback = ("rollback:3", "staging/web:3")  # the revision it replaced
    assert [(b["action_id"], b["value"]) for b in buttons(posts[0])] == [rollback, ("logs", "staging/web")]
    (row,) = await rows(first, DeployAnnouncement)
    assert (row.app, row.namespace, row.revision, row.manager) == ("web", "staging", 4, "kubectl-set")


async def test_the_bots_own_deploy_is_not_announced_as_an_outside_one(start, kmock, fake_slack, staging, controller):
    bot = await start(rules=NO_APPROVAL, KLEPAAS_WATCH_NAMESPACES="staging", KLEPAAS_WATCH_POLL=0.05)
    await asyncio.sleep(0.2)
    controller()
    status, answer = await post_ci(bot, {"app": "web", "namespace": "staging", "image": "ghcr.io/acme/web:1.4.2"})
    assert status == 202

    async def done() -> bool:
        async with bot.clients.db.session() as session:
            return (await session.get(DeployRun, answer["deploy"])).state == "succeeded"

    await eventually(done)
    await asyncio.sleep(0.3)
    await bot.settle()
    assert not any("rolled to" in json.dumps(p.get("blocks")) for p in fake_slack.posts())
    assert await rows(bot, DeployAnnouncement) == []


async def test_any_ci_deploys_with_the_bearer_token_and_nothing_without_it(
    start, kmock, fake_slack, staging, controller
):
    bot = await start(rules=NO_APPROVAL)
    controller()
    body = {
        "app": "web",
        "namespace": "staging",
        "image": "ghcr.io/acme/web:1.4.2",
        "commit": SHA,
        "author": "alice",
        "url": "https://ci.example.com/pipelines/77",
        "message": "Fix checkout",
    }
    assert await post_ci(bot, body, token=None) == (401, {"error": "unauthorized"})
    assert await post_ci(bot, body, token="wrong") == (401, {"error": "unauthorized"})
    assert writes(kmock) == [] and await rows(bot, DeployRun) == []
    bad = await post_ci(bot, {**body, "image": "x; rm -rf /"})
    assert bad[0] == 400 and "image" in bad[1]["problems"][0]
    status, answer = await post_ci(bot, body)
    assert status == 202 and answer["deploy"].startswith("d")

    async def done() -> bool:
        async with bot.clients.db.session() as session:
            return (await session.get(DeployRun, answer["deploy"])).state == "succeeded"

    await eventually(done)
    await bot.settle()
    assert image_of(kmock) == "ghcr.io/acme/web:1.4.2"
    ((channel, ts),) = fake_slack.messages
    final = json.dumps(fake_slack.messages[(channel, ts)]["blocks"])
    assert channel == CHANNEL and "succeeded in" in final and "https://ci.example.com/pipelines/77" in final


async def test_a_deploy_outside_the_policys_namespaces_is_refused_and_audited(start, kmock, fake_slack, staging):
    bot = await start(policy="namespaces: [shop]\n")
    status, answer = await post_ci(bot, {"app": "web", "namespace": "staging", "image": "ghcr.io/acme/web:1.4.2"})
    assert status == 202

    async def refused() -> bool:
        async with bot.clients.db.session() as session:
            return (await session.get(DeployRun, answer["deploy"])).state == "refused"

    await eventually(refused)
    await bot.settle()
    assert writes(kmock) == []
    assert "not in the policy" in json.dumps(fake_slack.posts(CHANNEL)[0]["blocks"]) or any(
        "not in the policy" in json.dumps(c.args.get("blocks")) for c in fake_slack.called("chat.update")
    )


async def test_history_lists_revisions_with_a_roll_back_button_on_each_older_one(start, kmock, fake_slack, staging):
    bot = await start()
    await bot.sender.slash("history web -n staging", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1)
    await bot.settle()
    answer = fake_slack.hooks[-1].args
    text = json.dumps(answer["blocks"])
    assert "*staging/web*: last 3 revisions" in text
    assert "`nginx:1.25`" in text and "`nginx:1.23`" in text
    assert [(b["action_id"], b["value"]) for b in buttons(answer)] == [
        ("rollback:2", "staging/web:2"),
        ("rollback:1", "staging/web:1"),
    ]


async def test_history_names_who_made_each_revision(start, kmock, fake_slack, staging, controller):
    bot = await start(rules=NO_APPROVAL)
    controller()
    status, answer = await post_ci(
        bot, {"app": "web", "namespace": "staging", "image": "ghcr.io/acme/web:1.4.2", "author": "alice"}
    )

    async def done() -> bool:
        async with bot.clients.db.session() as session:
            return (await session.get(DeployRun, answer["deploy"])).state == "succeeded"

    await eventually(done)
    await bot.settle()
    await bot.sender.slash("history web -n staging", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1)
    await bot.settle()
    text = json.dumps(fake_slack.hooks[-1].args["blocks"])
    assert (
        "*4* (current) \\u00b7 `ghcr.io/acme/web:1.4.2`" in text or "*4* (current) · `ghcr.io/acme/web:1.4.2`" in text
    )
    assert "ci:ci" in text and "alice" in text
