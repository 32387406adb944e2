"""
Changes typed in Slack, on a real API server and controller manager: confirm, follow, result, buttons.

The Deployment controller makes ReplicaSets and revisions, the scale subresource bumps the
generation, and the kubelet stand-in (tests/support/kubelet.py) reports Pods Ready, or failing to
pull their image. Every assertion on the cluster reads the real server back.
"""

from __future__ import annotations

import json
from typing import Any

from kubernetes import client
from sqlalchemy import select

from bot.storage import AuditEntry
from bot.storage.change_models import DeploymentRecord, PendingChange
from tests.support import kube_objects
from tests.support.kubelet import Fate
from tests.support.real_bot import CHANNEL, start_real_bot


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every button: in actions blocks, and as section accessories (history's rows)."""
    blocks = message["blocks"] if isinstance(message["blocks"], list) else json.loads(message["blocks"])
    found = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return found + [b["accessory"] for b in blocks if b.get("accessory", {}).get("type") == "button"]


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


async def rows(bot, model) -> list:
    async with bot.clients.db.session() as session:
        order = getattr(model, "created_at", None) or model.id
        return list((await session.execute(select(model).order_by(order))).scalars())


async def ask(bot, fake_slack, text: str) -> dict[str, Any]:
    """Type a command; the bot's answer (a confirmation for a change)."""
    posts = len(fake_slack.posts())
    await bot.sender.slash(text, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) > posts or len(s.hooks) > 0)
    await bot.settle()
    return fake_slack.posts()[-1] if len(fake_slack.posts()) > posts else fake_slack.hooks[-1].args


async def confirm_and_finish(bot, fake_slack, *, timeout: float = 30.0) -> dict[str, Any]:
    """Click Confirm on the newest confirmation; the message once its rollout has a result."""
    change = (await rows(bot, PendingChange))[-1]
    await bot.sender.click("confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts)
    key = (CHANNEL, change.message_ts)

    def finished(s) -> bool:
        text = text_of(s.messages[key]) if key in s.messages else ""
        return any(mark in text for mark in (":white_check_mark:", ":x:", ":information_source:", ":warning:"))

    await fake_slack.wait_for(finished, timeout=timeout)
    await bot.settle(timeout=timeout)
    return fake_slack.messages[key]


def deployment(api, ns: str) -> Any:
    return client.AppsV1Api(api).read_namespaced_deployment("web", ns)


async def test_a_confirmed_scale_ends_done_with_undo_and_undo_puts_the_old_count_back(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=2)
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    try:
        confirmation = await ask(bot, fake_slack, "scale web 4")
        assert confirmation["text"] == f"Confirm scale {ns}/web; Replicas: 2 → 4"
        assert deployment(api, ns).spec.replicas == 2  # the plan was a dry run

        result = await confirm_and_finish(bot, fake_slack)
        text = text_of(result)
        assert f":white_check_mark: scale `{ns}/web` done: revision 1, image `nginx:1.25`" in text, text
        assert "A later change" not in text and "Use Undo below" in text
        undo = f'{{"intent":"scale","app":"web","namespace":"{ns}","replicas":2}}'
        assert [(b["action_id"], b["value"]) for b in buttons(result)] == [("undo", undo), ("logs", f"{ns}/web")]
        assert deployment(api, ns).spec.replicas == 4 and deployment(api, ns).status.ready_replicas == 4
        (record,) = await rows(bot, DeploymentRecord)
        assert (record.intent, record.outcome, record.replicas_before, record.replicas_after) == (
            "scale",
            "succeeded",
            2,
            4,
        )

        back = await ask_click(bot, fake_slack, "undo", undo)
        assert back["text"] == f"Confirm scale {ns}/web; Replicas: 4 → 2"
        result = await confirm_and_finish(bot, fake_slack)
        assert ":white_check_mark:" in text_of(result)
        assert deployment(api, ns).spec.replicas == 2
    finally:
        await bot.stop()


async def ask_click(bot, fake_slack, action_id: str, value: str) -> dict[str, Any]:
    posts = len(fake_slack.posts())
    await bot.sender.click(action_id, value, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) > posts)
    await bot.settle()
    return fake_slack.posts()[-1]


