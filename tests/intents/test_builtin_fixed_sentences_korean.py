"""
Korean and English as people type them, on clusters once held out from the parser.

The parser was fixed on these sentences, so they are regression tests now, not evidence that it
generalises: that is measured on held-out sets by bench/bench_intents.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from intents.provider import Context
from tests.support.frames import said_frame

# Korean as people type it in chat, on a commerce back office.
CLUSTER_9 = Context(
    apps=(
        "member-grade",
        "gift-card",
        "review-moderator",
        "delivery-eta",
        "store-locator",
        "coupon-validator",
        "point-exchange",
        "banner-admin",
        "cs-chatbot",
        "return-handler",
    ),
    namespaces=("default", "prod", "stage", "dev", "batch"),
)
CASES_9: list[tuple[str, dict[str, Any]]] = [
    ("회원 등급 서비스 재시작 부탁드려요", dict(intent="restart", app="member-grade")),
    ("기프트 카드 로그 좀 봐야겠어", dict(intent="logs", app="gift-card")),
    ("리뷰 검열기 상태가 이상해", dict(intent="status", app="review-moderator")),
    ("배송 예상시간 서비스 두 대로 줄여", dict(intent="scale", app="delivery-eta", replicas=2)),
    ("매장 찾기 서비스 주소 뭐야", dict(intent="endpoint", app="store-locator")),
    ("쿠폰 검증기 롤백해주세요", dict(intent="rollback", app="coupon-validator")),
    ("포인트 교환 v1.3.0 배포 ㄱㄱ", dict(intent="deploy", app="point-exchange", image="v1.3.0")),
    ("배너 어드민 재시작해", dict(intent="restart", app="banner-admin")),
    ("상담 챗봇 로그 100줄 보여줘", dict(intent="logs", app="cs-chatbot", lines=100)),
    ("반품 처리기 레플리카 다섯 개로 맞춰줘", dict(intent="scale", app="return-handler", replicas=5)),
    ("운영 쿠폰 검증기 상태", dict(intent="status", app="coupon-validator", namespace="prod")),
    ("스테이지 기프트카드 재시작", dict(intent="restart", app="gift-card", namespace="stage")),
    ("개발 환경 파드 뭐 떠있어", dict(intent="list_pods", namespace="dev")),
    ("운영 서비스 목록", dict(intent="list_services", namespace="prod")),
    ("batch 네임스페이스 디플로이먼트 보여줘", dict(intent="list_deployments", namespace="batch")),
    ("운영 전체적으로 문제 없어?", dict(intent="overview", namespace="prod")),
    ("네임스페이스 목록 보여줘", dict(intent="list_namespaces")),
    ("이거 어떻게 쓰는 거예요?", dict(intent="help")),
    ("쿠폰 검증기 배포 이력 보여줘", dict(intent="history", app="coupon-validator")),
    ("회원 등급 서비스 이전 버전으로 되돌려줘", dict(intent="rollback", app="member-grade")),
    ("기프트 카드 재시작했더니 괜찮아졌어", dict(intent="unknown")),
    ("리뷰 검열기 롤백하면 데이터 꼬일까?", dict(intent="unknown")),
    ("배송 예상시간 서비스 스케일은 내일 하자", dict(intent="unknown")),
    ("매장 찾기 배포는 금요일 이후로", dict(intent="unknown")),
    ("포인트 교환 재시작한 사람?", dict(intent="unknown")),
    ("상담 챗봇 메모리 늘려줘", dict(intent="unknown")),
    ("반품 처리기 롤백 절대 하지 마", dict(intent="unknown")),
    ("배너 어드민 배포 승인 요청 드립니다", dict(intent="unknown")),
    ("쿠폰 검증기 재시작 몇 번 했어?", dict(intent="unknown")),
    ("고마워 덕분에 살았다", dict(intent="unknown")),
]


# A ride-hailing cluster: names by meaning ("배차 매칭", "도착 예측"), hedges, factors, GPUs.
CLUSTER_10 = Context(
    apps=(
        "ride-matcher",
        "fare-calc",
        "driver-app-api",
        "surge-pricer",
        "trip-history",
        "map-matcher",
        "eta-predictor",
        "payment-settler",
        "promo-code",
        "sos-alert",
    ),
    namespaces=("default", "prod", "stage", "ml", "kube-system"),
)
CASES_10: list[tuple[str, dict[str, Any]]] = [
    ("배차 매칭 서버 재시작", dict(intent="restart", app="ride-matcher")),
    ("요금 계산기 로그 50줄", dict(intent="logs", app="fare-calc", lines=50)),
    ("드라이버 앱 api 상태 어때?", dict(intent="status", app="driver-app-api")),
    ("서지 프라이서 4개로 늘려", dict(intent="scale", app="surge-pricer", replicas=4)),
    ("운행 이력 서비스 주소", dict(intent="endpoint", app="trip-history")),
    ("맵 매처 롤백해줘", dict(intent="rollback", app="map-matcher")),
    ("도착 예측 모델 서버 v12 배포", dict(intent="deploy", app="eta-predictor", image="v12")),
    ("정산기 재기동 부탁", dict(intent="restart", app="payment-settler")),
    ("프로모 코드 서비스 리비전 3으로 롤백", dict(intent="rollback", app="promo-code", revision=3)),
    ("sos 알림 상태 확인", dict(intent="status", app="sos-alert")),
    ("ml 네임스페이스에서 eta-predictor 로그", dict(intent="logs", app="eta-predictor", namespace="ml")),
    ("restart surge pricer on stage", dict(intent="restart", app="surge-pricer", namespace="stage")),
    ("fare-calc to 8 replicas", dict(intent="scale", app="fare-calc", replicas=8)),
    ("rollback ride matcher", dict(intent="rollback", app="ride-matcher")),
    ("deploy promo-code:2.2.2", dict(intent="deploy", app="promo-code", image="promo-code:2.2.2")),
    ("is sos-alert running fine", dict(intent="status", app="sos-alert")),
    ("trip history logs", dict(intent="logs", app="trip-history")),
    ("where is map matcher exposed", dict(intent="endpoint", app="map-matcher")),
    ("ml ns pods", dict(intent="list_pods", namespace="ml")),
    ("prod 요약 좀", dict(intent="overview", namespace="prod")),
    ("sos-alert 재시작 하지 말고 로그만 봐줘", dict(intent="logs", app="sos-alert")),
    ("ride-matcher 스케일 다운됐던데 누가 했어?", dict(intent="unknown")),
    ("surge-pricer 롤백 해봤자 소용없어", dict(intent="unknown")),
    ("fare-calc 배포 언제 나가요?", dict(intent="unknown")),
    ("eta-predictor gpu 늘려줘", dict(intent="unknown")),
    ("promo-code restart needed? not sure", dict(intent="unknown")),
    ("map-matcher was redeployed by CI", dict(intent="unknown")),
    ("driver-app-api 재시작 전에 공지부터", dict(intent="unknown")),
    ("trip-history 두 배로 늘려줘", dict(intent="unknown")),
    ("payment-settler 롤백 리허설 일정 잡자", dict(intent="unknown")),
]


# A social app: the change as a topic ("롤백은 PM이랑"), "scale up이 답일까?".
CLUSTER_11 = Context(
    apps=(
        "news-feed",
        "comment-svc",
        "like-counter",
        "follow-graph",
        "story-uploader",
        "hashtag-index",
        "dm-relay",
        "spam-filter",
        "trend-ranker",
        "push-gateway",
    ),
    namespaces=("default", "prod", "staging", "dev", "kube-system"),
)
CASES_11: list[tuple[str, dict[str, Any]]] = [
    ("뉴스 피드 재시작해줘", dict(intent="restart", app="news-feed")),
    ("댓글 서비스 로그 보여줘", dict(intent="logs", app="comment-svc")),
    ("좋아요 카운터 상태", dict(intent="status", app="like-counter")),
    ("팔로우 그래프 스케일 5", dict(intent="scale", app="follow-graph", replicas=5)),
    ("스토리 업로더 롤백", dict(intent="rollback", app="story-uploader")),
    ("해시태그 인덱스 주소 알려줘", dict(intent="endpoint", app="hashtag-index")),
    ("dm 릴레이 재기동", dict(intent="restart", app="dm-relay")),
    ("스팸 필터 v2.0 배포해줘", dict(intent="deploy", app="spam-filter", image="v2.0")),
    ("트렌드 랭커 세 개로 줄여줘", dict(intent="scale", app="trend-ranker", replicas=3)),
    ("푸시 게이트웨이 로그 30줄", dict(intent="logs", app="push-gateway", lines=30)),
    ("restart news feed please", dict(intent="restart", app="news-feed")),
    ("comment svc status", dict(intent="status", app="comment-svc")),
    ("scale like counter to 12", dict(intent="scale", app="like-counter", replicas=12)),
    ("follow-graph logs --tail 80", dict(intent="logs", app="follow-graph", lines=80)),
    ("roll back story uploader in staging", dict(intent="rollback", app="story-uploader", namespace="staging")),
    ("deploy hashtag-index sha-1a2b3c4", dict(intent="deploy", app="hashtag-index", image="sha-1a2b3c4")),
    ("spam filter url?", dict(intent="endpoint", app="spam-filter")),
    ("trend-ranker ok?", dict(intent="status", app="trend-ranker")),
    ("get svc -n prod", dict(intent="list_services", namespace="prod")),
    ("kube-system pods", dict(intent="list_pods", namespace="kube-system")),
    ("스팸 필터 재시작 해도 돼?", dict(intent="unknown")),
    ("news-feed 재시작 때문에 알림 폭탄 맞았어", dict(intent="unknown")),
    ("comment-svc 롤백은 PM이랑 얘기해봐", dict(intent="unknown")),
    ("like-counter scale up이 답일까?", dict(intent="unknown")),
    ("story-uploader deploy freeze 중이야", dict(intent="unknown")),
    ("hashtag-index 재인덱싱 해줘", dict(intent="unknown")),
    ("push-gateway 인증서 갱신해줘", dict(intent="unknown")),
    ("dm-relay 노드 옮겨줘", dict(intent="unknown")),
    ("trend-ranker 재시작 스크립트 어디 있어?", dict(intent="unknown")),
    ("follow-graph restart했는데 또 죽었어", dict(intent="unknown")),
]


# A fintech cluster: requests with reasons, and talk about changes (automation, permissions, notices).
CLUSTER_12 = Context(
    apps=(
        "ledger",
        "risk-engine",
        "kyc-api",
        "fx-quotes",
        "card-auth",
        "settle-batch",
        "statement-gen",
        "limit-checker",
    ),
    namespaces=("default", "prod", "uat", "dev"),
)
CASES_12: list[tuple[str, dict[str, Any]]] = [
    ("restart ledger", dict(intent="restart", app="ledger")),
    ("원장 재시작", dict(intent="restart", app="ledger")),
    ("리스크 엔진 로그 200줄", dict(intent="logs", app="risk-engine", lines=200)),
    ("kyc api 상태 좀", dict(intent="status", app="kyc-api")),
    ("환율 시세 서비스 롤백", dict(intent="rollback", app="fx-quotes")),
    ("정산 배치 재시작 ㄱㄱ", dict(intent="restart", app="settle-batch")),
    ("명세서 생성기 v8 배포", dict(intent="deploy", app="statement-gen", image="v8")),
    ("한도 체커 주소", dict(intent="endpoint", app="limit-checker")),
    ("uat에서 risk-engine 재시작", dict(intent="restart", app="risk-engine", namespace="uat")),
    ("uat 네임스페이스 파드", dict(intent="list_pods", namespace="uat")),
    ("restart card-auth asap, payments are failing", dict(intent="restart", app="card-auth")),
    ("the ledger is slow, can you restart it?", dict(intent="restart", app="ledger")),
    ("please scale risk-engine to 6, traffic spike", dict(intent="scale", app="risk-engine", replicas=6)),
    ("kyc-api broke after the deploy, roll it back", dict(intent="rollback", app="kyc-api")),
    ("fx-quotes v2.1 is ready, ship it", dict(intent="deploy", app="fx-quotes", image="v2.1")),
    ("who deployed limit-checker today?", dict(intent="unknown")),
    ("card-auth rollback postmortem is due friday", dict(intent="unknown")),
    ("ledger restarts are expected during maintenance", dict(intent="unknown")),
    ("we might need to scale settle-batch next month", dict(intent="unknown")),
    ("I restarted risk-engine, all good now", dict(intent="unknown")),
    ("kyc-api 롤백 후 에러율 그래프 보여줘", dict(intent="unknown")),
    ("fx-quotes 배포 자동화 스크립트 고쳐줘", dict(intent="unknown")),
    ("원장 재시작 시 주의사항 알려줘", dict(intent="unknown")),
    ("limit-checker 재시작 권한 요청", dict(intent="unknown")),
    ("card-auth 스케일 아웃 비용 계산해줘", dict(intent="unknown")),
    ("settle-batch 배포 창구 열렸어?", dict(intent="unknown")),
    ("리스크 엔진 롤백 했다고 공지해줘", dict(intent="unknown")),
    ("명세서 생성기 재시작 완료됐나요", dict(intent="unknown")),
]


@pytest.mark.parametrize(("text", "expected"), CASES_9)
def test_chat_korean_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_9) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_10)
def test_a_ride_hailing_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_10) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_11)
def test_a_social_app_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_11) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_12)
def test_a_fintech_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_12) == expected
