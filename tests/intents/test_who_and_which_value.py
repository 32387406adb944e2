"""Who is asked (a handle in any script, a team), which value is meant (the one the request says, not
the one a clause tells is current), and what a namespace's "what's going on" asks. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from intents.builtin.parser import parse_text
from intents.provider import Context
from tests.intents.shop_frames import frame


@pytest.mark.parametrize(
    "text",
    [
        "@지훈 billing-api 롤백 부탁해요",
        "@서연 web 재시작 좀 해주세요 :pray:",
        "@ops-lead scale api to 3 pls",
        "DBA팀에서 api 재기동 해주세요, 커넥션 풀 바꿨대요",
        "인프라 파트에서 web 재시작 부탁드립니다",
        "infra team, can you restart web?",
        "hey platform folks: roll back pay-gw please",
    ],
)
def test_a_request_to_a_person_or_a_team_is_not_for_the_bot(text: str) -> None:
    assert frame(text) == {"intent": "unknown"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the team asked for it, or uses the app: the request is still the speaker's, to the bot
        ("DBA팀에서 요청 와서 web 재시작해줘", {"intent": "restart", "app": "web"}),
        ("데이터팀에서 쓰는 api 로그 보여줘", {"intent": "logs", "app": "api"}),
        ("@klepaas restart web", {"intent": "restart", "app": "web"}),
    ],
)
def test_a_team_that_asked_or_a_handle_of_the_bot_leaves_the_request_to_the_bot(
    text: str, expected: dict[str, object]
) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("web 지금 3개인데 5개로 늘려줘", {"intent": "scale", "app": "web", "replicas": 5}),
        ("pay-gw 지금 v2.0.1인데 v2.0.3으로 배포해줘", {"intent": "deploy", "app": "pay-gw", "image": "v2.0.3"}),
        (
            "api 지금 2개인데 여섯 개로 늘려주세요 shop-prod 네임스페이스요",
            {"intent": "scale", "app": "api", "replicas": 6, "namespace": "shop-prod"},
        ),
    ],
)
def test_the_value_the_request_says_stands_over_the_current_one(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's going on in shop-prod?", {"intent": "overview", "namespace": "shop-prod"}),
        ("whats happening in staging right now", {"intent": "overview", "namespace": "staging"}),
        ("what's going on with web?", {"intent": "status", "app": "web"}),
    ],
)
def test_what_is_going_on_in_a_namespace_asks_for_its_overview(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name asked for that is not here: no other app stands in for it by a word of the reason
        ("restart pay-router, the gw is timing out", {"intent": "unknown"}),
        ("billing-core 롤백해줘, billing 금액이 틀려요", {"intent": "unknown"}),
        # a code span followed by a Korean particle is still a name
        ("`web`을 재시작해줘", {"intent": "restart", "app": "web"}),
        (
            "api 이미지 `v1.44.2`로 바꿔줘 staging",
            {"intent": "deploy", "app": "api", "image": "v1.44.2", "namespace": "staging"},
        ),
        # a consonant typed tense, and "how is it running"
        ("web 리비전 7로 롤빽 해줘", {"intent": "rollback", "app": "web", "revision": 7}),
        ("api 어떻게 돌고 있어?", {"intent": "status", "app": "api"}),
        # a reason told with -아서/-어서 asks nothing beside the question
        ("staging에 파드 뭐뭐 떠있어? 빌드 올렸는데 안 보여서", {"intent": "list_pods", "namespace": "staging"}),
    ],
)
def test_names_spellings_and_reasons(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a change reported done, with a note to read it: nothing is asked
        ("web 아까 3개로 줄여놨어요 참고하세요", {"intent": "unknown"}),
        ("FYI: api rolled back to rev 12 :white_check_mark:", {"intent": "unknown"}),
        # a share is no count of lines or replicas
        ("grab logs for `web` pls, uploads stuck at 99%", {"intent": "logs", "app": "web"}),
        ("scale web to 50%", {"intent": "unknown"}),
    ],
)
def test_notices_and_shares(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a question about who did a change, and when: asked of people and the past, not of the bot now
        ("who restarted web at 3am?? nothing in the change log", {"intent": "unknown"}),
        # a fragment after a question tells its context
        (
            "what's going on in shop-prod? alarms firing everywhere :rotating_light:",
            {"intent": "overview", "namespace": "shop-prod"},
        ),
        ("anything weird in staging rn?", {"intent": "overview", "namespace": "staging"}),
        # what seems so, told; a proposal ("…으로 가죠") asks
        ("web 어제 밤에 제가 재시작했어요, 지금은 괜찮은 듯", {"intent": "unknown"}),
        ("롤백 말고 재시작으로 가죠, `pay-gw`", {"intent": "restart", "app": "pay-gw"}),
        # counts said short or in words
        ("api 레플 셋으로 ㄱㄱ", {"intent": "scale", "app": "api", "replicas": 3}),
        ("roll back billing-api to revision three", {"intent": "rollback", "app": "billing-api", "revision": 3}),
    ],
)
def test_questions_fragments_and_counts(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a time of day is no image, and "at 15:42" puts the request off
        ("*Update 15:42*\n• p99 back to normal\n• web stable since the restart", {"intent": "unknown"}),
        ("web 15:42에 배포해줘 v1.2.0", {"intent": "unknown"}),
        # from one value to another: the value it goes to is asked for
        ("api 이미지 v2.0.1 → v2.0.2 로 올려", {"intent": "deploy", "app": "api", "image": "v2.0.2"}),
        ("upgrade web from 1.2.0 to 1.3.0 pls", {"intent": "deploy", "app": "web", "image": "1.3.0"}),
        ("web 레플리카 3 → 5로 늘려줘", {"intent": "scale", "app": "web", "replicas": 5}),
    ],
)
def test_times_and_values_from_one_to_another(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


def test_a_time_of_day_is_never_an_image_a_model_may_propose() -> None:
    from intents.command import Command, Intent
    from intents.gate import guard

    proposed = Command(intent=Intent.DEPLOY, app="web", image="15:42")
    assert guard(proposed, "web update 15:42 please") == Command(intent=Intent.UNKNOWN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place "…에서" after a request is where, not a reason told
        (
            "`pay-gw` 스케일 아웃 8개로 shop-prod에서",
            {"intent": "scale", "app": "pay-gw", "replicas": 8, "namespace": "shop-prod"},
        ),
        (
            "billing-api 로그 백 줄 shop-dev에서",
            {"intent": "logs", "app": "billing-api", "lines": 100, "namespace": "shop-dev"},
        ),
        # an everyday adverb sounds like no app ("일단" is not "return")
        ("billing-api 재시작하지 말고 일단 로그만 봐줘", {"intent": "logs", "app": "billing-api"}),
        # a namespace said in another clause of a request of no app
        ("whats running in shop-prod, quick overview pls", {"intent": "overview", "namespace": "shop-prod"}),
    ],
)
def test_places_and_everyday_words(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


def test_an_everyday_adverb_is_no_app_by_its_sound() -> None:
    context = Context(apps=("return-api", "web"), namespaces=("default",))
    command = parse_text("일단 로그 봐줘", context).runnable()
    assert command.app is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # looking at the evidence is no condition
        (
            "api 롤백 ㄱㄱ <https://grafana.example.org/d/x|대시보드> 보면 배포 직후부터 레이턴시 튐",
            {"intent": "rollback", "app": "api"},
        ),
        # what the speaker would do is an opinion; "I'd like" still asks
        ("I'd roll back billing-api honestly, but it's your call", {"intent": "unknown"}),
        ("I'd like you to restart web", {"intent": "restart", "app": "web"}),
        # "nah", "아니 잠깐" correct what came before
        (
            "`api` is 404ing — restart it? nah, roll it back to revision 4",
            {"intent": "rollback", "app": "api", "revision": 4},
        ),
        ("web 스케일 4로... 아니 잠깐 6으로 해주세요", {"intent": "scale", "app": "web", "replicas": 6}),
        ("api 레플리카 2개로 줄여줘, 아 아니다 3개", {"intent": "scale", "app": "api", "replicas": 3}),
        # two changes in one message: one message, one change
        ("pay-gw 스케일 3으로 하고 이미지도 v1.9.0으로 바꿔줘", {"intent": "unknown"}),
        ("deploy v2.0.0 to web and scale it to 3", {"intent": "unknown"}),
        ("api 태그 r42 로 올려주세요", {"intent": "deploy", "app": "api", "image": "r42"}),
        # reads said by their noun alone; making a resource is no change the bot makes
        ("staging 개요", {"intent": "overview", "namespace": "staging"}),
        ("shop-dev 네임스페이스 인그레스 목록이요", {"intent": "list_ingresses", "namespace": "shop-dev"}),
        ("배포 목록 좀 shop-prod", {"intent": "list_deployments", "namespace": "shop-prod"}),
        ("shop-prod 네임스페이스에 지금 무슨 일 일어나고 있어요?", {"intent": "overview", "namespace": "shop-prod"}),
        ("web 용 ingress 새로 하나 만들어줘", {"intent": "unknown"}),
    ],
)
def test_evidence_opinions_corrections_and_reads(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("롤백 ㄱㄱ pay-gw 이번 버전 결제 오류 많음", {"intent": "rollback", "app": "pay-gw"}),  # "이번": this, not 2
        ("give me the lay of the land in shop-prod", {"intent": "overview", "namespace": "shop-prod"}),
        ("shop-dev 네임스페이스에 새 디플로이먼트 만들어줘 이름은 cart", {"intent": "unknown"}),
        (
            "restart `pay-gw`… wait no, I mean `billing-api`, the gateway is fine",
            {"intent": "restart", "app": "billing-api"},
        ),
    ],
)
def test_this_time_the_lay_of_the_land_and_a_new_deployment(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("web is failing healthchecks, bouce it", {"intent": "restart", "app": "web"}),  # a slip of "bounce"
        ("바뀐 버전들 보여줘 `api`", {"intent": "history", "app": "api"}),
        ("billing-api 리비전 몇 번까지 있는지 보고 싶어요", {"intent": "history", "app": "billing-api"}),
        # a domain or a path is no change the bot makes; asking for it is a read
        ("api 엔드포인트 새 도메인으로 바꿔주세요", {"intent": "unknown"}),
        ("web 인그레스에 /api 경로 하나 추가해주실 수 있나요?", {"intent": "unknown"}),
        ("web 도메인 뭐야?", {"intent": "endpoint", "app": "web"}),
    ],
)
def test_slips_histories_and_edits_the_bot_does_not_make(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


def test_a_verb_of_going_in_yo_tells_and_the_request_beside_it_stands() -> None:
    # "나가요" (goes out) tells; "-ㄴ가요" asks
    assert frame("api 롤백 ㄱㄱ 방금 배포한 버전에서 알림이 두 번씩 나가요") == {"intent": "rollback", "app": "api"}
    assert frame("web 괜찮은가요") == {"intent": "status", "app": "web"}
