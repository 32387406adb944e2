"""Commands that are not one app, one valid value and one usable namespace are refused with the reason.

A named namespace is never swapped for the default one; a value out of range, a target that
is not one app, or shell characters are never completed from the thread's memory. And the
plain syntax finds apps in the namespace it names, and apps created a moment ago.

Why the emulator: a refusal is asserted as "Kubernetes was not asked" (no request recorded).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.policy.rules import Policy
from bot.storage import AuditEntry
from playground.cluster import objects

POLICY = Policy.parse("""
namespaces: [shop, staging, team-b, ghost]
roles:
  operators:
    users: [U0ALICE01]
    allow: [restart, scale, rollback, deploy]
""")


def patches(kmock) -> list[Any]:
    return [r for r in kmock if r.method.value.upper() == "PATCH"]


async def audits(bot) -> list[tuple[str, str]]:
    async with bot.clients.db.session() as session:
        return [(a.action, a.outcome) for a in (await session.execute(select(AuditEntry))).scalars()]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("restart web -n ѕhop", "`ѕhop` is not a valid namespace name"),  # a Cyrillic ѕ
        ("restart web -n Shop!", "`Shop!` is not a valid namespace name"),
        ("restart web -n kube-system", "`kube-system`"),
        ("restart web --namespace=ghost", "There is no namespace `ghost` in this cluster"),
        ("kube-system 네임스페이스 web 재시작해줘", "`kube-system`"),
        ("restart web in kube-system", "`kube-system`"),  # a namespace the parser is not told about
        ("please restart web in the kube-system namespace", "`kube-system`"),
        ("restart web in ghost", "There is no namespace `ghost` in this cluster"),  # open, but not there
        ("status web -n kube-system", "`kube-system`"),
    ],
)
async def test_a_named_namespace_that_cannot_be_used_is_refused_by_name_never_swapped(
    start, shop, kmock, fake_slack, text, said
) -> None:
    objects.namespace(kmock, "kube-system")
    objects.deployment(kmock, "web", "kube-system")
    bot = await start(POLICY)

    reply = await fake_reply(bot, fake_slack, text)

    assert said in reply
    assert fake_slack.posts() == [] and patches(kmock) == []  # no confirmation, no dry run
    assert [r for r in kmock if "/namespaces/shop/deployments/web" in r.url.path] == []  # default never read


async def fake_reply(bot, fake_slack, text: str, **kwargs: Any) -> str:
    await bot.sender.slash(text, response_url=fake_slack.hook_url(), **kwargs)
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1 or len(s.posts()) >= 1)
    await bot.clients.tasks.join(timeout=5)
    return fake_slack.hooks[-1].args["text"] if fake_slack.hooks else fake_slack.posts()[-1]["text"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("scale web -1", "Replicas must be a whole number from 0 to 100"),
        ("scale web 2.5", "Replicas must be a whole number from 0 to 100"),
        ("scale web 101", "Replicas must be a whole number from 0 to 100"),
        ("scale web 100000", "Replicas must be a whole number from 0 to 100"),
        ("deploy web nginx:1.27$(id)", "shell characters"),
        ("deploy web nginx:1.27|sh", "shell characters"),
        ("restart *", "one app at a time"),
        ("restart web,api", "one app at a time"),
        ("restart -l app=web", "one app at a time"),
        ("rollback everything", "one app at a time"),
    ],
)
async def test_a_change_that_is_not_one_app_and_one_valid_value_is_refused_with_the_reason(
    start, shop, kmock, fake_slack, text, said
) -> None:
    bot = await start(POLICY)

    reply = await fake_reply(bot, fake_slack, text)

    assert said in reply
    assert fake_slack.posts() == [] and patches(kmock) == []
    assert [outcome for _, outcome in await audits(bot)] == ["refused"]


@pytest.mark.parametrize("text", ["scale web -1", "restart *", "롤백 전부 해줘", "deploy web nginx:1.27;reboot"])
async def test_the_threads_memory_never_fills_in_a_refused_change(start, shop, kmock, fake_slack, text) -> None:
    bot = await start(POLICY)
    thread = "1732240000.000100"
    await bot.sender.mention("status web", ts=thread)  # the thread now remembers `web`
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)
    await bot.clients.tasks.join(timeout=5)

    await bot.sender.mention(text, ts="1732240000.000200", thread_ts=thread)
    await fake_slack.wait_for(lambda s: len(s.posts()) == 2)
    await bot.clients.tasks.join(timeout=5)

    assert "Confirm" not in fake_slack.posts()[-1]["text"] and "확인" not in str(fake_slack.posts()[-1].get("blocks"))
    assert patches(kmock) == []


async def test_plain_syntax_finds_an_app_in_the_namespace_it_names(start, shop, kmock, fake_slack) -> None:
    objects.namespace(kmock, "team-b")
    objects.deployment(kmock, "onlyb", "team-b", replicas=1)
    bot = await start(POLICY)

    await bot.sender.slash("scale onlyb 2 -n team-b", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)

    assert "team-b/onlyb" in fake_slack.posts()[0]["text"]
    (dry_run,) = patches(kmock)
    assert dry_run.url.path == "/apis/apps/v1/namespaces/team-b/deployments/onlyb/scale"


async def test_an_app_created_after_the_app_list_was_cached_is_found(start, shop, kmock, fake_slack) -> None:
    bot = await start(POLICY)
    await bot.sender.slash("status web", response_url=fake_slack.hook_url())  # caches shop's app list
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1)
    objects.deployment(kmock, "newapp", "shop")

    await bot.sender.slash("restart newapp", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) == 1)

    assert "shop/newapp" in fake_slack.posts()[0]["text"]
