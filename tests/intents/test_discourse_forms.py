"""Forms of Slack text that carry the request, or take it from the bot: each a class of the language,
checked on sentences written for these tests (not taken from any evaluation set)."""

from __future__ import annotations

import pytest

from intents.builtin.parser import parse_text
from intents.discourse import Mood, mood, read_message
from intents.discourse.clauses import split
from intents.provider import Context
from tests.intents.shop_frames import frame as shop_frame

APPS = ("web", "api", "billing-api", "rollback-guard", "gpu-worker", "log-router")
NAMESPACES = ("default", "prod", "staging", "shop-qa", "loadtest")
CONTEXT = Context(apps=APPS, namespaces=NAMESPACES)


def frame(text: str) -> dict[str, object]:
    return shop_frame(text, CONTEXT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a value in a clause of its own completes the request
        ("api 재시작 부탁드려요. shop-qa 쪽이요", {"intent": "restart", "app": "api", "namespace": "shop-qa"}),
        ("web 상태 어때? staging 꺼", {"intent": "status", "app": "web", "namespace": "staging"}),
        ("roll back billing-api please. revision 7", {"intent": "rollback", "app": "billing-api", "revision": 7}),
        ("api 롤백 해주세요. 리비전 12번으로요.", {"intent": "rollback", "app": "api", "revision": 12}),
        ("web 새 버전 배포해줘. 태그는 3.1.0", {"intent": "deploy", "app": "web", "image": "3.1.0"}),
        # a number in a clause that tells is no revision, and a test that ended names no namespace
        ("api 롤백해 주세요\n결제 금액이 이전보다 30원씩 커요", {"intent": "rollback", "app": "api"}),
        ("web 세 개로 줄여줘 부하테스트 끝났어", {"intent": "scale", "app": "web", "replicas": 3}),
        # a verbal noun with -요, or a request made by name
        ("web 재기동 요청드립니다.", {"intent": "restart", "app": "web"}),
        ("api 롤백요~ 에러 계속 남", {"intent": "rollback", "app": "api"}),
        # a labelled reason beside the request tells, it asks nothing
        ("• api 재시작 부탁\n• 이유: 배포 이후 커넥션 누수", {"intent": "restart", "app": "api"}),
        ("restart log-router\nreason: the deploy left it wedged", {"intent": "restart", "app": "log-router"}),
        # a person called by name is asked, not the bot
        ("현우야 web 배포 좀 해줘 v3", {"intent": "unknown"}),
        ("수진아, api 재시작해 줄 수 있어?", {"intent": "unknown"}),
        ("hey Daniel, could you restart api?", {"intent": "unknown"}),
        ("hey, restart api", {"intent": "restart", "app": "api"}),
        # taken back at the end of a clause
        ("~web 재시작해줘~ 아 다시 잘 되네요 무시하세요", {"intent": "unknown"}),
        # beside a command, fragments tell the context; a long report before a request does not hide it
        (
            "Orders queue at 40k, error budget fine. Nothing odd in the logs.\nRestart api please.",
            {"intent": "restart", "app": "api"},
        ),
        (
            "<!here> heads up, undoing the deploy on web.\nklepaas roll back web please",
            {"intent": "rollback", "app": "web"},
        ),
        ("어제 배포된 api 때문에 도면 연동이 깨집니다.\napi 롤백해주세요.", {"intent": "rollback", "app": "api"}),
        # a name that opens with a verb, or holds a word of the gate, is a name
        ("rollback-guard keeps crashing, roll it back", {"intent": "rollback", "app": "rollback-guard"}),
        ("gpu-worker 두 개로 줄여주세요", {"intent": "scale", "app": "gpu-worker", "replicas": 2}),
        # the count a past change set, or the one a change starts from, is not the one asked
        ("api 지난주에 9개로 늘린거 다시 4개로 줄여줘", {"intent": "scale", "app": "api", "replicas": 4}),
        ("web 2개 → 7개로 ㄱ", {"intent": "scale", "app": "web", "replicas": 7}),
        # tail's -n is a count of lines; an abbreviation ends no sentence
        ("tail log-router -n 40", {"intent": "logs", "app": "log-router", "lines": 40}),
        ("billing-api rollback to rev. 4 please", {"intent": "rollback", "app": "billing-api", "revision": 4}),
        # "skip" forbids what it names; the request after it stands
        ("skip the restart. deploy web 2.2.0 instead", {"intent": "deploy", "app": "web", "image": "2.2.0"}),
    ],
)
def test_the_form_decides_the_frame(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("테스트 끝났어", Mood.PAST),
        ("어제 다 옮겼지", Mood.PAST),
        ("배포요", Mood.DIRECTIVE),
        ("이유: 배포 이후 오류", Mood.STATEMENT),
    ],
)
def test_past_endings_are_read_from_the_syllable_not_a_list(clause: str, expected: Mood) -> None:
    assert mood(clause) is expected


