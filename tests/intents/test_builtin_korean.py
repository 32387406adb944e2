"""Korean as people type it: polite, casual, typos, spacing, Konglish, indirect, numerals."""

from __future__ import annotations

import pytest

CASES = [
    # polite
    ("장바구니 서비스 재시작 해주세요", {"intent": "restart", "app": "cart-service"}),
    ("재고 api 로그 확인 부탁드립니다", {"intent": "logs", "app": "inventory-api"}),
    ("게이트웨이 접속 주소 알려주실 수 있나요?", {"intent": "endpoint", "app": "gateway"}),
    ("어드민 웹 상태 확인해 주세요", {"intent": "status", "app": "admin-web"}),
    # casual
    ("젠킨스 재기동 ㄱㄱ", {"intent": "restart", "app": "jenkins"}),
    ("배송 괜찮아?", {"intent": "status", "app": "shipping"}),
    ("카프카 컨슈머 롤백해", {"intent": "rollback", "app": "kafka-consumer"}),
    # typos and spacing
    ("gateway 재시작해쥬", {"intent": "restart", "app": "gateway"}),
    ("gateway 재 시작 해줘", {"intent": "restart", "app": "gateway"}),
    ("gateway 제시작 좀", {"intent": "restart", "app": "gateway"}),
    ("shipping롤백", {"intent": "rollback", "app": "shipping"}),
    ("gatewya 재시작", {"intent": "restart", "app": "gateway"}),
    # Konglish
    ("cart-service 리스타트 좀", {"intent": "restart", "app": "cart-service"}),
    ("shipping 스케일 아웃 해줘 4대로", {"intent": "scale", "app": "shipping", "replicas": 4}),
    ("프론트 롤아웃 재시작", {"intent": "restart", "app": "frontend"}),
    # questions and indirect requests
    ("혹시 장바구니 로그 좀 볼 수 있을까요?", {"intent": "logs", "app": "cart-service"}),
    ("검색 워커 문제 없는지 봐주실 수 있나요?", {"intent": "status", "app": "search-worker"}),
    ("결제 api 살아있어?", {"intent": "status", "app": "payment-api"}),
    # numerals
    ("검색 워커 세 개로 늘려줘", {"intent": "scale", "app": "search-worker", "replicas": 3}),
    ("gateway 열두 대로 맞춰줘", {"intent": "scale", "app": "gateway", "replicas": 12}),
    ("게이트웨이 파드 다섯", {"intent": "scale", "app": "gateway", "replicas": 5}),
    ("shipping 0으로 내려줘", {"intent": "scale", "app": "shipping", "replicas": 0}),
    ("배송 로그 마지막 이백 줄", {"intent": "logs", "app": "shipping", "lines": 200}),
    ("jenkins 로그 최근 30줄만", {"intent": "logs", "app": "jenkins", "lines": 30}),
    ("결제 api 7번 리비전으로 돌려줘", {"intent": "rollback", "app": "payment-api", "revision": 7}),
    # deploy
    ("재고 api v2.4.0 배포해줘", {"intent": "deploy", "app": "inventory-api", "image": "v2.4.0"}),
    ("gateway:3.1 배포", {"intent": "deploy", "app": "gateway", "image": "gateway:3.1"}),
    ("user-db 이미지 postgres:16.2로 업데이트", {"intent": "deploy", "app": "user-db", "image": "postgres:16.2"}),
    ("프론트 방금 배포한 거 취소", {"intent": "rollback", "app": "frontend"}),
    ("api 서버 이전 버전으로 되돌려", {"intent": "rollback", "app": "api-server"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_korean_sentences_become_commands(parse_frame, text, expected):
    assert parse_frame(text) == expected
