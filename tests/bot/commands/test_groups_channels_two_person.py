"""The policy's Slack user groups, channel bindings and two-person namespaces, through Slack as people use it."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.policy.rules import Policy
from bot.storage import AuditEntry
from bot.storage.change_models import PendingChange
from playground.cluster import controller, objects, resources

POLICY = """
namespaces: [shop, staging]
roles:
  platform:
    groups: [S0PLATFORM]
    allow: [restart, scale, rollback, deploy]
namespace_rules:
  shop:
    change_from: [C0PRODOPS]
    two_person: true
"""


def patches(kmock) -> list:
    return [r for r in kmock if r.method.value.upper() == "PATCH"]


async def answer(bot, fake_slack, text: str, **kwargs) -> dict:
    before = len(fake_slack.hooks)
    await bot.sender.slash(text, response_url=fake_slack.hook_url(), **kwargs)
    await bot.settle()
    await fake_slack.wait_for(lambda s: len(s.hooks) > before or len(s.posts()) >= 1)
    return fake_slack.hooks[-1].args if len(fake_slack.hooks) > before else fake_slack.posts()[-1]


async def rows(bot, model) -> list:
    async with bot.clients.db.session() as session:
        return list((await session.execute(select(model).order_by(model.id))).scalars())


def members_changed(group: str) -> str:
    return json.dumps(
        {
            "token": "x",
            "team_id": "T0ACME001",
            "api_app_id": "A0K8SBOT1",
            "type": "event_callback",
            "event_id": f"Ev{group}",
            "event_time": 1732240000,
            "event": {
                "type": "subteam_members_changed",
                "subteam_id": group,
                "team_id": "T0ACME001",
                "date_previous_update": 1732230000,
                "date_update": 1732240000,
                "added_users": ["U0CAROL01"],
                "added_users_count": "1",
                "removed_users": ["U0ALICE01"],
                "removed_users_count": "1",
            },
        }
    )


async def test_a_role_names_a_user_group_and_a_membership_change_is_picked_up(start, kmock, fake_slack, shop):
    objects.deployment(kmock, "web", "staging")
    fake_slack.usergroups["S0PLATFORM"] = ["U0ALICE01", "U0BOB0001"]
    bot = await start(Policy.parse(POLICY))
    await answer(bot, fake_slack, "scale web 3 -n staging", user="U0ALICE01")
    assert len(fake_slack.posts()) == 1  # the confirmation: alice is in @platform
    refused = await answer(bot, fake_slack, "scale web 3 -n staging", user="U0CAROL01")
    assert "is in no role of the policy file" in refused["text"]

    fake_slack.usergroups["S0PLATFORM"] = ["U0BOB0001", "U0CAROL01"]
    status, _ = await bot.sender.send(members_changed("S0PLATFORM"), json_body=True)
    assert status == 200
    await bot.settle()
    await answer(bot, fake_slack, "scale web 4 -n staging", user="U0CAROL01")
    assert len(fake_slack.posts()) == 2
    gone = await answer(bot, fake_slack, "scale web 4 -n staging", user="U0ALICE01")
    assert "is in no role of the policy file" in gone["text"]
    asked = [c.args["usergroup"] for c in fake_slack.called("usergroups.users.list")]
    assert asked == ["S0PLATFORM", "S0PLATFORM"]  # at start, then once after the change: cached between


async def test_a_workspace_without_user_groups_is_explained_once_at_start(start, kmock, fake_slack, shop, capsys):
    fake_slack.usergroups_in_plan = False
    bot = await start(Policy.parse(POLICY))
    assert bot.clients.access.directory.unavailable == "plan_upgrade_required"
    refused = await answer(bot, fake_slack, "scale web 3 -n staging", user="U0ALICE01")
    assert "is in no role of the policy file" in refused["text"]
    assert len(fake_slack.called("usergroups.users.list")) == 1  # asked once, never again


async def test_changes_to_a_bound_namespace_come_only_from_its_channel_and_reads_from_anywhere(
    start, kmock, fake_slack, shop
):
    fake_slack.usergroups["S0PLATFORM"] = ["U0ALICE01"]
    bot = await start(Policy.parse(POLICY))
    for channel in ("C0OPS0001", "D0ALICEDM"):
        refused = await answer(bot, fake_slack, "scale web 3 -n shop", user="U0ALICE01", channel=channel)
        assert refused["text"].startswith("Changes to namespace `shop` are asked for only in <#C0PRODOPS>.")
    assert patches(kmock) == []
    status = await answer(bot, fake_slack, "status web -n shop", user="U0ALICE01", channel="D0ALICEDM")
    assert "shop/web" in status["text"] or "web" in status["text"]
    await answer(bot, fake_slack, "scale web 3 -n shop", user="U0ALICE01", channel="C0PRODOPS")
    assert [p["channel"] for p in fake_slack.posts()] == ["C0PRODOPS"]
    outcomes = [(a.channel_id, a.outcome) for a in await rows(bot, AuditEntry) if a.action == "scale"]
    assert outcomes == [("C0OPS0001", "denied"), ("D0ALICEDM", "denied"), ("C0PRODOPS", "confirm_requested")]


async def test_two_people_the_requesters_own_confirm_is_refused_and_a_second_person_applies_it(
    start, kmock, fake_slack, shop
):
    fake_slack.usergroups["S0PLATFORM"] = ["U0ALICE01", "U0BOB0001"]
    bot = await start(Policy.parse(POLICY))
    await answer(bot, fake_slack, "scale web 5 -n shop", user="U0ALICE01", channel="C0PRODOPS")
    (confirmation,) = fake_slack.posts()
    shown = json.dumps(confirmation["blocks"], ensure_ascii=False)
    assert "someone other than <@U0ALICE01> must confirm" in shown and "<!subteam^S0PLATFORM>" in shown
    assert "Requested by <@U0ALICE01>" in shown and "`2` → `5`" in shown
    (pending,) = await rows(bot, PendingChange)

    await bot.sender.click(
        "confirm", pending.id, response_url=fake_slack.hook_url(), user="U0ALICE01", channel="C0PRODOPS",
        message_ts=pending.message_ts,
    )  # fmt: skip
    await bot.settle()
    (told,) = fake_slack.called("chat.postEphemeral")
    assert told.args["user"] == "U0ALICE01" and "needs two people" in told.args["text"]
    assert [p for p in patches(kmock) if "dryRun" not in p.url.query] == []
    assert (await rows(bot, PendingChange))[0].state == "pending"

    await bot.sender.click(
        "confirm", pending.id, response_url=fake_slack.hook_url(), user="U0BOB0001", channel="C0PRODOPS",
        message_ts=pending.message_ts,
    )  # fmt: skip
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    controller.roll(kmock, "web", "shop", outcome="complete")
    await bot.settle()
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["replicas"] == 5
    confirms = [(a.user_id, a.outcome) for a in await rows(bot, AuditEntry) if a.action == "confirm"]
    assert confirms == [("U0ALICE01", "own_confirm"), ("U0BOB0001", "ok")]


async def test_a_tampered_button_value_changes_nothing(start, kmock, fake_slack, shop):
    fake_slack.usergroups["S0PLATFORM"] = ["U0BOB0001"]
    bot = await start(Policy.parse(POLICY))
    await answer(bot, fake_slack, "scale web 5 -n shop", user="U0BOB0001", channel="C0PRODOPS")
    (pending,) = await rows(bot, PendingChange)
    for value in (f'{pending.id}","groups":["S0PLATFORM"]', json.dumps({"id": pending.id, "groups": ["S0PLATFORM"]})):
        await bot.sender.click(
            "confirm", value, response_url=fake_slack.hook_url(), user="U0MALLORY", channel="C0PRODOPS",
            message_ts=pending.message_ts,
        )  # fmt: skip
        await bot.settle()
    assert [p for p in patches(kmock) if "dryRun" not in p.url.query] == []
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["replicas"] == 2
    assert (await rows(bot, PendingChange))[0].state == "pending"


async def test_a_role_may_name_a_user_group_by_its_handle(start, kmock, fake_slack, shop):
    objects.deployment(kmock, "web", "staging")
    fake_slack.usergroups.update({"S0PLATFORM": ["U0ALICE01"], "S0OTHERS1": ["U0BOB0001"]})
    fake_slack.usergroup_handles.update({"S0PLATFORM": "platform", "S0OTHERS1": "others"})
    bot = await start(Policy.parse(POLICY.replace("groups: [S0PLATFORM]", "groups: ['@platform']")))
    await answer(bot, fake_slack, "scale web 3 -n staging", user="U0ALICE01")
    assert len(fake_slack.posts()) == 1
    refused = await answer(bot, fake_slack, "scale web 3 -n staging", user="U0BOB0001")
    assert "is in no role of the policy file" in refused["text"]
    assert len(fake_slack.called("usergroups.list")) == 1  # the handle is looked up once, then cached
