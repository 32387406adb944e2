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


# Another cluster; a change named as the subject of what happened, a state, a plan or a question.
OTHER_APPS = ("order-svc", "stock-sync", "cart-api", "mailer", "search-web", "promo-batch", "user-auth", "img-cdn")
AFTERMATH = [
    "order-svc 재시작 때문에 주문이 몇 건 유실됐어",
    "stock-sync 롤백하고 나서 재고가 안 맞아",
    "cart-api 스케일 아웃 했는데도 느려",
    "mailer 배포 후에 메일이 두 번씩 가",
    "search-web restart loop 원인 좀 찾아줘",
    "promo-batch를 3개로 늘리는 게 맞을까?",
    "user-auth 배포 시간 언제가 좋을까",
    "img-cdn 롤백 버튼이 안 눌려",
    "order-svc scaled down to 0 overnight, why?",
    "the stock-sync rollback broke inventory",
    "after restarting cart-api the errors stopped",
    "mailer deploy went out at 3pm",
    "remind me to restart search-web tomorrow",
    "is it possible to scale promo-batch to 10?",
    "what happens if I roll back user-auth?",
    "img-cdn needs to be deployed by friday",
    "order-svc 재시작 안내 공지 써줘",
    "stock-sync 배포 로그 보여줘",
    "cart-api 롤백 이력",
    "mailer 스케일 관련 문서 링크",
    "재시작은 제가 직접 할게요 search-web",
    "promo-batch 이미 5개로 늘어나 있어",
    "user-auth 롤백 완료",
    "img-cdn v2 배포 끝",
    "order-svc 재시작 금지",
    "stock-sync restart는 보류",
    "cart-api 배포 취소됐어",
    "mailer 2개로 줄였습니다",
    "search-web 롤백 안됨?",
    "please don't touch promo-batch",
]


@pytest.mark.parametrize("text", AFTERMATH)
def test_talk_about_what_a_change_did_proposes_no_change(parse, text):
    assert parse(text, apps=OTHER_APPS).intent not in ("restart", "scale", "rollback", "deploy")
