"""App and namespace resolution, numerals and language detection."""

from __future__ import annotations

import pytest

from intents.builtin import Match, detect_language, resolve_app, resolve_namespace
from intents.builtin.normalize import normalize
from intents.builtin.numerals import Counts, numbers

APPS = (
    "cart-service",
    "inventory-api",
    "search-worker",
    "kafka-consumer",
    "admin-web",
    "gateway",
    "api-server",
    "payment-api",
    "frontend",
    "notification-svc",
    "jenkins",
    "redis-cache",
)


@pytest.mark.parametrize(
    ("name", "kind", "app"),
    [
        ("gateway", Match.EXACT, "gateway"),
        ("Gateway", Match.EXACT, "gateway"),
        ("장바구니 서비스", Match.UNIQUE, "cart-service"),
        ("재고 api", Match.UNIQUE, "inventory-api"),
        ("결제 api", Match.UNIQUE, "payment-api"),
        ("api 서버", Match.UNIQUE, "api-server"),
        ("카프카", Match.UNIQUE, "kafka-consumer"),  # by sound, not in the glossary's app list
        ("젠킨스", Match.UNIQUE, "jenkins"),
        ("프론트", Match.UNIQUE, "frontend"),
        ("알림 서비스", Match.UNIQUE, "notification-svc"),
        ("레디스", Match.UNIQUE, "redis-cache"),
        ("inventory", Match.UNIQUE, "inventory-api"),
        ("gatewya", Match.UNIQUE, "gateway"),
        ("api", Match.AMBIGUOUS, None),
        ("laptop", Match.NONE, None),
        ("서비스", Match.NONE, None),  # a resource word alone names no app
    ],
)
def test_resolve_app(name, kind, app):
    match = resolve_app(name, APPS)
    assert (match.kind, match.app) == (kind, app)


def test_ambiguous_and_missing_apps_list_candidates():
    assert set(resolve_app("api", APPS).candidates) == {"api-server", "inventory-api", "payment-api"}
    assert resolve_app("jenkin", APPS + ("jenkins-agent",)).app == "jenkins"  # fewest missing parts wins
    assert resolve_app("zzz", APPS).candidates == ()


@pytest.mark.parametrize(
    ("text", "namespace"),
    [
        ("운영 파드 목록", "prod"),
        ("프로덕션 서비스 보여줘", "prod"),
        ("스테이징 인그레스", "stage"),
        ("dev에서 파드 보여줘", "dev"),
        ("list pods -n pr", "prod"),
        ("인프라 네임스페이스 요약", "infra"),
        ("파드 목록", None),
    ],
)
def test_namespace_words_resolve_to_existing_namespaces(parse, text, namespace):
    assert parse(text).namespace == namespace


def test_environment_words_pick_the_clusters_spelling():
    assert resolve_namespace("prod", ("default", "production")) == "production"
    assert resolve_namespace("production", ("default", "prd")) == "prd"
    assert resolve_namespace("qa", ()) == "qa"
    assert resolve_namespace("elsewhere", ("default",)) == "elsewhere"


def test_no_namespace_unless_one_is_said(parse):
    assert parse("restart gateway").namespace is None


def test_without_an_app_list_the_name_is_taken_as_typed(parse_frame):
    assert parse_frame("restart hello-world", apps=()) == {"intent": "restart", "app": "hello-world"}
    assert parse_frame("Podinfo 로그", apps=()) == {"intent": "logs", "app": "podinfo"}
    assert parse_frame("whoami:1.10 배포", apps=()) == {"intent": "deploy", "app": "whoami", "image": "whoami:1.10"}


@pytest.mark.parametrize(
    ("text", "value", "counts"),
    [
        ("다섯 개", 5, Counts.REPLICAS),
        ("열두 대로", 12, Counts.REPLICAS),
        ("스물세개", 23, Counts.REPLICAS),
        ("백 줄", 100, Counts.LINES),
        ("오십줄", 50, Counts.LINES),
        ("3번 리비전", 3, Counts.REVISION),
        ("seven pods", 7, Counts.REPLICAS),
        ("last 40", 40, Counts.LINES),
    ],
)
def test_numerals(text, value, counts):
    assert [(n.value, n.counts) for n in numbers(normalize(text))] == [(value, counts)]


@pytest.mark.parametrize("text", ["한 번에 보여줘", "세요", "네 알겠어요", "이 앱", "the last one"])
def test_everyday_words_are_not_numbers(text):
    assert numbers(normalize(text)) == []


@pytest.mark.parametrize(
    ("text", "language"), [("restart web", "en"), ("web 재시작", "ko"), ("로그ㄱ", "ko"), ("", "en")]
)
def test_detect_language(text, language):
    assert detect_language(text) == language
