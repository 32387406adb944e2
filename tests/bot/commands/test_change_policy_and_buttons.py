"""Who may change what (the policy file), and buttons on alerts and results that start the same flow.

Why the emulator: every refusal is asserted as "no request reached the API", which only a server that
records each request can show. The allowed flows run on the real server in test_changes_on_a_real_server.py.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.policy.rules import Denial, Policy, PolicyError
from bot.storage import AuditEntry
from bot.storage.change_models import PendingChange
from intents import MUTATING, Intent
from playground.cluster import emulator, objects, pods, resources


def patches(kmock) -> list:
    return [r for r in kmock if r.method.value.upper() == "PATCH"]


async def answer(bot, fake_slack, text: str, **kwargs) -> dict:
    await bot.sender.slash(text, response_url=fake_slack.hook_url(), **kwargs)
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1)
    await bot.settle()
    return fake_slack.hooks[-1].args


async def audits(bot) -> list[tuple[str, str, str | None]]:
    async with bot.clients.db.session() as session:
        return [(a.action, a.outcome, a.target) for a in (await session.execute(select(AuditEntry))).scalars()]


async def test_without_a_policy_file_changes_are_refused(start, kmock, fake_slack, shop):
    bot = await start()
    reply = await answer(bot, fake_slack, "restart web")
    assert "read-only" in reply["text"] and "`KLEPAAS_POLICY`" in reply["text"]
    assert patches(kmock) == [] and fake_slack.posts() == []
    assert await audits(bot) == [("restart", "denied", "shop/web")]


async def test_a_user_in_no_role_is_refused(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    reply = await answer(bot, fake_slack, "scale web 3", user="U0EVE0001")
    assert reply["text"].startswith("<@U0EVE0001> is in no role of the policy file")
    assert patches(kmock) == []


async def test_an_intent_the_role_does_not_allow_is_refused(start, kmock, fake_slack, shop, policy):
    objects.deployment(kmock, "web", "staging")
    bot = await start(policy)
    reply = await answer(bot, fake_slack, "restart web -n staging", user="U0BOB0001")
    assert "roles (deployers) don't allow `restart`" in reply["text"]
    assert patches(kmock) == []


async def test_a_namespace_outside_the_role_is_refused(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    reply = await answer(bot, fake_slack, "deploy web nginx:1.27", user="U0BOB0001")
    assert "allow `deploy`, but not in namespace `shop`" in reply["text"]
    assert patches(kmock) == []
    assert await audits(bot) == [("deploy", "denied", "shop/web")]


async def test_a_role_allows_its_intent_in_its_namespace(start, kmock, fake_slack, shop, policy):
    objects.deployment(kmock, "web", "staging")
    bot = await start(policy)
    await bot.sender.slash("deploy web nginx:1.27 -n staging", response_url=fake_slack.hook_url(), user="U0BOB0001")
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    await bot.settle()
    (dry_run,) = patches(kmock)
    assert (
        dry_run.url.path == "/apis/apps/v1/namespaces/staging/deployments/web" and dry_run.url.query["dryRun"] == "All"
    )


async def test_a_refused_dry_run_is_reported_before_anyone_clicks(start, kmock, fake_slack, shop, policy):
    import kmock as kmocklib

    kmock["patch", kmocklib.resource(resources.DEPLOYMENTS), kmocklib.subresource("scale")] << emulator.forbidden(
        "patch", "deployments/scale", "shop", name="web"
    )
    bot = await start(policy)
    reply = await answer(bot, fake_slack, "scale web 4")
    assert "may not `patch` `deployments/scale` (apps) in namespace `shop`" in reply["text"]
    assert fake_slack.posts() == []
    async with bot.clients.db.session() as session:
        assert (await session.execute(select(PendingChange))).scalars().all() == []


async def test_an_alert_restart_button_asks_for_confirmation(start, kmock, fake_slack, policy):
    objects.namespace(kmock, "shop")
    objects.deployment(kmock, "api", "shop")
    bot = await start(policy)
    alert = {
        "type": "message",
        "ts": "1732240000.000200",
        "text": "[FIRING] KubePodCrashLooping shop/api",
        "blocks": [],
    }
    await bot.sender.click("restart", "shop/api", response_url=fake_slack.hook_url(), message=alert)
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    await bot.settle()
    (confirm,) = fake_slack.posts()
    assert confirm["text"] == "Confirm restart shop/api"
    (dry_run,) = patches(kmock)
    assert dry_run.url.path == "/apis/apps/v1/namespaces/shop/deployments/api" and dry_run.url.query["dryRun"] == "All"
    assert ("restart", "confirm_requested", "shop/api") in await audits(bot)


async def test_a_rollback_button_with_a_revision_asks_to_roll_back_to_it(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await bot.sender.click("rollback", "shop/web:1", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    await bot.settle()
    assert fake_slack.posts()[0]["text"].endswith("Revision: 3 → 1")


async def test_a_logs_button_runs_the_logs_query(start, kmock, fake_slack, shop, policy):
    seeded = [obj.raw for (r, ns, _), obj in kmock.objects.items() if r.plural == "pods"]
    for pod in seeded:
        pods.logs(kmock, pod, "ready to serve\n")
    bot = await start(policy)
    await bot.sender.click("logs", "shop/web", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    assert "ready to serve" in json.dumps(fake_slack.hooks[0].args["blocks"])


async def test_a_forged_button_value_is_refused(start, kmock, fake_slack, shop, policy):
    bot = await start(policy)
    await bot.sender.click("restart", "shop/web; rm -rf /", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    assert "couldn't read this button" in fake_slack.hooks[0].args["text"]
    assert patches(kmock) == []


def test_a_bad_policy_file_names_the_field(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("roles:\n  ops:\n    users: [alice]\n    allow: [restart]\n")
    with pytest.raises(PolicyError, match=r"`roles\.ops\.users` is not valid: .*'alice' is not a Slack user ID"):
        Policy.load(path)
    path.write_text("roles:\n  ops:\n    users: [U0A]\n    allow: [delete]\n")
    with pytest.raises(PolicyError, match=r"`roles\.ops\.allow\.0`"):
        Policy.load(path)


def test_the_policy_knows_every_mutating_intent_and_alert_operators():
    policy = Policy.parse("roles: {ops: {users: [U0A], allow: [restart, scale, rollback, deploy]}}")
    assert all(policy.may("U0A", intent, "any").allowed for intent in MUTATING)
    assert policy.may("U0B", Intent.RESTART, "any").reason is Denial.NOT_IN_ROLE
    assert policy.may_operate_alerts("U0A") and not policy.may_operate_alerts("U0B")
    assert Policy.read_only().may("U0A", Intent.STATUS, "any").allowed
