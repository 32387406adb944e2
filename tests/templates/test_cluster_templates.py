"""Every cluster-command template, rendered with hostile cluster and user text: valid, inert, within limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.commands.changes import confirmation_message
from bot.commands.queries import endpoint_message, listing_message, logs_message, overview_message, status_message
from cluster import (
    ChangePlan,
    Condition,
    ContainerImage,
    DeploymentHealth,
    DeploymentStatus,
    Endpoint,
    EventInfo,
    Health,
    IngressInfo,
    IngressRoute,
    Listing,
    LogsResult,
    Overview,
    PodInfo,
    RolloutProgress,
    ServiceInfo,
    ServicePort,
)
from intents import Intent
from templates import Message, render
from templates.actions import ActionId, Button

EVIL = "x\"'`<!channel> <http://evil.example|click> & <@U0BOSS> ```"
LONG = EVIL + "n" * 4000


def mrkdwn_texts(node: object) -> list[str]:
    """Every string Slack parses as mrkdwn (plain_text, e.g. button labels, is never parsed)."""
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            return [node["text"]]
        return [t for value in node.values() for t in mrkdwn_texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in mrkdwn_texts(value)]
    return []


def inert(message: Message) -> None:
    """The hostile text reached the message, escaped: no mention, no link, no broadcast Slack would act on.

    (Block Kit's limits need no assert here: a Message that breaks one cannot be built.)
    """
    texts = [message.text, *mrkdwn_texts(message.blocks)]
    for text in texts:
        assert "<!" not in text and "<http" not in text and "<@U0BOSS>" not in text
    assert any("&lt;!channel&gt;" in text for text in texts), "the hostile text was dropped, not escaped"


def pod(name: str) -> PodInfo:
    return PodInfo(
        name=name,
        phase=EVIL,
        ready=False,
        ready_containers=0,
        total_containers=1,
        restarts=3,
        reason=LONG,
        message=LONG,
        age=timedelta(minutes=3),
    )


def progress(name: str) -> RolloutProgress:
    return RolloutProgress(
        app=name,
        namespace=name,
        desired=3,
        updated=1,
        ready=1,
        available=1,
        done=False,
        failed=False,
        reason=LONG,
        message=LONG,
        revision=4,
    )


@pytest.mark.parametrize("name", [EVIL, LONG], ids=["quotes-and-markup", "4000-chars"])
def test_query_messages_stay_inert(name: str) -> None:
    status = DeploymentStatus(
        name=name,
        namespace=name,
        desired=3,
        ready=1,
        updated=1,
        available=1,
        images=(ContainerImage(name, LONG),),
        conditions=(Condition(EVIL, "True", LONG, LONG),) * 9,
        pods=tuple(pod(f"{name}-{i}") for i in range(40)),
        revision=4,
        paused=True,
        rollout=progress(name),
    )
    logs = LogsResult(
        app=name,
        namespace=name,
        pod=name,
        container=name,
        containers=(name,),
        lines=50,
        text=LONG[:2800],
        full_text=LONG * 3,
        truncated=True,
        previous=True,
    )
    service = ServiceInfo(
        name=name,
        type="LoadBalancer",
        cluster_ip=EVIL,
        load_balancer=(EVIL,) * 5,
        ports=tuple(ServicePort(80 + i, name=name, target_port=EVIL, node_port=30000) for i in range(20)),
    )
    ingress = IngressInfo(
        name=name,
        class_name=name,
        routes=tuple(
            IngressRoute(url=f"https://{name}/{i}", host=name, path="/", service=name, port=EVIL) for i in range(30)
        ),
    )
    endpoint = Endpoint(app=name, namespace=name, services=(service,) * 12, ingresses=(ingress,) * 12)
    overview = Overview(
        namespace=name,
        deployments=tuple(DeploymentHealth(f"{name}{i}", Health.FAILED, 0, 3) for i in range(60)),
        unready_pods=tuple(pod(name) for _ in range(30)),
        warnings=tuple(EventInfo("Warning", EVIL, LONG, EVIL, name) for _ in range(30)),
    )
    listing = Listing("pods", name, ("NAME", "READY"), tuple((f"{name}{i}", EVIL) for i in range(57)))
    for lang in ("en", "ko"):
        for message in (
            status_message(status, lang),
            logs_message(logs, lang),
            endpoint_message(endpoint, lang),
            overview_message(overview, lang),
            listing_message(listing, lang),
        ):
            inert(message)


@pytest.mark.parametrize("name", [EVIL, LONG], ids=["quotes-and-markup", "4000-chars"])
def test_change_messages_stay_inert(name: str) -> None:
    plan = ChangePlan(
        intent=Intent.ROLLBACK,
        app=name,
        namespace=name,
        revision_from=3,
        revision_to=2,
        image_from=LONG,
        image_to=EVIL,
        container=name,
        replicas_from=1,
        replicas_to=9,
    )
    message = confirmation_message(plan, change_id="0123456789abcdef", user_id="U0ALICE01", lang="en", minutes=10)
    inert(message)
    assert message.blocks[-1]["elements"][0]["style"] == "danger"
    result = render(
        "change_result",
        headline="ok",
        status_line=LONG,
        details=["fine"] * 9,
        buttons=[Button(ActionId.ROLLBACK, LONG, LONG, style="danger")],
        fallback=LONG,
    )
    inert(result)


def test_code_fences_in_logs_cannot_close_the_code_block() -> None:
    logs = LogsResult(
        app="web",
        namespace="shop",
        pod="web-1",
        container="web",
        containers=("web",),
        lines=50,
        text="a```b",
        full_text="a```b",
        truncated=False,
        previous=False,
    )
    code = logs_message(logs, "en").blocks[1]["text"]["text"]
    assert len(re.findall("```", code)) == 2
