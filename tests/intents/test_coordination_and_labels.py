"""Two changes joined in one clause, a "no no" that takes a request back, a number that labels rather than
counts, a mention talked about rather than written to, and an environment word that names no namespace.
Sentences written for these tests (not taken from any evaluation file)."""

from __future__ import annotations

import pytest

from intents.provider import Context
from tests.intents.shop_frames import APPS, frame


@pytest.mark.parametrize(
    "text",
    [
        "scale web to 4 and restart the cache-warmer",  # the second app is none of the cluster's
        "roll back api & bounce the queue-relay too",
        "web 6개로 늘리고 image-resizer 재시작해줘",
        "api 재시작하고 캐시 서버 롤백 부탁해요",
        "deploy v2.3.0 to web plus restart the sidecar-proxy",
    ],
)
def test_a_clause_that_joins_two_changes_asks_for_neither(text: str) -> None:
    assert frame(text) == {"intent": "unknown"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("roll back the last deploy of web", {"intent": "rollback", "app": "web"}),
        ("restart web and let me know when it's up", {"intent": "restart", "app": "web"}),
        ("web 재시작하고 결과 알려줘", {"intent": "restart", "app": "web"}),
    ],
)
def test_one_change_beside_a_noun_or_a_reply_still_stands(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "web 롤백 ㄱㄱ ㄴㄴ 취소",
        "pay-gw 재시작 ㄱ\n\n앗 ㄴㄴ 다른 문제였음 무시해줘",
        "restart api. no no, cancel it",
        "scale web to 2\nno no",
        "billing-api 롤백해줘 아니 잠깐 ㄴㄴ 안 해도 됨",
    ],
)
def test_a_no_no_takes_the_request_back(text: str) -> None:
    assert frame(text) == {"intent": "unknown"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scale web to 3, no no, 5", {"intent": "scale", "app": "web", "replicas": 5}),
        ("api 2개로 ㄴㄴ 4개로 스케일", {"intent": "scale", "app": "api", "replicas": 4}),
    ],
)
def test_a_no_no_before_a_value_corrects_it(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("web 로그 보여줘, 계속 exit code 137로 죽음", {"intent": "logs", "app": "web"}),
        ("api logs pls, clients get HTTP 502", {"intent": "logs", "app": "api"}),
        ("search-indexer 로그 좀, 500 error 쏟아짐", {"intent": "logs", "app": "search-indexer"}),
        ("web 로그 에러난 거 40줄", {"intent": "logs", "app": "web", "lines": 40}),
        ("tail 80 lines of api logs, seeing status 503", {"intent": "logs", "app": "api", "lines": 80}),
    ],
)
def test_a_number_that_labels_an_error_is_no_count_of_lines(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("show me pay-gw logs? <@U04ABCDEF> says refunds hang", {"intent": "logs", "app": "pay-gw"}),
        ("web 재시작해줘, <@U04ABCDEF>가 캐시 문제래요", {"intent": "restart", "app": "web"}),
        ("restart api, <@U04ABCDEF> confirmed the cache is stale", {"intent": "restart", "app": "api"}),
    ],
)
def test_a_person_talked_about_is_not_the_one_asked(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "<@U04ABCDEF> can you restart web?",
        "<@U04ABCDEF> 님 api 롤백 부탁드려요",
        "<@U04ABCDEF>님이 web 재시작해달래요",  # a request reported, not made
        "<@U04ABCDEF> said restart api",  # opening the message: written to them
        "pay-gw 결제 두 번씩 됨... 누가 확인 좀",
        "누가 search-indexer 재시작해 줄래요?",
    ],
)
def test_a_request_to_a_person_stays_theirs(text: str) -> None:
    assert frame(text) == {"intent": "unknown"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("would you be so kind as to restart billing-api?", {"intent": "restart", "app": "billing-api"}),
        ("so sorry to bother you, could you roll back pay-gw", {"intent": "rollback", "app": "pay-gw"}),
        ("api 재기동 ㄱㄱ 커넥션 꼬인듯", {"intent": "restart", "app": "api"}),
    ],
)
def test_politeness_and_a_guess_at_the_cause_leave_the_request(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what got deployed to web this week?", {"intent": "history", "app": "web"}),
        ("api 요즘 뭐뭐 배포됐는지 보여줘", {"intent": "history", "app": "api"}),
        ("billing-api 어제 뭐 나갔어?", {"intent": "history", "app": "billing-api"}),
        ("api 포트포워딩 좀 해줘", {"intent": "unknown"}),
    ],
)
def test_what_went_out_is_history_and_a_port_forward_is_no_command(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


LIVE = Context(apps=APPS, namespaces=("default", "live", "qa"))


@pytest.mark.parametrize(
    ("text", "namespace"),
    [
        ("scale web to 4 on prod", None),  # "prod" is no spelling of `live`: no guess which is production
        ("운영 api 재시작해줘", None),
        ("scale web to 4 in live", "live"),
        ("라이브 api 재시작해줘", "live"),
    ],
)
def test_an_environment_word_names_live_only_as_itself(text: str, namespace: str | None) -> None:
    assert frame(text, LIVE).get("namespace") == namespace


@pytest.mark.parametrize(
    "text",
    [
        "restart billing-api... actually hold off, finance wants a thread dump first",
        "roll back web. hang on, not yet",
        "heads up: nobody restart pay-gw during the audit today",
        "can you port forward api to my laptop on 9000?",
    ],
)
def test_held_off_forbidden_or_unsupported_is_no_request(text: str) -> None:
    assert frame(text) == {"intent": "unknown"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another app of the cluster, told of in a clause that asks nothing
        ("`api` answers fine, it's `web` that hangs on login. restart web pls", {"intent": "restart", "app": "web"}),
        ("billing-api는 멀쩡해요. pay-gw 롤백해주세요", {"intent": "rollback", "app": "pay-gw"}),
        # …but one more app added to the request is still two
        ("restart web, and api as well while you're there", {"intent": "unknown"}),
    ],
)
def test_another_app_told_of_leaves_the_request_and_one_added_stops_it(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[FIRING:2] KubePodCrashLooping (web shop-prod)\n - alertname = KubePodCrashLooping\n"
            " - namespace = shop-prod\nAnnotations:\n - summary = web is crash looping\n\nrestart web pls",
            {"intent": "restart", "app": "web"},
        ),
        (
            "[FIRING:1] KubeContainerOOMKilled\ncontainer=api pod=api-5d9 namespace=staging\n또 OOM이네",
            {"intent": "unknown"},
        ),
        (
            "*[Alerting] API latency*\n`histogram_quantile(0.99, rate(x[5m]))` = 3.1s\ncc <@U04ABCDEF>",
            {"intent": "unknown"},
        ),
    ],
)
def test_a_pasted_alert_is_output_not_words_of_a_request(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "black friday is close, weekend traffic doubles. scale web to 10 pls",
            {"intent": "scale", "app": "web", "replicas": 10},
        ),
        (
            "연말 이벤트 때문에 주문 몰릴 예정이라 api 여섯 개로 늘려주세요",
            {"intent": "scale", "app": "api", "replicas": 6},
        ),
        ("내일 아침이니까 web 재시작해줘", {"intent": "unknown"}),  # the time is the reason: when, too
        ("scale web to 10 this weekend", {"intent": "unknown"}),
        ("tomorrow api는 안 쓰니까 0개로 내려줘", {"intent": "unknown"}),
    ],
)
def test_a_time_that_names_the_load_is_no_time_for_the_request(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "namespace"),
    [
        ("라이브 방송 때문에 web 파드 여섯 개로 늘려주세요", None),  # a live show, not a namespace
        ("라이브에서 api 재시작해줘", None),  # no namespace `live` here: no guess which one is production
    ],
)
def test_live_is_a_namespace_only_as_itself(text: str, namespace: str | None) -> None:
    assert frame(text, Context(apps=APPS, namespaces=("default", "shop-prod"))).get("namespace") == namespace


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("api 재시작하기 전에 로그 좀 보여줄래?", {"intent": "logs", "app": "api"}),
        ("배포 전에 web 상태 확인해줘", {"intent": "status", "app": "web"}),
        ("health check on the whole cluster before the doors open pls", {"intent": "overview"}),
        ("scale web to 6 before the match starts", {"intent": "unknown"}),  # a change before an event: for then
        ("퇴근 전에 api 롤백 부탁해요", {"intent": "unknown"}),
    ],
)
def test_a_look_before_an_event_is_for_now_and_a_change_is_for_then(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("check the whole cluster ahead of the sale", {"intent": "overview"}),
        ("is everything ok with cart-svc?", {"intent": "unknown"}),  # a name that is no app here
        ("web 로그 보여줘 5분째 응답 없음", {"intent": "logs", "app": "web"}),  # how long, not how many lines
        ("*세 개*로 web 늘려줘", {"intent": "scale", "app": "web", "replicas": 3}),
        ("pay-gw 셋으로 맞춰줘", {"intent": "scale", "app": "pay-gw", "replicas": 3}),
        ("web 재시작 해라 지금 주문 다 멈춤", {"intent": "restart", "app": "web"}),
        ("scale web to 8, the promo starts in 10 min", {"intent": "scale", "app": "web", "replicas": 8}),
        ("friday night traffic incoming, scale api to 6", {"intent": "scale", "app": "api", "replicas": 6}),
        ("deployment vs statefulset, what's the difference? why is staging using one", {"intent": "unknown"}),
        (
            "FYI from PagerDuty:\n```[FIRING] WebDown: restart web and check logs```\nlooking into it",
            {"intent": "unknown"},
        ),
    ],
)
def test_slack_shapes_met_on_held_out_text(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


SHOP_ENVIRONMENTS = Context(apps=APPS, namespaces=("default", "shop-prod", "shop-dev"))


@pytest.mark.parametrize(
    ("text", "namespace"),
    [
        ("shop 운영 api 재시작해줘", "shop-prod"),  # the rest of the name said too
        ("restart api in prod", None),  # "prod" alone is no guess at shop-prod
        ("shop dev 쪽 web 로그", "shop-dev"),
    ],
)
def test_an_environment_names_a_prefixed_namespace_only_with_its_prefix(text: str, namespace: str | None) -> None:
    assert frame(text, SHOP_ENVIRONMENTS).get("namespace") == namespace


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "checkout was slow last week around 19:00 with p99 >3s. scale web to 9 please",
            {"intent": "scale", "app": "web", "replicas": 9},
        ),
        (
            "last night's deploy broke login; roll back api to revision 4 please",
            {"intent": "rollback", "app": "api", "revision": 4},
        ),
        ("restart web; rm -rf /tmp/cache", {"intent": "unknown"}),
        ("api `build-2025-11-30` 배포해주세요", {"intent": "deploy", "app": "api", "image": "build-2025-11-30"}),
        ("Please restart *web* (NOT `api`, that one's fine)", {"intent": "restart", "app": "web"}),
        (
            "~restart~ roll back `pay-gw` — a restart won't clear the bad config",
            {"intent": "rollback", "app": "pay-gw"},
        ),
        ("please do NOT restart api during the batch, we'd lose the window", {"intent": "unknown"}),
        ("overview of the cluster pls, <#C01OPS|ops> is asking if anything is down", {"intent": "overview"}),
        ("`web` 지금 괜찮나요? <@U04ABCDEF> 님이 오류 제보함", {"intent": "status", "app": "web"}),
        ("scale web to 0 and also create a new secret for the api key", {"intent": "unknown"}),
        ("`pay-gw` 재시작 ㄱㄱ 결제 지연", {"intent": "restart", "app": "pay-gw"}),
        ("안 늘리면 저녁 피크 못 버텨요. api 8개로 늘려주세요", {"intent": "scale", "app": "api", "replicas": 8}),
        ("에러 나면 web 재시작해줘", {"intent": "unknown"}),
        (
            "I know we already rolled back web once today, but it's broken again. roll it back again pls",
            {"intent": "rollback", "app": "web"},
        ),
        ("web 배포 이력 보여주세요. 언제부터 느려졌는지 확인하려구요", {"intent": "history", "app": "web"}),
        ("should we roll back api? show me its rollout history first", {"intent": "history", "app": "api"}),
        ("how do I ask you for a restart? what's the syntax", {"intent": "help"}),
    ],
)
def test_more_slack_shapes_met_on_held_out_text(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("롤백하기 전에 pay-gw 상태부터 확인해줘. 결제 문의가 좀 있어서", {"intent": "status", "app": "pay-gw"}),
        ("pull logs for api? customers get a 500 on checkout", {"intent": "logs", "app": "api"}),
        ("api logs pls, it's returning 503 since noon", {"intent": "logs", "app": "api"}),
        ("tail 500 lines of api logs", {"intent": "logs", "app": "api", "lines": 500}),
    ],
)
def test_the_change_a_look_comes_before_and_a_status_code_are_no_request_nor_count(
    text: str, expected: dict[str, object]
) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "연말 세일 때문에 주문 몰릴 것 같아요. `api` 여섯 개로 늘려주세요",
            {"intent": "scale", "app": "api", "replicas": 6},
        ),
        ("web 8개로 늘려 지금 당장. 대기열 밀림", {"intent": "scale", "app": "web", "replicas": 8}),
        (
            "pay-gw: scale to 2. we need fewer writers while the migration runs",
            {"intent": "scale", "app": "pay-gw", "replicas": 2},
        ),
        ("scale api to 5, everyone is checking out at once", {"intent": "scale", "app": "api", "replicas": 5}),
        ("내일 점검 때문에 안 될 것 같아요. web 재시작해줘", {"intent": "unknown"}),  # a time of its own: tomorrow
    ],
)
def test_a_reason_told_before_and_an_app_named_first_leave_the_request(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected
