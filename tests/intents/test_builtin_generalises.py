"""Sentences and apps the parser was not built on: names by meaning, sound or spelling, new phrasings."""

from __future__ import annotations

from typing import Any

import pytest

from intents.builtin.parser import parse_text
from intents.provider import Context

CLUSTER_1 = Context(
    apps=(
        "invoice-generator",
        "video-transcoder",
        "pricing-engine",
        "member-service",
        "coupon-api",
        "delivery-tracker",
        "search-api",
        "notification-worker",
        "point-ledger",
        "ranking-board",
        "login-gateway",
        "config-server",
    ),
    namespaces=("default", "prod", "staging", "dev", "kube-system", "jobs"),
)
CASES_1: list[tuple[str, dict[str, Any]]] = [
    ("청구서 생성기 재시작해줘", dict(intent="restart", app="invoice-generator")),
    ("인보이스 제너레이터 로그 100줄", dict(intent="logs", app="invoice-generator", lines=100)),
    ("영상 변환기 레플리카 네 개로", dict(intent="scale", app="video-transcoder", replicas=4)),
    ("비디오 트랜스코더 상태 어때", dict(intent="status", app="video-transcoder")),
    ("가격 엔진 원복해줘", dict(intent="rollback", app="pricing-engine")),
    ("프라이싱 엔진 껐다 켜", dict(intent="restart", app="pricing-engine")),
    ("회원 서비스 주소 알려줘", dict(intent="endpoint", app="member-service")),
    ("멤버서비스재시작", dict(intent="restart", app="member-service")),
    ("쿠폰 api 두 개로 줄여줘", dict(intent="scale", app="coupon-api", replicas=2)),
    ("배송 추적기 로그 좀", dict(intent="logs", app="delivery-tracker")),
    ("딜리버리 트래커 롤백", dict(intent="rollback", app="delivery-tracker")),
    ("검색 api 운영에서 재시작 부탁", dict(intent="restart", app="search-api", namespace="prod")),
    ("알림 워커 스테이징 상태", dict(intent="status", app="notification-worker", namespace="staging")),
    ("포인트 원장 v2.3.1 배포해줘", dict(intent="deploy", app="point-ledger", image="v2.3.1")),
    ("랭킹 보드 삼십 줄 로그", dict(intent="logs", app="ranking-board", lines=30)),
    ("로그인 게이트웨이 다섯 대로 늘려", dict(intent="scale", app="login-gateway", replicas=5)),
    ("설정 서버 재기동", dict(intent="restart", app="config-server")),
    ("컨피그 서버 이전 버전으로 돌려줘", dict(intent="rollback", app="config-server")),
    ("restrat the pricing engine", dict(intent="restart", app="pricing-engine")),
    ("bounce member service pls", dict(intent="restart", app="member-service")),
    ("take coupon-api down to a single replica", dict(intent="scale", app="coupon-api", replicas=1)),
    ("give search-api a dozen replicas", dict(intent="scale", app="search-api", replicas=12)),
    ("tail 200 lines from the video transcoder", dict(intent="logs", app="video-transcoder", lines=200)),
    ("where can I reach the login gateway?", dict(intent="endpoint", app="login-gateway")),
    ("revert ranking-board to revision 4", dict(intent="rollback", app="ranking-board", revision=4)),
    (
        "ship point-ledger:1.4.0 to staging",
        dict(intent="deploy", app="point-ledger", namespace="staging", image="point-ledger:1.4.0"),
    ),
    ("is the invoice generator healthy?", dict(intent="status", app="invoice-generator")),
    ("show me staging's pods", dict(intent="list_pods", namespace="staging")),
    ("kube-system 네임스페이스에 있는 파드 목록", dict(intent="list_pods", namespace="kube-system")),
    ("show pods in the kube-system namespace", dict(intent="list_pods", namespace="kube-system")),
    ("jobs 네임스페이스 디플로이먼트", dict(intent="list_deployments", namespace="jobs")),
    ("what services do we have in dev", dict(intent="list_services", namespace="dev")),
    ("ingress 목록 보여줘", dict(intent="list_ingresses")),
    ("네임스페이스 뭐뭐 있어", dict(intent="list_namespaces")),
    ("앱 목록", dict(intent="list_apps")),
    ("너 뭐 할 수 있어?", dict(intent="help")),
    ("사용법 좀 알려줘", dict(intent="help")),
    ("what commands do you understand?", dict(intent="help")),
    ("어떻게 쓰는지 모르겠어", dict(intent="help")),
    ("anything on fire in prod?", dict(intent="overview", namespace="prod")),
    ("운영 전체 상황 어때?", dict(intent="overview", namespace="prod")),
    ("how's staging looking?", dict(intent="overview", namespace="staging")),
    ("are all replicas of search-api ready?", dict(intent="status", app="search-api")),
    ("did the pricing-engine rollout finish?", dict(intent="status", app="pricing-engine")),
    ("what image is coupon-api running?", dict(intent="status", app="coupon-api")),
    ("member-service kept crashing earlier, how is it now?", dict(intent="status", app="member-service")),
    ("쿠폰 api 아까 계속 죽던데 지금은 괜찮아?", dict(intent="status", app="coupon-api")),
    ("검색 api 재시작 했었나?", dict(intent="unknown")),
    ("don't restart search-api", dict(intent="unknown")),
    ("가격 엔진 메모리 리밋 올려줘", dict(intent="unknown")),
    ("login-gateway 로그 레벨 debug로", dict(intent="unknown")),
    ("점심 뭐 먹지", dict(intent="unknown")),
    ("스케일링이 뭐야?", dict(intent="unknown")),
    ("invoice generator restart 좀 해줘", dict(intent="restart", app="invoice-generator")),
    ("ranking board 3개로 scale 해줘", dict(intent="scale", app="ranking-board", replicas=3)),
    ("notification-worker 로그 tail 50", dict(intent="logs", app="notification-worker", lines=50)),
    ("알림 워커 half a dozen 으로", dict(intent="scale", app="notification-worker", replicas=6)),
    ("포인트 원장 한 개로 줄여", dict(intent="scale", app="point-ledger", replicas=1)),
    ("쿠폰 api 열 개로 늘려주세요", dict(intent="scale", app="coupon-api", replicas=10)),
    ("검색 api 이백 줄 로그", dict(intent="logs", app="search-api", lines=200)),
    ("비디오 트랜스코더 리비전 3으로 롤백", dict(intent="rollback", app="video-transcoder", revision=3)),
    ("scale pricing-engine to three", dict(intent="scale", app="pricing-engine", replicas=3)),
    ("put coupon-api on v9.1", dict(intent="deploy", app="coupon-api", image="v9.1")),
    ("prod 쿠폰 api 재시작", dict(intent="restart", app="coupon-api", namespace="prod")),
]

CLUSTER_2 = Context(
    apps=(
        "ledger-api",
        "otp-sender",
        "kakao-notifier",
        "settlement-worker",
        "seat-reserver",
        "map-tiles",
        "chat-moderator",
        "coupon-redeemer",
        "avatar-uploader",
        "subscription-billing",
        "stream-relay",
        "weather-cache",
    ),
    namespaces=("default", "production", "stage", "dev", "kube-system", "ops"),
)
CASES_2: list[tuple[str, dict[str, Any]]] = [
    ("원장 api 재시작 좀 해주세요", dict(intent="restart", app="ledger-api")),
    ("레저 api 로그 최근 80줄", dict(intent="logs", app="ledger-api", lines=80)),
    ("인증번호 발송기 상태 확인", dict(intent="status", app="otp-sender")),
    ("otp 센더 두 대로 늘려줘", dict(intent="scale", app="otp-sender", replicas=2)),
    ("카카오 알리미 롤백 부탁", dict(intent="rollback", app="kakao-notifier")),
    ("카톡 알림 재시작", dict(intent="restart", app="kakao-notifier")),
    ("정산 워커 레플리카 0으로", dict(intent="scale", app="settlement-worker", replicas=0)),
    ("좌석 예약 서비스 주소가 뭐야", dict(intent="endpoint", app="seat-reserver")),
    ("시트 리저버 재배포 말고 재시작만 해줘", dict(intent="restart", app="seat-reserver")),
    ("지도 타일 서버 로그", dict(intent="logs", app="map-tiles")),
    ("맵타일재시작해줘", dict(intent="restart", app="map-tiles")),
    ("채팅 모더레이터 상태 어때?", dict(intent="status", app="chat-moderator")),
    ("채팅 검열기 이전 버전으로", dict(intent="rollback", app="chat-moderator")),
    ("쿠폰 사용 처리 서버 껐다 켜줘", dict(intent="restart", app="coupon-redeemer")),
    ("아바타 업로더 v5.0.2 배포", dict(intent="deploy", app="avatar-uploader", image="v5.0.2")),
    ("구독 결제 서비스 상태", dict(intent="status", app="subscription-billing")),
    ("구독 빌링 리비전 9로 돌려줘", dict(intent="rollback", app="subscription-billing", revision=9)),
    ("스트림 릴레이 세 개로 줄여", dict(intent="scale", app="stream-relay", replicas=3)),
    ("날씨 캐시 재기동 부탁드립니다", dict(intent="restart", app="weather-cache")),
    ("production 날씨 캐시 로그 50줄", dict(intent="logs", app="weather-cache", namespace="production", lines=50)),
    ("운영 정산 워커 상태 괜찮아?", dict(intent="status", app="settlement-worker", namespace="production")),
    ("스테이지에서 otp-sender 재시작", dict(intent="restart", app="otp-sender", namespace="stage")),
    ("please kick the weather cache", dict(intent="restart", app="weather-cache")),
    ("reboot map tiles in production", dict(intent="restart", app="map-tiles", namespace="production")),
    ("could you scale the stream relay up to 8?", dict(intent="scale", app="stream-relay", replicas=8)),
    ("bring settlement-worker down to zero", dict(intent="scale", app="settlement-worker", replicas=0)),
    ("roll the ledger api back one version", dict(intent="rollback", app="ledger-api")),
    ("ledger-api: go back to rev 12", dict(intent="rollback", app="ledger-api", revision=12)),
    (
        "push avatar-uploader:2024.11.3 out",
        dict(intent="deploy", app="avatar-uploader", image="avatar-uploader:2024.11.3"),
    ),
    ("last hundred lines of chat-moderator logs", dict(intent="logs", app="chat-moderator", lines=100)),
    ("how do I get to coupon-redeemer from my laptop?", dict(intent="endpoint", app="coupon-redeemer")),
    ("is subscription-billing ok?", dict(intent="status", app="subscription-billing")),
    ("did the otp-sender deploy go through?", dict(intent="status", app="otp-sender")),
    ("ops ns pods", dict(intent="list_pods", namespace="ops")),
    ("list the deployments in production", dict(intent="list_deployments", namespace="production")),
    ("ops 네임스페이스 인그레스 목록", dict(intent="list_ingresses", namespace="ops")),
    ("dev's services", dict(intent="list_services", namespace="dev")),
    ("what's running in stage?", dict(intent="list_apps", namespace="stage")),
    ("production 전반적으로 괜찮아?", dict(intent="overview", namespace="production")),
    ("give me a quick summary of ops", dict(intent="overview", namespace="ops")),
    ("도와줘", dict(intent="help")),
    ("how do I use this bot?", dict(intent="help")),
    ("명령어 뭐 있어?", dict(intent="help")),
    ("정산 워커 어제 스케일 다운했지?", dict(intent="unknown")),
    ("weather-cache was rebooted twice today", dict(intent="unknown")),
    ("otp-sender 롤백할지 말지 회의 중이에요", dict(intent="unknown")),
    ("never deploy on fridays", dict(intent="unknown")),
    ("맵 타일 서버 노드 풀 늘려줘", dict(intent="unknown")),
    ("stream-relay hpa min replicas 3으로", dict(intent="unknown")),
    ("쿠폰 서버 재시작 권한 누구한테 있어?", dict(intent="unknown")),
    ("배포 자동화 어떻게 하는 게 좋을까", dict(intent="unknown")),
    ("kubectl rollout restart deploy/otp-sender", dict(intent="restart", app="otp-sender")),
    ("kubectl scale deploy/map-tiles --replicas=4", dict(intent="scale", app="map-tiles", replicas=4)),
    ("kubectl logs deploy/ledger-api --tail=30", dict(intent="logs", app="ledger-api", lines=30)),
]


CLUSTER_3 = Context(
    apps=(
        "quest-server",
        "mailbox-api",
        "raid-matcher",
        "cash-shop",
        "attendance-worker",
        "friend-graph",
        "voice-gateway",
        "stock-ticker",
        "loan-scorer",
        "subtitle-sync",
        "backup-runner",
        "link-shortener",
    ),
    namespaces=("default", "live", "qa", "sandbox", "kube-system", "infra"),
)
CASES_3: list[tuple[str, dict[str, Any]]] = [
    ("퀘스트 서버 재시작 부탁해", dict(intent="restart", app="quest-server")),
    ("우편함 api 로그 보여줘", dict(intent="logs", app="mailbox-api")),
    ("레이드 매처 스케일 여섯으로", dict(intent="scale", app="raid-matcher", replicas=6)),
    ("캐시샵 롤백해", dict(intent="rollback", app="cash-shop")),
    ("출석 워커 상태", dict(intent="status", app="attendance-worker")),
    ("친구 그래프 주소", dict(intent="endpoint", app="friend-graph")),
    ("보이스 게이트웨이 리스타트", dict(intent="restart", app="voice-gateway")),
    ("주식 시세 티커 로그 20줄", dict(intent="logs", app="stock-ticker", lines=20)),
    ("대출 평가기 v3 배포해줘", dict(intent="deploy", app="loan-scorer", image="v3")),
    ("자막 싱크 재시작", dict(intent="restart", app="subtitle-sync")),
    ("백업 러너 한 개로 줄여", dict(intent="scale", app="backup-runner", replicas=1)),
    ("링크 단축기 상태 어떄", dict(intent="status", app="link-shortener")),
    ("라이브에서 캐시샵 재시작", dict(intent="restart", app="cash-shop", namespace="live")),
    ("infra 네임스페이스 파드 보여줘", dict(intent="list_pods", namespace="infra")),
    ("sandbox에 뭐 떠 있어?", dict(intent="list_apps", namespace="sandbox")),
    ("live 전체 현황", dict(intent="overview", namespace="live")),
    ("is anything broken in live?", dict(intent="overview", namespace="live")),
    ("how's qa doing overall?", dict(intent="overview", namespace="qa")),
    ("quest-server 재시작 됐나 확인 좀", dict(intent="status", app="quest-server")),
    ("어제 캐시샵 롤백했던 거 기억나?", dict(intent="unknown")),
    ("cash-shop 롤백 안 해도 될 듯", dict(intent="unknown")),
    ("don't you dare restart quest-server", dict(intent="unknown")),
    ("quest-server restart는 내일 하자", dict(intent="unknown")),
    ("who restarted mailbox-api?", dict(intent="unknown")),
    ("mailbox-api got scaled to 5 by someone", dict(intent="unknown")),
    ("캐시샵 레플리카 늘리는 거 승인 좀 해줘", dict(intent="unknown")),
    ("raid-matcher 스케일 아웃 정책 문서 어디 있어?", dict(intent="unknown")),
    ("voice-gateway 메모리 리퀘스트 올려줘", dict(intent="unknown")),
    ("출석 워커 재시작하면 데이터 날아가?", dict(intent="unknown")),
    ("link-shortener를 재시작해야 할까요?", dict(intent="unknown")),
    ("backup runner v2 배포 일정 잡아줘", dict(intent="unknown")),
    ("we need to restart stock-ticker asap", dict(intent="restart", app="stock-ticker")),
    ("stock-ticker needs a restart", dict(intent="restart", app="stock-ticker")),
    ("restart stock ticker plz", dict(intent="restart", app="stock-ticker")),
    ("subtitle-sync 좀 다시 띄워줄래", dict(intent="restart", app="subtitle-sync")),
    ("loan-scorer 세 개만 띄워", dict(intent="scale", app="loan-scorer", replicas=3)),
    ("friend-graph 파드 몇 개 떠 있어?", dict(intent="status", app="friend-graph")),
    ("what version of friend-graph is deployed?", dict(intent="status", app="friend-graph")),
    ("quest-server 배포 잘 끝났어?", dict(intent="status", app="quest-server")),
    ("quest-server 로그에 에러 있나 봐줘", dict(intent="logs", app="quest-server")),
    ("이 봇 사용법", dict(intent="help")),
    ("뭘 물어볼 수 있어?", dict(intent="help")),
    ("help me", dict(intent="help")),
    ("hi", dict(intent="unknown")),
    ("ㅋㅋㅋ", dict(intent="unknown")),
]


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


@pytest.mark.parametrize(("text", "expected"), CASES_1)
def test_a_commerce_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    frame = {k: v for k, v in parse_text(text, CLUSTER_1).frame().items() if v is not None}
    assert frame == expected


@pytest.mark.parametrize(("text", "expected"), CASES_2)
def test_a_payments_and_media_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    frame = {k: v for k, v in parse_text(text, CLUSTER_2).frame().items() if v is not None}
    assert frame == expected


@pytest.mark.parametrize(("text", "expected"), CASES_3)
def test_a_game_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    frame = {k: v for k, v in parse_text(text, CLUSTER_3).frame().items() if v is not None}
    assert frame == expected


@pytest.mark.parametrize(("text", "expected"), CASES_9)
def test_chat_korean_is_understood(text: str, expected: dict[str, Any]) -> None:
    frame = {k: v for k, v in parse_text(text, CLUSTER_9).frame().items() if v is not None}
    assert frame == expected
