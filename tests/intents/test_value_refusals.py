"""Values the parser refuses instead of trimming, and targets that are not one app (issue 10)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "scale gateway -1",
        "scale gateway to -4 replicas",
        "scale gateway minus 2",
        "게이트웨이 레플리카 -2개로 줄여줘",
        "scale gateway 2.5",
        "scale gateway to 1e3",
        "scale gateway 0x10",
        "scale gateway 100000",
        "게이트웨이 500개로 늘려줘",
    ],
)
def test_a_replica_count_that_is_negative_fractional_or_absurd_is_no_scale_command(parse, text):
    assert parse(text).intent == "unknown"  # refused, not a scale with the count dropped


@pytest.mark.parametrize(
    "text",
    [
        "deploy gateway nginx:1.27$(id)",
        "deploy gateway nginx:1.27|sh",
        "deploy gateway nginx:1.27 && reboot",
        "deploy gateway nginx:1.27&&reboot",
        "deploy gateway `whoami`:1.0",
        "게이트웨이 nginx:1.27;rm 으로 배포해줘",
        "restart gateway > /dev/null",
    ],
)
def test_shell_metacharacters_are_refused_not_cut_off(parse, text):
    assert parse(text).intent == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "restart *",
        "restart .*",
        "restart gateway,frontend",
        "restart gateway and frontend",
        "restart -l app=gateway",
        "restart every deployment in every namespace",
        "rollback everything",
        "scale all apps to 0",
        "전부 재시작해줘",
        "모든 앱 롤백해",
    ],
)
def test_a_change_to_more_than_one_app_is_refused(parse, text):
    assert parse(text).intent == "unknown"


@pytest.mark.parametrize(
    ("text", "namespace"),
    [
        ("restart gateway -n sandbox", "sandbox"),
        ("restart gateway in the sandbox namespace", "sandbox"),
        ("sandbox 네임스페이스에서 게이트웨이 재시작해줘", "sandbox"),
        ("show pods in namespace sandbox", "sandbox"),
    ],
)
def test_a_namespace_that_is_not_listed_is_kept_as_said(parse, text, namespace):
    assert parse(text).namespace == namespace


@pytest.mark.parametrize(
    "text",
    [
        "restart gateway -n pr\u043ed",  # Cyrillic o
        "restart gateway in \u0441tage",  # Cyrillic es
        "show pods -n prod_1",
    ],
)
def test_a_namespace_with_a_look_alike_or_invalid_letter_is_refused_not_normalised(parse, text):
    command = parse(text)
    assert command.intent == "unknown"
    assert command.namespace is None


def test_a_valid_tag_and_count_still_pass(parse):
    assert parse("scale gateway 3").replicas == 3
    assert parse("deploy gateway nginx:1.27").image == "nginx:1.27"


@pytest.mark.parametrize(
    "text",
    [
        "add 2 more replicas to gateway",
        "scale gateway up by 2",
        "reduce gateway by one replica",
        "scale gateway 3 more",
        "게이트웨이 두 개 더 늘려줘",
        "게이트웨이 2개 줄여줘",
        "게이트웨이 파드 +2",
    ],
)
def test_a_change_by_an_amount_never_becomes_that_many_replicas(parse, text):
    command = parse(text)
    assert command.replicas is None
    assert command.intent in ("scale", "unknown")


@pytest.mark.parametrize(
    "text", ["scale gateway from 3 to 5", "게이트웨이 3개에서 5개로 늘려줘", "게이트웨이 레플리카 3대에서 5대로"]
)
def test_from_one_count_to_another_sets_the_second(parse, text):
    assert parse(text).replicas == 5


@pytest.mark.parametrize(
    "text",
    ["roll back gateway 2 versions", "rollback gateway two releases back", "게이트웨이 2단계 이전 버전으로 롤백해줘"],
)
def test_a_rollback_by_several_versions_is_neither_that_revision_nor_the_previous_one(parse, text):
    assert parse(text).intent == "unknown"


def test_the_last_deploys_are_not_log_lines(parse):
    command = parse("undo the last 2 deploys of gateway")
    assert command.intent != "logs" and command.lines is None and command.revision is None


@pytest.mark.parametrize(
    "text",
    [
        "prod에서 테스트한 게이트웨이 stage에 v2 배포해줘",
        "stage에서 확인했으니 prod 게이트웨이 재시작",
        "restart gateway in stage not prod",
    ],
)
def test_a_change_that_names_two_namespaces_is_not_guessed(parse, text):
    assert parse(text).intent == "unknown"


def test_an_environment_word_that_is_part_of_an_app_name_names_the_app_not_the_namespace():
    from intents.builtin.parser import parse_text
    from intents.provider import Context

    cluster = Context(apps=("dev-portal", "live-chat", "web"), namespaces=("dev", "prod", "live"))
    assert parse_text("restart dev portal", cluster).frame() == {
        **parse_text("restart dev-portal", cluster).frame(),
        "app": "dev-portal",
    }
    assert parse_text("dev portal 재시작", cluster).namespace is None
    assert parse_text("라이브 채팅 재시작", cluster).app == "live-chat"
    assert parse_text("dev web 재시작", cluster).namespace == "dev"  # said, and no app is called "dev web"
    assert parse_text("라이브 web 재시작", cluster).namespace == "live"