async def test_a_deploy_ends_with_rollback_and_rollback_confirmed_brings_the_old_image_back(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=2)
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    try:
        await ask(bot, fake_slack, "deploy web nginx:1.27")
        result = await confirm_and_finish(bot, fake_slack)
        text = text_of(result)
        assert f":white_check_mark: deploy `{ns}/web` done: revision 2, image `nginx:1.27`" in text, text
        assert "Use Rollback below" in text
        assert [(b["action_id"], b["value"], b["text"]["text"]) for b in buttons(result)] == [
            ("rollback:1", f"{ns}/web:1", "Rollback"),
            ("logs", f"{ns}/web", "Logs"),
        ]

        confirmation = await ask_click(bot, fake_slack, "rollback:1", f"{ns}/web:1")
        assert "nginx:1.27 → nginx:1.25" in confirmation["text"]
        assert deployment(api, ns).spec.template.spec.containers[0].image == "nginx:1.27"  # not before Confirm
        result = await confirm_and_finish(bot, fake_slack)
        text = text_of(result)
        assert f":white_check_mark: rollback `{ns}/web` done: revision 3, image `nginx:1.25`" in text, text
        assert deployment(api, ns).spec.template.spec.containers[0].image == "nginx:1.25"
        # A rollback's result offers Rollback too: back to the revision live before it (2, nginx:1.27).
        assert [(b["action_id"], b["value"]) for b in buttons(result)][0] == ("rollback:2", f"{ns}/web:2")
        audit = [(a.action, a.outcome) for a in await rows(bot, AuditEntry)]
        assert audit.count(("confirm", "ok")) == 2
    finally:
        await bot.stop()


async def test_a_deploy_of_an_image_that_cannot_be_pulled_fails_with_image_pull_back_off(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=2)
    kube_namespace.kubelet.behave("web", Fate.IMAGE_PULL)
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    try:
        await ask(bot, fake_slack, "deploy web registry.example/missing:0")
        result = await confirm_and_finish(bot, fake_slack)
        text = text_of(result)
        assert f":x: deploy `{ns}/web` failed: ImagePullBackOff (image registry.example/missing:0, pod web-" in text, (
            text
        )
        assert "Use Rollback below to put the previous revision back, or check the logs." in text
        assert [b["action_id"] for b in buttons(result)] == ["rollback:1", "logs"]
        (record,) = await rows(bot, DeploymentRecord)
        assert record.outcome == "failed"
    finally:
        await bot.stop()


async def test_rollback_to_the_previous_to_revision_n_and_with_nothing_to_roll_back_to(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.23", replicas=1)
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    try:
        nothing = await ask(bot, fake_slack, "rollback web")
        assert "has no earlier revision to roll back to" in nothing["text"]
        assert await rows(bot, PendingChange) == []

        for image in ("nginx:1.24", "nginx:1.25"):
            kube_objects.set_image(api, ns, "web", image)
            kube_objects.wait_available(api, ns, "web")
        previous = await ask(bot, fake_slack, "rollback web")
        assert "nginx:1.25 → nginx:1.24" in previous["text"]
        await confirm_and_finish(bot, fake_slack)
        assert deployment(api, ns).spec.template.spec.containers[0].image == "nginx:1.24"

        to_one = await ask(bot, fake_slack, "rollback web --to 1")
        assert "nginx:1.24 → nginx:1.23" in to_one["text"]
        await confirm_and_finish(bot, fake_slack)
        assert deployment(api, ns).spec.template.spec.containers[0].image == "nginx:1.23"

        missing = await ask(bot, fake_slack, "rollback web --to 9")
        assert "Revision 9 is not in the history of `web`" in missing["text"]
    finally:
        await bot.stop()


async def test_history_lists_the_revisions_newest_first_with_roll_back_buttons(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.23", replicas=1)
    kube_objects.set_image(api, ns, "web", "nginx:1.24")
    kube_objects.wait_available(api, ns, "web")
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    try:
        answer = await ask(bot, fake_slack, "history web")
        text = text_of(answer)
        assert text.index("nginx:1.24") < text.index("nginx:1.23")
        assert [(b["action_id"], b["value"]) for b in buttons(answer)] == [("rollback:1", f"{ns}/web:1")]
    finally:
        await bot.stop()


async def test_a_restart_rolls_new_pods_and_offers_no_undo(control_plane, kube_namespace, fake_slack, tmp_path):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    try:
        await ask(bot, fake_slack, "restart web")
        result = await confirm_and_finish(bot, fake_slack)
        assert f":white_check_mark: restart `{ns}/web` done: revision 2" in text_of(result)
        assert [b["action_id"] for b in buttons(result)] == ["logs"]
        annotations = deployment(api, ns).spec.template.metadata.annotations
        assert "kubectl.kubernetes.io/restartedAt" in annotations
    finally:
        await bot.stop()
