"""
More clusters once held out from the parser: requests with reasons, and app names made of gate words.

The parser was fixed on these sentences, so they are regression tests now, not evidence that it
generalises: that is measured on held-out sets by bench/bench_intents.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from intents.provider import Context
from tests.support.frames import said_frame

# App names made of words the gate looks for ("report", "history", "node", "cost"), and requests with reasons.
CLUSTER_4 = Context(
    apps=(
        "order-api",
        "payment-gateway",
        "search-indexer",
        "web",
        "report-builder",
        "history-api",
        "node-proxy",
        "cost-explorer",
    ),
    namespaces=("default", "prod", "staging"),
)
CASES_4: list[tuple[str, dict[str, Any]]] = [
    ("restart order-api, it's been down since yesterday", dict(intent="restart", app="order-api")),
    ("order-api 어제부터 계속 죽어있어 재시작 좀", dict(intent="restart", app="order-api")),
    ("결제 게이트웨이 배포 망했어 롤백해줘", dict(intent="rollback", app="payment-gateway")),
    ("어제 배포한 버전 문제 있어서 search-indexer 롤백 부탁", dict(intent="rollback", app="search-indexer")),
    ("web 좀 재시작해줄 수 있어?", dict(intent="restart", app="web")),
    ("web 재시작 가능?", dict(intent="restart", app="web")),
    ("could you please scale web to 4", dict(intent="scale", app="web", replicas=4)),
    ("web needs 5 replicas now", dict(intent="scale", app="web", replicas=5)),
    ("report-builder 재시작해줘", dict(intent="restart", app="report-builder")),
    ("restart the report builder", dict(intent="restart", app="report-builder")),
    ("history-api 롤백", dict(intent="rollback", app="history-api")),
    ("node-proxy 재시작", dict(intent="restart", app="node-proxy")),
    ("restart node-proxy", dict(intent="restart", app="node-proxy")),
    ("cost-explorer 2개로 줄여줘", dict(intent="scale", app="cost-explorer", replicas=2)),
    ("scale cost explorer down to 1", dict(intent="scale", app="cost-explorer", replicas=1)),
    ("the web pods are stuck, restart them please", dict(intent="restart", app="web")),
    ("web 응답이 느려서 그런데 재시작 한번만", dict(intent="restart", app="web")),
    ("deploy web v2.0.0 to staging now", dict(intent="deploy", app="web", namespace="staging", image="v2.0.0")),
    ("prod에 order-api 1.2.3 올려줘", dict(intent="deploy", app="order-api", namespace="prod", image="1.2.3")),
    ("order-api를 1.2.2로 되돌려줘", dict(intent="rollback", app="order-api")),
    ("ok restart web", dict(intent="restart", app="web")),
    ("yes please restart web", dict(intent="restart", app="web")),
    ("web 롤백 ㄱㄱ", dict(intent="rollback", app="web")),
    ("web 재배포", dict(intent="restart", app="web")),
]


CLUSTER_5 = Context(
    apps=(
        "invoice-mailer",
        "geo-resolver",
        "token-issuer",
        "cart-merger",
        "label-printer",
        "quote-engine",
        "audit-trail",
        "session-janitor",
        "sitemap-builder",
        "tenant-router",
    ),
    namespaces=("default", "prod", "stg", "dev", "kube-system", "tenants"),
)
CASES_5: list[tuple[str, dict[str, Any]]] = [
    ("hey can u restart invoice mailer real quick", dict(intent="restart", app="invoice-mailer")),
    ("invoice-mailer seems stuck, give it a kick", dict(intent="restart", app="invoice-mailer")),
    ("geo resolver logs pls, like 40 lines", dict(intent="logs", app="geo-resolver", lines=40)),
    ("how many replicas is token-issuer running?", dict(intent="status", app="token-issuer")),
    ("token-issuer → 3 replicas", dict(intent="scale", app="token-issuer", replicas=3)),
    ("set cart-merger replicas to 7", dict(intent="scale", app="cart-merger", replicas=7)),
    ("label-printer is acting up, roll it back", dict(intent="rollback", app="label-printer")),
    (
        "quote-engine: deploy ghcr.io/acme/quote-engine:4.2.0",
        dict(intent="deploy", app="quote-engine", image="ghcr.io/acme/quote-engine:4.2.0"),
    ),
    ("what's the url for sitemap-builder", dict(intent="endpoint", app="sitemap-builder")),
    ("is tenant-router healthy in prod", dict(intent="status", app="tenant-router", namespace="prod")),
    ("pods in tenants ns", dict(intent="list_pods", namespace="tenants")),
    ("stg namespace services", dict(intent="list_services", namespace="stg")),
    ("list every namespace", dict(intent="list_namespaces")),
    ("overview of prod please", dict(intent="overview", namespace="prod")),
    ("what can this thing do", dict(intent="help")),
    ("인보이스 메일러 재시작 좀", dict(intent="restart", app="invoice-mailer")),
    ("지오 리졸버 로그 삼십 줄만", dict(intent="logs", app="geo-resolver", lines=30)),
    ("토큰 발급기 레플리카 넷으로 맞춰줘", dict(intent="scale", app="token-issuer", replicas=4)),
    ("장바구니 병합기 롤백", dict(intent="rollback", app="cart-merger")),
    ("라벨 프린터 상태 좀 봐줘", dict(intent="status", app="label-printer")),
    ("견적 엔진 주소 뭐였지", dict(intent="endpoint", app="quote-engine")),
    ("감사 추적 서비스 재시작해 주세요", dict(intent="restart", app="audit-trail")),
    ("세션 정리기 로그", dict(intent="logs", app="session-janitor")),
    ("사이트맵 빌더 v1.0.9로 업데이트", dict(intent="deploy", app="sitemap-builder", image="v1.0.9")),
    ("테넌트 라우터 두 개로 줄여", dict(intent="scale", app="tenant-router", replicas=2)),
    ("prod 네임스페이스 전체 요약", dict(intent="overview", namespace="prod")),
    ("tenants 네임스페이스에 떠 있는 앱들", dict(intent="list_apps", namespace="tenants")),
    ("kube-system 디플로이먼트 목록", dict(intent="list_deployments", namespace="kube-system")),
    ("도움말 보여줘", dict(intent="help")),
    ("invoice-mailer 아까 재시작된 것 같은데 맞아?", dict(intent="unknown")),
    ("token-issuer 롤백은 하지 말자", dict(intent="unknown")),
    ("quote-engine 배포는 다음 주에", dict(intent="unknown")),
    ("label-printer scale up 해야 하나?", dict(intent="unknown")),
    ("geo-resolver memory limit 1Gi로 올려줘", dict(intent="unknown")),
    ("tenant-router restarted itself 3 times", dict(intent="unknown")),
    ("someone rolled back cart-merger without telling anyone", dict(intent="unknown")),
    ("we shouldn't redeploy sitemap-builder today", dict(intent="unknown")),
    ("audit-trail 배포 권한 요청합니다", dict(intent="unknown")),
    ("session-janitor 재시작 이력 보여줘", dict(intent="history", app="session-janitor")),
]


# Slack markup, shouting, emoji, slang; app words that are environment words ("라이브 채팅").
CLUSTER_6 = Context(
    apps=("ticket-booth", "seat-map", "fan-club", "merch-store", "live-chat", "queue-gate", "price-watch", "ad-server"),
    namespaces=("default", "prd", "stg", "perf", "kube-system"),
)
CASES_6: list[tuple[str, dict[str, Any]]] = [
    ("<@U123> restart ticket-booth", dict(intent="restart", app="ticket-booth")),
    ("@klepaas 티켓 부스 재시작", dict(intent="restart", app="ticket-booth")),
    ("RESTART SEAT-MAP NOW", dict(intent="restart", app="seat-map")),
    ("좌석맵 로그 🙏", dict(intent="logs", app="seat-map")),
    ("팬클럽 서버 죽었어?", dict(intent="status", app="fan-club")),
    ("굿즈 스토어 재시작 ㄱ", dict(intent="restart", app="merch-store")),
    ("머치 스토어 롤백좀", dict(intent="rollback", app="merch-store")),
    ("라이브 채팅 파드 네 개로", dict(intent="scale", app="live-chat", replicas=4)),
    ("대기열 게이트 상태 어때요", dict(intent="status", app="queue-gate")),
    ("큐 게이트 주소 좀", dict(intent="endpoint", app="queue-gate")),
    ("가격 감시 서비스 로그 오십 줄", dict(intent="logs", app="price-watch", lines=50)),
    ("광고 서버 v7.1 배포 부탁", dict(intent="deploy", app="ad-server", image="v7.1")),
    ("애드서버 재기동", dict(intent="restart", app="ad-server")),
    ("prd ticket-booth 3 replicas pls", dict(intent="scale", app="ticket-booth", namespace="prd", replicas=3)),
    ("stg 네임스페이스에서 seat-map 롤백", dict(intent="rollback", app="seat-map", namespace="stg")),
    ("perf 환경 파드 목록", dict(intent="list_pods", namespace="perf")),
    ("what's deployed in prd", dict(intent="list_apps", namespace="prd")),
    ("show ingresses", dict(intent="list_ingresses")),
    ("ns list", dict(intent="list_namespaces")),
    ("prd 상황 어때?", dict(intent="overview", namespace="prd")),
    ("ticket-booth 최근 배포 이력", dict(intent="history", app="ticket-booth")),
    ("ticket-booth 재시작 했나요?", dict(intent="unknown")),
    ("seat-map 롤백 하지마세요!!", dict(intent="unknown")),
    ("fan-club scale down은 이벤트 끝나고", dict(intent="unknown")),
    ("live-chat 배포 승인해줘", dict(intent="unknown")),
    ("restarting queue-gate fixed it yesterday", dict(intent="unknown")),
    ("ad-server 로그레벨 info로 내려줘", dict(intent="unknown")),
    ("merch-store hpa 꺼줘", dict(intent="unknown")),
    ("live-chat 노드 셀렉터 바꿔줘", dict(intent="unknown")),
    ("커맨드 뭐 있어", dict(intent="help")),
]


# An office cluster: Korean names by meaning ("조직도", "급여"), mentions next to requests.
CLUSTER_7 = Context(
    apps=(
        "doc-converter",
        "receipt-ocr",
        "tax-filer",
        "employee-portal",
        "payroll-runner",
        "vacation-tracker",
        "expense-api",
        "slack-notifier",
        "org-chart",
        "badge-printer",
    ),
    namespaces=("default", "hr", "finance", "prod", "staging"),
)
CASES_7: list[tuple[str, dict[str, Any]]] = [
    ("문서 변환기 재시작", dict(intent="restart", app="doc-converter")),
    ("영수증 ocr 로그 보여줘", dict(intent="logs", app="receipt-ocr")),
    ("세금 신고 서비스 상태 어때", dict(intent="status", app="tax-filer")),
    ("직원 포털 주소 알려줄래", dict(intent="endpoint", app="employee-portal")),
    ("급여 러너 롤백 해줘", dict(intent="rollback", app="payroll-runner")),
    ("휴가 트래커 세 개로 늘려줘", dict(intent="scale", app="vacation-tracker", replicas=3)),
    ("경비 api v4.4.0 배포", dict(intent="deploy", app="expense-api", image="v4.4.0")),
    ("슬랙 알리미 재시작해", dict(intent="restart", app="slack-notifier")),
    ("조직도 서비스 로그 20줄", dict(intent="logs", app="org-chart", lines=20)),
    ("배지 프린터 재기동 부탁드립니다", dict(intent="restart", app="badge-printer")),
    ("hr 네임스페이스 파드 목록", dict(intent="list_pods", namespace="hr")),
    ("finance에서 expense-api 재시작", dict(intent="restart", app="expense-api", namespace="finance")),
    ("restart the doc converter in staging", dict(intent="restart", app="doc-converter", namespace="staging")),
    ("receipt ocr logs last 75 lines", dict(intent="logs", app="receipt-ocr", lines=75)),
    ("can you check on the tax filer", dict(intent="status", app="tax-filer")),
    ("where does employee-portal live?", dict(intent="endpoint", app="employee-portal")),
    ("payroll-runner back to the previous release please", dict(intent="rollback", app="payroll-runner")),
    ("vacation tracker: 2 replicas", dict(intent="scale", app="vacation-tracker", replicas=2)),
    ("roll out expense-api 4.5.0", dict(intent="deploy", app="expense-api", image="4.5.0")),
    ("org chart down?", dict(intent="status", app="org-chart")),
    ("finance overview", dict(intent="overview", namespace="finance")),
    ("apps in hr", dict(intent="list_apps", namespace="hr")),
    ("payroll-runner 어제 롤백한 이유 알아?", dict(intent="unknown")),
    ("급여 러너 월말에는 재시작하면 안 돼", dict(intent="unknown")),
    ("expense-api scale 정책 바꾸자", dict(intent="unknown")),
    ("doc-converter 배포하려면 누구 승인 필요해?", dict(intent="unknown")),
    ("did tax-filer get restarted after the incident?", dict(intent="unknown")),
    ("badge printer CPU request 올려줘", dict(intent="unknown")),
    ("slack-notifier restart alert 만들어줘", dict(intent="unknown")),
    ("org-chart 롤백 안 해도 되겠지?", dict(intent="unknown")),
]


# English as people type it in chat.
CLUSTER_8 = Context(
    apps=(
        "auth-proxy",
        "billing-core",
        "event-bus",
        "graph-api",
        "image-cache",
        "job-runner",
        "metrics-agent",
        "notify-svc",
        "pdf-render",
        "rate-guard",
    ),
    namespaces=("default", "production", "staging", "sandbox", "kube-system"),
)
CASES_8: list[tuple[str, dict[str, Any]]] = [
    ("yo restart auth-proxy", dict(intent="restart", app="auth-proxy")),
    ("could you bounce billing core for me", dict(intent="restart", app="billing-core")),
    ("event bus logs, last 150", dict(intent="logs", app="event-bus", lines=150)),
    ("graph-api health?", dict(intent="status", app="graph-api")),
    ("what's the endpoint for image-cache", dict(intent="endpoint", app="image-cache")),
    ("bring job-runner up to 6", dict(intent="scale", app="job-runner", replicas=6)),
    ("metrics-agent: rollback to revision 11", dict(intent="rollback", app="metrics-agent", revision=11)),
    (
        "ship notify-svc v3.9.2 to production",
        dict(intent="deploy", app="notify-svc", namespace="production", image="v3.9.2"),
    ),
    ("pdf-render is throwing 500s, show me its logs", dict(intent="logs", app="pdf-render")),
    ("rate-guard seems down, is it?", dict(intent="status", app="rate-guard")),
    ("restart rate guard in sandbox", dict(intent="restart", app="rate-guard", namespace="sandbox")),
    ("scale event-bus down to two", dict(intent="scale", app="event-bus", replicas=2)),
    ("revert billing-core please, the last release is broken", dict(intent="rollback", app="billing-core")),
    ("update graph-api to graph-api:5.0.1", dict(intent="deploy", app="graph-api", image="graph-api:5.0.1")),
    ("how can I access pdf-render?", dict(intent="endpoint", app="pdf-render")),
    ("list pods in sandbox", dict(intent="list_pods", namespace="sandbox")),
    ("show me deployments in staging", dict(intent="list_deployments", namespace="staging")),
    ("services in kube-system?", dict(intent="list_services", namespace="kube-system")),
    ("any ingresses in production?", dict(intent="list_ingresses", namespace="production")),
    ("give me a summary of staging", dict(intent="overview", namespace="staging")),
    ("is everything ok in production?", dict(intent="overview", namespace="production")),
    ("what apps are in sandbox", dict(intent="list_apps", namespace="sandbox")),
    ("help", dict(intent="help")),
    ("what are the commands?", dict(intent="help")),
    ("auth-proxy rollout history", dict(intent="history", app="auth-proxy")),
    ("did billing-core get rolled back?", dict(intent="unknown")),
    ("don't deploy graph-api until QA signs off", dict(intent="unknown")),
    ("why was job-runner scaled to zero?", dict(intent="unknown")),
    ("metrics-agent restarts a lot lately", dict(intent="unknown")),
    ("raise notify-svc memory to 512Mi", dict(intent="unknown")),
]


@pytest.mark.parametrize(("text", "expected"), CASES_4)
def test_a_change_asked_for_with_a_reason_or_politely_still_stands(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_4) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_5)
def test_a_platform_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_5) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_6)
def test_chat_as_people_type_it_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_6) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_7)
def test_an_office_cluster_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_7) == expected


@pytest.mark.parametrize(("text", "expected"), CASES_8)
def test_chat_english_is_understood(text: str, expected: dict[str, Any]) -> None:
    assert said_frame(text, CLUSTER_8) == expected
