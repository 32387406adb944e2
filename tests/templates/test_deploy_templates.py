"""The deploy templates with hostile CI, Git and cluster text: valid Block Kit, inert mrkdwn, within limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.deploying import messages
from bot.deploying.run import Run
from bot.messages.catalog import say
from bot.storage.deploy_models import DeployRun
from cluster import ContainerImage, CrashingPod, Revision, RolloutProgress
from templates import Message
from templates.actions import ActionId, Button
from tests.templates.test_cluster_templates import EVIL, LONG, inert, mrkdwn_texts

COMMIT_LINK = "<https://github.com/acme/web/commit/3484a3fb816e0859fd6e1cea078d76385ff50625|"


def inert_but_our_links(message: Message, *links: str) -> None:
    """`inert`, once the links the bot made itself from checked URLs are set aside."""
    for text in mrkdwn_texts(message.blocks):
        for link in links:
            text = text.replace(link, "")
        assert "<!" not in text and "<http" not in text and "<@U0BOSS>" not in text
    inert(message.model_copy(update={"blocks": [b for b in message.blocks if b["type"] != "context"]}))


NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def hostile_run(**changes: object) -> Run:
    values: dict[str, object] = dict(
        id="d0123456789abcdef",
        state="rolling_out",
        source="workflow_run",
        actor="ci:workflow_run:acme/web",
        repo="acme/web",
        app="web",
        namespace="staging",
        container=None,
        image="ghcr.io/acme/web:" + "1" * 40,
        channel="C0DEPLOYS",
        message_ts="1732240000.000100",
        commit="3484a3fb816e0859fd6e1cea078d76385ff50625",
        author=EVIL,
        author_slack=None,
        url="https://ci.example.com/runs/1|<!channel>",
        message=LONG,
        approval="none",
        two_person=False,
    )
    values.update(changes)
    return Run.of(DeployRun(**values))


def test_a_deploy_message_with_hostile_author_commit_message_and_status_is_inert() -> None:
    run = hostile_run()
    progress = RolloutProgress(
        app="web",
        namespace="staging",
        desired=3,
        updated=1,
        ready=1,
        available=1,
        done=False,
        failed=True,
        reason=EVIL,
        message=LONG,
        elapsed=12.3,
        crashing=(CrashingPod(name=EVIL, reason=EVIL, restarts=3),),
    )
    headline = runner_headline(run, reason=EVIL)
    message = messages.run_message(
        run,
        headline,
        lang="en",
        status_line=progress.message,
        details=messages.crashing_details(progress, "en"),
        buttons=[Button(ActionId.UNDO, EVIL, EVIL, style="danger")],
    )
    inert_but_our_links(message, COMMIT_LINK)
    text = str(message.blocks)
    assert "ci.example.com" not in text  # a URL with `|` or `<` is not made into a link
    assert "https://github.com/acme/web/commit/3484a3fb816e0859fd6e1cea078d76385ff50625" in text


def runner_headline(run: Run, **values: object) -> str:
    return say(
        "deploy.failed", "en", app=run.app, what=messages.what(run), namespace=run.namespace, image=run.image, **values
    )


def test_an_approval_request_with_a_hostile_commit_is_inert_and_carries_the_run_id() -> None:
    run = hostile_run(commit=EVIL, repo=EVIL, message=EVIL, approval="required", two_person=True)
    message = messages.run_message(
        run,
        say(
            "deploy.approval",
            "ko",
            app=run.app,
            what=messages.what(run),
            namespace=run.namespace,
            image=EVIL,
            minutes=60,
        ),
        lang="ko",
        buttons=messages.approval_buttons(run, "ko"),
    )
    inert(message)
    actions = [b for b in message.blocks if b["type"] == "actions"][0]["elements"]
    assert [(a["action_id"], a["value"]) for a in actions] == [("approve", run.id), ("reject", run.id)]


def test_history_with_hostile_images_and_change_causes_is_inert_and_within_limits() -> None:
    revisions = tuple(
        Revision(
            app="web",
            namespace="staging",
            revision=n,
            images=(ContainerImage("web", LONG),),
            created=NOW - timedelta(hours=n),
            change_cause=LONG,
            current=n == 40,
        )
        for n in range(40, 0, -1)
    )
    message = messages.history_message(revisions, {40: EVIL}, app="web", namespace="staging", lang="en", now=NOW)
    inert(message)
    accessories = [b["accessory"] for b in message.blocks if "accessory" in b]
    assert accessories[0]["value"] == "staging/web:39" and len(accessories) == 19  # 20 rows, the current has none


def test_an_empty_history_says_so() -> None:
    message = messages.history_message((), {}, app="web", namespace="staging", lang="ko", now=NOW)
    assert "리비전 기록이 없어요" in str(message.blocks)


def test_history_mentions_a_slack_user_and_escapes_anything_else() -> None:
    revisions = tuple(
        Revision(
            app="web",
            namespace="staging",
            revision=n,
            images=(ContainerImage("web", f"nginx:1.2{n}"),),
            created=NOW,
            current=n == 3,
        )
        for n in (3, 2, 1)
    )
    message = messages.history_message(
        revisions,
        {3: "U0ALICE01", 2: "<@U0BOSS>", 1: "ci:workflow_run · acme/web"},
        app="web",
        namespace="staging",
        lang="en",
        now=NOW,
    )
    texts = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert texts[1].endswith("· <@U0ALICE01>") and "&lt;@U0BOSS&gt;" in texts[2] and "<@U0BOSS>" not in texts[2]