def test_there_is_and_will_are_not_past() -> None:
    assert mood("자리 있어") is not Mood.PAST
    assert mood("곧 재시작하겠습니다") is not Mood.PAST


def test_actually_inside_a_sentence_opens_no_clause() -> None:
    assert [c.text for c in split("did the restart actually help?")] == ["did the restart actually help?"]
    assert [c.text for c in split("restart web. actually, roll it back")][-1] == "roll it back"


def test_a_short_korean_sentence_after_a_request_is_a_clause_of_its_own() -> None:
    parts = read_message("api 두 개로 줄여줘 점검 끝났어").parts
    assert [p.text for p in parts] == ["api 두 개로 줄여줘", "점검 끝났어"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # more or fewer without a count: by how much, which the bot cannot set
        ("web 스케일 좀 더 올려줘", {"intent": "unknown"}),
        ("scale api up a bit more", {"intent": "unknown"}),
        ("web 더 이상 못 버텨요 네 개로 늘려줘", {"intent": "scale", "app": "web", "replicas": 4}),
        # a wish in the plain form tells; "would be great" asks
        ("ㅋㅋ api 롤백 ㄱ 하고 싶다 진짜", {"intent": "unknown"}),
        ("api is timing out on every call, a restart would be great", {"intent": "restart", "app": "api"}),
        # a leading interjection leaves the question a question
        ("yo is web up", {"intent": "status", "app": "web"}),
        # a version set, or rolled forward to, is a deploy; an image's tag changed to one too
        ("set `web` to `v2.0.1` :package:", {"intent": "deploy", "app": "web", "image": "v2.0.1"}),
        ("roll api forward to 1.4.0-rc2", {"intent": "deploy", "app": "api", "image": "1.4.0-rc2"}),
        ("billing-api 이미지 태그 바꿔줘 `v3.3.0`", {"intent": "deploy", "app": "billing-api", "image": "v3.3.0"}),
        ("redeploy web with 0.9.1", {"intent": "deploy", "app": "web", "image": "0.9.1"}),
        # the previous revision, said with 리비전
        ("api 이전 리비전으로", {"intent": "rollback", "app": "api"}),
    ],
)
def test_amounts_wishes_and_versions(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a typed @handle calls a person or a group; a broadcast does not
        ("@minji could you deploy 3.0.0 to web?", {"intent": "unknown"}),
        ("@oncall can someone bounce api", {"intent": "unknown"}),
        ("@here restart api please", {"intent": "restart", "app": "api"}),
        # a count said only roughly
        ("web 레플리카 서너 개 정도로 늘려줘", {"intent": "unknown"}),
        ("scale api to 4-5 pods", {"intent": "unknown"}),
        # an opinion asked, a wish in English, "help" as the verb of a question
        ("web 롤백하는 거 어떻게 생각하세요?", {"intent": "unknown"}),
        ("honestly I'd love to scale api to 20 and forget about it", {"intent": "unknown"}),
        ("we restarted it an hour ago. did that help?", {"intent": "unknown"}),
        ("help", {"intent": "help"}),
        # "could use a restart" asks; "at 12 replicas" is no clock time; "4,000" divides no clause
        ("api could use a restart, memory keeps creeping up", {"intent": "restart", "app": "api"}),
        ("could we get web at 12 replicas? traffic is spiking", {"intent": "scale", "app": "web", "replicas": 12}),
        ("please restart log-router, backlog is at 4,000 and not draining", {"intent": "restart", "app": "log-router"}),
        # a name with a digit before 이미지 is the app, and a verb sounds out no namespace
        (
            "web2-gw 이미지 `registry.local/shop/web2-gw:1.2.0` 로 바꿔주세요",
            {"intent": "deploy", "app": "web2-gw", "image": "registry.local/shop/web2-gw:1.2.0"},
        ),
        ("api 레플리카 세 개로 맞춰줘", {"intent": "scale", "app": "api", "replicas": 3}),
        (
            "api 롤백 rev 5, shop-qa 네임스페이스",
            {"intent": "rollback", "app": "api", "namespace": "shop-qa", "revision": 5},
        ),
    ],
)
def test_who_is_asked_how_sure_and_what_is_named(text: str, expected: dict[str, object]) -> None:
    context = Context(apps=(*APPS, "web2-gw"), namespaces=(*NAMESPACES, "ami-edge"))
    assert {k: v for k, v in parse_text(text, context).model_dump(mode="json").items() if v is not None} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a retraction says after it replaces what came before
        ("~web~ 아 아니다 api 재시작해줘", {"intent": "restart", "app": "api"}),
        ("api 두 개로 스케일\n아 아니다 다섯 개로", {"intent": "scale", "app": "api", "replicas": 5}),
        ("web 재시작 말고... 아 아니다 그냥 재시작해줘", {"intent": "restart", "app": "web"}),
        # versions back: one is the previous one, more is no revision
        ("api 한 단계 전 버전으로 돌려줘", {"intent": "rollback", "app": "api"}),
        ("api 세 버전 전으로 돌려줘", {"intent": "unknown"}),
        ("scale web down to one, nobody uses it at night", {"intent": "scale", "app": "web", "replicas": 1}),
        ("add a couple more pods to api", {"intent": "unknown"}),
        # -해 ends a sentence before another; 킥 restarts
        ("api 재시작해 결제 콜백 안 들어옴", {"intent": "restart", "app": "api"}),
        ("web 킥 한번 해줘 세션이 꼬였어", {"intent": "restart", "app": "web"}),
        # a namespace in an aside, or only as a word in a telling clause
        (
            "web 되돌려 주세요~ 어제 배포한 거 문제 있음 (shop-qa)",
            {"intent": "rollback", "app": "web", "namespace": "shop-qa"},
        ),
        ("api logs pls, something about loadtest timeouts", {"intent": "logs", "app": "api"}),
    ],
)
def test_corrections_amounts_and_asides(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # -해 before 주세요 is one verb, not a sentence's end
        ("@klepaas api 롤백해 주세요 revision 41로", {"intent": "rollback", "app": "api", "revision": 41}),
        # "on search" is no namespace mark; a namespace corrected in an aside stays with the request
        ("p95 on loadtest just went to 9s\n@klepaas restart web", {"intent": "restart", "app": "web"}),
        (
            "재시작 한번만 부탁드립니다 `api` (prod 아니고 staging 쪽이요)",
            {"intent": "restart", "app": "api", "namespace": "staging"},
        ),
    ],
)
def test_values_stay_with_their_request(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the bot called by its name as typed
        ("klepaas is web healthy right now", {"intent": "status", "app": "web"}),
        ("확인. klepaas 지금 바로 api 재시작", {"intent": "restart", "app": "api"}),
        # -여 for -요, a report closed by -ㅁ, a destination cut short with -요
        ("web 재시작해주세여 배너가 안내려감", {"intent": "restart", "app": "web"}),
        ("api 스케일아웃 다섯개로요 주문 몰림 ㅋㅋ", {"intent": "scale", "app": "api", "replicas": 5}),
        # verbs people use
        ("show me what api printed, last 200 lines", {"intent": "logs", "app": "api", "lines": 200}),
        ("web: go back one revision", {"intent": "rollback", "app": "web"}),
        ("@klepaas roll the pods on api", {"intent": "restart", "app": "api"}),
        # by how much, later, thanks, access
        ("api 두 개만 더 늘려줘", {"intent": "unknown"}),
        ("scale web to 30 at kickoff", {"intent": "unknown"}),
        ("thanks for the quick rollback on web 🙏", {"intent": "unknown"}),
        ("신입한테 prod 접근권한 주세요", {"intent": "unknown"}),
    ],
)
def test_the_bot_by_name_and_everyday_forms(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # destructive words where the message tells, not asks; everyday hyphenated words are no app names
        (
            "can you cycle api in staging? hit ratio dropped to zero after the purge",
            {"intent": "restart", "app": "api", "namespace": "staging"},
        ),
        ("web 파드들 재시작 해줘\n결제 페이지가 10분째 멈춰있음", {"intent": "restart", "app": "web"}),
        ("reboot web, check-in window opens in 10 and it's 503ing", {"intent": "restart", "app": "web"}),
        ("web 파드 하나만 죽여줘", {"intent": "unknown"}),
        # "바로요" is an adverb, not a count cut short; the count before it stands
        ("api 레플리카 12개로. 지금 바로요 🔥", {"intent": "scale", "app": "api", "replicas": 12}),
        ("web 리비전 뭐뭐 있어?", {"intent": "history", "app": "web"}),
        # a person called before "can you"; a name that is no app here, whatever another clause suggests
        ("Minho can you bounce web?", {"intent": "unknown"}),
        ("restart ledger-sync, it's pulling stale billing data", {"intent": "unknown"}),
    ],
)
def test_told_words_names_and_people(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected
