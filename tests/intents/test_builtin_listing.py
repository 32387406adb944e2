"""Listings, overviews and help."""

from __future__ import annotations

import pytest

CASES = [
    ("운영 파드 목록", {"intent": "list_pods", "namespace": "prod"}),
    ("스테이지 서비스 뭐 있어", {"intent": "list_services", "namespace": "stage"}),
    ("what are the pods in dev", {"intent": "list_pods", "namespace": "dev"}),
    ("infra 쪽 인그레스 보여줘", {"intent": "list_ingresses", "namespace": "infra"}),
    ("디플로이먼트들 다 보여줘", {"intent": "list_deployments"}),
    ("show namespaces", {"intent": "list_namespaces"}),
    ("네임스페이스 뭐뭐 있어?", {"intent": "list_namespaces"}),
    ("dev에 어떤 앱들 있어?", {"intent": "list_apps", "namespace": "dev"}),
    ("list everything in dev", {"intent": "list_apps", "namespace": "dev"}),
    ("인프라 네임스페이스 요약", {"intent": "overview", "namespace": "infra"}),
    ("prod 전체 괜찮아?", {"intent": "overview", "namespace": "prod"}),
    ("클러스터 현황 좀", {"intent": "overview"}),
    ("도움말", {"intent": "help"}),
    ("명령어 뭐 있어?", {"intent": "help"}),
    ("how do i use this bot", {"intent": "help"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_listings_overviews_and_help(parse_frame, text, expected):
    assert parse_frame(text) == expected
