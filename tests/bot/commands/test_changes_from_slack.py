"""Changes typed in Slack: policy, dry run, confirmation, one apply per click, rollout result, history.

Why the emulator: these assert the exact requests (the dry-run query, one PATCH per click even for two
concurrent clicks, the JSON patch of a rollback), which only a recording server shows. The same flows end
to end, read back from a real API server, are in test_changes_on_a_real_server.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from sqlalchemy import select, update

from bot.storage import AuditEntry
from bot.storage.change_models import DeploymentRecord, PendingChange
from playground.cluster import controller, objects, pods, resources


def patches(kmock) -> list:
    return [r for r in kmock if r.method.value.upper() == "PATCH"]


def buttons(message: dict) -> list[dict]:
    blocks = message["blocks"] if isinstance(message["blocks"], list) else json.loads(message["blocks"])
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def request(bot, fake_slack, text: str, **kwargs) -> dict:
    await bot.sender.slash(text, response_url=fake_slack.hook_url(), **kwargs)
    await fake_slack.wait_for(lambda s: len(s.posts()) >= 1)
    await bot.settle()
    return fake_slack.posts()[-1]


async def rows(bot, model) -> list:
    async with bot.clients.db.session() as session:
        return list((await session.execute(select(model).order_by(model.id))).scalars())


async def test_scale_dry_runs_then_asks_for_confirmation(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    confirm = await request(bot, fake_slack, "scale web 5")
    (dry_run,) = patches(kmock)
    assert dry_run.url.path == "/apis/apps/v1/namespaces/shop/deployments/web/scale"
    assert dry_run.url.query["dryRun"] == "All" and dry_run.data == {"spec": {"replicas": 5}}
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["replicas"] == 2
    assert confirm["channel"] == "C0OPS0001"
    assert confirm["text"] == "Confirm scale shop/web; Replicas: 2 → 5"
    (pending,) = await rows(bot, PendingChange)
    assert [(b["action_id"], b["value"], b.get("style")) for b in buttons(confirm)] == [
        ("confirm", pending.id, "primary"),
        ("cancel", pending.id, None),
    ]
    assert (pending.state, pending.intent, pending.app, pending.namespace) == ("pending", "scale", "web", "shop")
    assert pending.message_ts is not None and fake_slack.hooks == []


async def test_confirm_applies_once_and_the_rollout_result_replaces_the_confirmation(
    start, kmock, fake_slack, shop, policy
):
    bot = await start(policy)
    await request(bot, fake_slack, "scale web 5")
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    dry_runs = [p for p in patches(kmock) if "dryRun" in p.url.query]
    assert len(dry_runs) == 2  # the plan shown, and the one made again at the click to check nothing moved
    applied = patches(kmock)[2]
    assert applied.url.path.endswith("/deployments/web/scale") and "dryRun" not in applied.url.query
    assert applied.data == {"spec": {"replicas": 5}}
    controller.roll(kmock, "web", "shop", outcome="complete")
    await bot.settle()
    final = fake_slack.messages[("C0OPS0001", pending.message_ts)]
    assert final["text"].startswith("scale shop/web:")
    assert ":white_check_mark: scale `shop/web` done: revision 3, image `nginx:1.25`" in json.dumps(final["blocks"])
    undo = '{"intent":"scale","app":"web","namespace":"shop","replicas":2}'  # back to 2, not "revision 3" again
    assert [(b["action_id"], b["value"]) for b in buttons(final)] == [("undo", undo), ("logs", "shop/web")]
    (record,) = await rows(bot, DeploymentRecord)
    assert (record.intent, record.app, record.namespace, record.user_id, record.outcome) == (
        "scale",
        "web",
        "shop",
        "U0ALICE01",
        "succeeded",
    )
    assert (record.replicas_before, record.replicas_after, record.revision_before, record.revision_after) == (
        2,
        5,
        3,
        3,
    )
    audit = [(a.action, a.outcome) for a in await rows(bot, AuditEntry)]
    assert audit == [("scale", "confirm_requested"), ("confirm", "ok")]
    assert len(patches(kmock)) == 3


async def test_two_concurrent_confirm_clicks_patch_once(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "deploy web nginx:1.27")
    (pending,) = await rows(bot, PendingChange)
    await asyncio.gather(
        *(
            bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
            for _ in range(2)
        )
    )
    await fake_slack.wait_for(lambda s: len(s.called("chat.postEphemeral")) >= 1)
    applied = [p for p in patches(kmock) if "dryRun" not in p.url.query]
    assert len(applied) == 1
    assert applied[0].data == {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}}
    (late,) = fake_slack.called("chat.postEphemeral")
    assert late.args["text"] in (  # the other click is being applied, or is applied already
        "<@U0ALICE01> just confirmed this and it is being applied now. The result will show in the message above.",
        "Already done by <@U0ALICE01>. The result is in the message above.",
    )
    controller.roll(kmock, "web", "shop")
    await bot.settle()
    outcomes = sorted(a.outcome for a in await rows(bot, AuditEntry) if a.action == "confirm")
    assert outcomes in (["applying", "ok"], ["duplicate", "ok"])


async def test_an_unauthorised_clicker_changes_nothing(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "restart web")
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click(
        "confirm", pending.id, response_url=fake_slack.hook_url(), user="U0MALLORY", message_ts=pending.message_ts
    )
    await fake_slack.wait_for(lambda s: len(s.called("chat.postEphemeral")) >= 1)
    await bot.settle()
    (told,) = fake_slack.called("chat.postEphemeral")
    assert told.args["user"] == "U0MALLORY" and "is in no role of the policy file" in told.args["text"]
    assert len(patches(kmock)) == 1  # the dry run only
    (still,) = await rows(bot, PendingChange)
    assert still.state == "pending"
    assert ("confirm", "denied", "U0MALLORY") in [(a.action, a.outcome, a.user_id) for a in await rows(bot, AuditEntry)]


async def test_cancel_marks_the_change_cancelled_and_edits_the_message(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "restart web")
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("cancel", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    await bot.settle()
    assert fake_slack.messages[("C0OPS0001", pending.message_ts)]["text"].startswith("Cancelled by <@U0ALICE01>")
    (cancelled,) = await rows(bot, PendingChange)
    assert (cancelled.state, cancelled.decided_by) == ("cancelled", "U0ALICE01")
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.postEphemeral")) >= 1)
    assert "already cancelled" in fake_slack.called("chat.postEphemeral")[0].args["text"]
    assert len(patches(kmock)) == 1


async def test_an_expired_confirmation_is_refused(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "restart web")
    (pending,) = await rows(bot, PendingChange)
    async with bot.clients.db.session() as session:
        await session.execute(
            update(PendingChange).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.postEphemeral")) >= 1)
    await bot.settle()
    assert fake_slack.called("chat.postEphemeral")[0].args["text"] == (
        "This confirmation expired. Run the command again to get a new one."
    )
    assert len(patches(kmock)) == 1
    (expired,) = await rows(bot, PendingChange)
    assert expired.state == "expired"


async def test_rollback_to_the_previous_revision_sends_a_json_patch(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    confirm = await request(bot, fake_slack, "rollback web")
    assert [(b["action_id"], b.get("style")) for b in buttons(confirm)] == [("confirm", "danger"), ("cancel", None)]
    assert confirm["text"] == "Confirm rollback shop/web; Image (web): nginx:1.25 → nginx:1.24; Revision: 3 → 2"
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    applied = [p for p in patches(kmock) if "dryRun" not in p.url.query]
    assert len(applied) == 1 and "json-patch" in applied[0].headers["Content-Type"]
    ops = applied[0].data
    assert [(op["op"], op["path"]) for op in ops] == [
        ("replace", "/spec/template"),
        ("replace", "/metadata/annotations"),
    ]
    assert ops[0]["value"]["spec"]["containers"][0]["image"] == "nginx:1.24"
    controller.roll(kmock, "web", "shop")
    await bot.settle()
    (record,) = await rows(bot, DeploymentRecord)
    assert (record.intent, record.revision_before, record.revision_after, record.image_after, record.outcome) == (
        "rollback",
        3,
        4,
        "nginx:1.24",
        "succeeded",
    )


async def test_rollback_to_a_given_revision(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    confirm = await request(bot, fake_slack, "rollback web --to 1")
    assert confirm["text"] == "Confirm rollback shop/web; Image (web): nginx:1.25 → nginx:1.23; Revision: 3 → 1"
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    (applied,) = [p for p in patches(kmock) if "dryRun" not in p.url.query]
    assert applied.data[0]["value"]["spec"]["containers"][0]["image"] == "nginx:1.23"
    controller.roll(kmock, "web", "shop")
    await bot.settle()


async def test_a_failed_rollout_names_the_deadline(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await request(bot, fake_slack, "deploy web nginx:9.9")
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    controller.roll(kmock, "web", "shop", outcome="progressing")
    new_rs = objects.current_replica_set(kmock, kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw)
    pods.pod(
        kmock,
        f"{new_rs['metadata']['name']}-bad",
        "shop",
        labels=new_rs["spec"]["template"]["metadata"]["labels"],
        containers=[{"name": "web", "image": "nginx:9.9"}],
        state="imagepull",
        owner=new_rs,
    )
    controller.roll(kmock, "web", "shop", outcome="failed")
    await bot.settle()
    final = json.dumps(fake_slack.messages[("C0OPS0001", pending.message_ts)]["blocks"])
    # NB: cluster.follow ends at the Deployment's own verdict; pods are named when they fail first or at the timeout.
    assert "failed: ProgressDeadlineExceeded" in final
    (record,) = await rows(bot, DeploymentRecord)
    assert (record.outcome, record.image_before, record.image_after) == ("failed", "nginx:1.25", "nginx:9.9")


async def test_a_rollout_that_never_finishes_times_out(start, kmock, fake_slack, shop, policy):
    bot = await start(policy, KLEPAAS_ROLLOUT_TIMEOUT=1)
    await request(bot, fake_slack, "restart web")
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await bot.settle()
    assert "is still not done after" in json.dumps(fake_slack.messages[("C0OPS0001", pending.message_ts)]["blocks"])
    (record,) = await rows(bot, DeploymentRecord)
    assert record.outcome == "timed_out"
    restart = [p for p in patches(kmock) if "dryRun" not in p.url.query][0]
    assert "kubectl.kubernetes.io/restartedAt" in restart.data["spec"]["template"]["metadata"]["annotations"]
