"""Cluster failures reach the person as one sentence with a next step (and buttons for close app names).

Why the emulator: the faults are injected answers (403 with its message, a slow answer, a closed port)
that a healthy control plane does not give on demand.
"""

from __future__ import annotations

import asyncio
import json
import socket

import kmock as kmocklib

from bot.messages.buttons import command_from_choice
from bot.policy.rules import Policy
from cluster import Cluster
from playground.cluster import emulator, objects, resources
from tests.support.bot import make_clients, make_settings, start_bot


async def answer(bot, fake_slack, text: str) -> dict:
    await bot.sender.slash(text, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1)
    await bot.settle()
    return fake_slack.hooks[-1].args


async def test_forbidden_names_the_missing_permission(start, kmock, fake_slack, shop):
    kmock["get", kmocklib.resource(resources.DEPLOYMENTS)] << emulator.forbidden(
        "get", "deployments", "shop", name="web"
    )
    bot = await start()
    reply = await answer(bot, fake_slack, "status web")
    assert reply["text"] == (
        "The bot may not `get` `deployments` (apps) in namespace `shop` (Kubernetes RBAC). "
        "Ask a cluster admin to add it to the bot's ServiceAccount Role."
    )


async def test_an_unknown_app_offers_the_closest_names_as_buttons(start, kmock, fake_slack, shop):
    objects.deployment(kmock, "web-frontend", "staging")
    objects.deployment(kmock, "web-admin", "staging")
    bot = await start()
    reply = await answer(bot, fake_slack, "status web -n staging")
    assert reply["text"] == "There is no app `web` in `staging`. Did you mean one of these?"
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert sorted(b["text"]["text"] for b in buttons) == ["web-admin", "web-frontend"]
    assert all(b["action_id"].startswith("choose_app") for b in buttons)
    chosen = command_from_choice(buttons[0]["value"])
    assert (chosen.intent.value, chosen.namespace, chosen.app) == ("status", "staging", buttons[0]["text"]["text"])
    await bot.sender.click(buttons[0]["action_id"], buttons[0]["value"], response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 2)
    assert fake_slack.hooks[-1].args["text"].startswith(f"staging/{chosen.app}: 2/2 ready")


async def test_a_slow_api_is_a_timeout_with_a_next_step(kmock, fake_slack, tmp_path, shop):
    kmock["get", kmocklib.resource(resources.DEPLOYMENTS)] << (lambda: asyncio.sleep(1.0))
    cluster = emulator.cluster_for(kmock, default_namespace="shop", request_timeout=0.2)
    clients = await make_clients(make_settings(fake_slack, str(tmp_path / "t.db")), cluster=cluster)
    clients.closers.append(cluster.close)
    bot = await start_bot(clients)
    try:
        reply = await answer(bot, fake_slack, "status web")
        assert reply["text"] == "The Kubernetes API did not answer within 0.2 s. Try again in a moment."
    finally:
        await bot.stop()


async def test_an_unreachable_cluster_says_so(fake_slack, tmp_path):
    from kubernetes import client

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    configuration = client.Configuration(host=f"http://127.0.0.1:{port}")
    configuration.retries = False
    cluster = Cluster(client.ApiClient(configuration), default_namespace="shop", request_timeout=1.0)
    clients = await make_clients(make_settings(fake_slack, str(tmp_path / "u.db")), cluster=cluster)
    clients.closers.append(cluster.close)
    bot = await start_bot(clients)
    try:
        reply = await answer(bot, fake_slack, "list pods")
        assert reply["text"].startswith("I can't reach the Kubernetes API (NewConnectionError).")
        assert "`klepaas check`" in reply["text"]
    finally:
        await bot.stop()


async def test_no_revision_lists_the_available_ones(start, kmock, fake_slack, shop):
    bot = await start(Policy.parse("roles: {ops: {users: [U0ALICE01], allow: [rollback]}}"))
    reply = await answer(bot, fake_slack, "rollback web --to 9")
    assert reply["text"].startswith("Revision 9 is not in the history of `web`. Available: 1, 2, 3.")


async def test_a_paused_deployment_says_how_to_resume(start, kmock, fake_slack):
    objects.deployment(kmock, "web", "shop", paused=True, revisions=["nginx:1.24", "nginx:1.25"])
    bot = await start(Policy.parse("roles: {ops: {users: [U0ALICE01], allow: [restart]}}"))
    reply = await answer(bot, fake_slack, "restart web")
    assert "`kubectl rollout resume deployment/web -n shop`" in reply["text"]
    assert json.dumps(reply).count("<!") == 0
