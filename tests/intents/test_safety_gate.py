"""The safety gate: a message that mentions a change without asking for it now proposes nothing."""

from __future__ import annotations

import pytest

MENTIONS = [
    # past, or a question whether it happened
    "어제 게이트웨이 재시작했잖아",
    "장바구니 서비스 아까 재시작됐어?",
    "결제 api 롤백 했었나?",
    "프론트엔드 배포 벌써 했어?",
    "검색 워커 스케일 줄였던 거 기억나?",
    "지난주에 jenkins 재부팅한 사람 누구야",
    "cart-service 오늘 아침에 배포된 거 맞지?",
    "did someone restart the gateway last night?",
    "was payment-api rolled back yesterday?",
    "we scaled search-worker to 4 on friday",
    "frontend got redeployed this morning, right?",
    "has anyone bounced kafka-consumer today?",
    "I already restarted admin-web an hour ago",
    "gateway restart 했던 거 맞지?",
    "inventory-api scale 했었어?",
    "user-db rollback 된 거야?",
    # negations
    "게이트웨이 재시작하지 마",
    "결제 api는 절대 롤백하지 말아줘",
    "프론트 배포는 안 해도 돼",
    "검색 워커 스케일 줄이지 말고 그대로 둬",
    "don't restart the gateway, it's fine",
    "do not roll back payment-api",
    "please never scale user-db down",
    "no need to redeploy frontend",
    "hold off, don't deploy cart-service until the sale ends",
    "jenkins restart 하지 마세요",
    # talk about a change: reports, permissions, meetings, alert rules, costs, how-to
    "게이트웨이 재시작 보고서 좀 써줘",
    "결제 api 롤백 관련 회의 잡아줘",
    "나한테 배포 권한 좀 줘",
    "재시작 알림 규칙 만들어줘",
    "장바구니 서비스 레플리카 10개로 늘리면 비용 얼마나 나와?",
    "배포 승인 누가 해줘야 돼?",
    "프론트엔드 롤백 방법 알려줘",
    "write a postmortem for the gateway rollback",
    "give me permission to deploy frontend",
    "schedule a meeting about the payment-api restart",
    "set up an alert rule for when search-worker restarts",
    "how much would it cost to scale cart-service to 20?",
    "how do I roll back payment-api myself?",
    "open a ticket to restart jenkins",
    # changes the bot cannot make
    "게이트웨이 CPU 리밋 4코어로 올려줘",
    "결제 api 메모리 2기가로 늘려줘",
    "프론트엔드 로그 레벨 debug로 바꿔줘",
    "장바구니 서비스 HPA 최대치 20으로 설정해줘",
    "노드 3대 더 늘려줘",
    "새 네임스페이스 만들어줘 이름은 sandbox",
    "로그 보관 기간 60일로 늘려줘",
    "raise the memory limit of gateway to 2Gi",
    "bump cpu requests for payment-api",
    "set the log level of frontend to debug",
    "increase max replicas on the cart-service hpa",
    "add two more nodes to the cluster",
    "create a namespace called sandbox",
    # later, or hypothetical
    "내일 아침에 게이트웨이 재시작할 예정이야",
    "배포 끝나면 검색 워커 스케일 줄일게",
    "restart gateway tomorrow morning",
    "if payment-api breaks again we should roll it back",
    "should we scale cart-service up before the sale?",
    "is it safe to restart user-db during the day?",
    "게이트웨이 재시작하면 세션 다 끊겨?",
    # statements and questions that only mention a verb
    "재시작이 답은 아닌 것 같아",
    "rollbacks make me nervous",
    "the deploy pipeline is slow today",
    "why did cart-service restart so many times?",
    "프론트엔드 재시작 몇 번 했는지 알아?",
    # the change as a topic: counts, policies, plans, settings to look at
    "gateway restart count keeps going up",
    "what is the restart policy of jenkins",
    "rollback plan for payment-api?",
    # a verb typed with a slip is still only mentioned
    "we didn't rollbak payment-api",
    "should we restrat jenkins?",
]


@pytest.mark.parametrize("text", MENTIONS)
def test_a_mentioned_change_is_not_proposed(parse, text):
    assert parse(text).intent == "unknown"


def test_the_suite_holds_at_least_sixty_sentences():
    assert len(set(MENTIONS)) >= 60


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("어제 배포한 거 롤백해줘 프론트엔드", "rollback"),
        ("게이트웨이 재시작 부탁해요", "restart"),
        ("can you restart the gateway?", "restart"),
        ("it'd be great if you could restart jenkins", "restart"),
        ("cart-service 3개로 늘려줘", "scale"),
        ("please roll back payment-api", "rollback"),
        ("frontend restart 해줘", "restart"),
        ("rollbak payment-api", "rollback"),
        ("restrat jenkins pls", "restart"),
    ],
)
def test_a_change_asked_for_now_still_passes(parse, text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "방금 배포한 프론트엔드 잘 떴어?",
        "gateway restart 했던데 지금 상태 어때?",
        "게이트웨이 재시작 횟수 확인해줘",
        "검색 워커 스케일링 설정 좀 봐줘",
    ],
)
def test_a_question_about_a_change_is_answered_as_status(parse, text):
    assert parse(text).intent == "status"
