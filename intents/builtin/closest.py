"""
The commands nearest to a message the parser could not read, for "did you mean …?" buttons.

A character-trigram profile per intent, built at import from a few example requests
in Korean and English, and cosine similarity against the message's trigrams. Trigrams
of characters, not words: Korean glues endings and particles to stems ("재시작해줘",
"로그를"), so word matching would miss what three letters in a row still share.
Building the profiles takes about a millisecond; ranking a message well under one.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from intents.command import Intent

_EXAMPLES: dict[Intent, tuple[str, ...]] = {
    Intent.STATUS: (
        "상태 어때",
        "괜찮아? 정상이야?",
        "is it healthy",
        "status of the app",
        "잘 돌아가?",
        "how is it doing",
    ),
    Intent.LOGS: ("로그 보여줘", "로그 100줄", "show logs", "tail the logs", "last 50 lines of logs", "에러 로그 봐줘"),
    Intent.ENDPOINT: (
        "주소 알려줘",
        "접속 url 뭐야",
        "endpoint",
        "how do I reach it",
        "what's the url",
        "어디로 접속해",
    ),
    Intent.RESTART: ("재시작해줘", "다시 띄워줘", "restart it", "reboot the app", "bounce it", "껐다 켜줘"),
    Intent.SCALE: (
        "3개로 늘려줘",
        "레플리카 줄여줘",
        "scale to 3 replicas",
        "scale down",
        "파드 개수 조정",
        "more replicas",
    ),
    Intent.ROLLBACK: (
        "롤백해줘",
        "이전 버전으로 되돌려",
        "roll back",
        "revert to the previous version",
        "undo the deploy",
        "원복",
    ),
    Intent.DEPLOY: (
        "배포해줘",
        "새 버전 배포",
        "deploy v1.2.3",
        "ship the new image",
        "이미지 업데이트",
        "release tag",
    ),
    Intent.HISTORY: ("배포 이력", "리비전 목록", "rollout history", "deploy history", "past revisions", "변경 기록"),
    Intent.OVERVIEW: ("전체 현황", "요약해줘", "overview", "how is everything", "cluster summary", "한눈에 보여줘"),
    Intent.LIST_PODS: ("파드 목록", "pods 보여줘", "list pods", "get pods", "어떤 파드 있어", "show me the pods"),
    Intent.LIST_DEPLOYMENTS: ("디플로이먼트 목록", "list deployments", "get deploy", "deployments in prod", "워크로드"),
    Intent.LIST_SERVICES: ("서비스 목록", "list services", "get svc", "what services are there", "k8s 서비스"),
    Intent.LIST_INGRESSES: ("인그레스 목록", "list ingresses", "get ingress", "ingress rules", "인그레스 뭐 있어"),
    Intent.LIST_NAMESPACES: (
        "네임스페이스 목록",
        "list namespaces",
        "get ns",
        "what namespaces",
        "네임스페이스 뭐 있어",
    ),
    Intent.LIST_APPS: ("앱 목록", "list apps", "what apps do we have", "애플리케이션 뭐 있어", "running apps"),
    Intent.HELP: ("도움말", "뭐 할 수 있어", "help", "what can you do", "사용법", "commands"),
}


def _grams(text: str) -> Counter[str]:
    text = " " + re.sub(r"\s+", " ", text.lower().strip()) + " "
    return Counter(text[i : i + 3] for i in range(len(text) - 2))


def _norm(grams: Counter[str]) -> float:
    return math.sqrt(sum(v * v for v in grams.values())) or 1.0


_PROFILES: tuple[tuple[Intent, Counter[str], float], ...] = tuple(
    (intent, grams, _norm(grams))
    for intent, examples in _EXAMPLES.items()
    for grams in [sum((_grams(e) for e in examples), Counter[str]())]
)


def closest_intents(text: str, *, limit: int = 3) -> tuple[Intent, ...]:
    """The intents whose examples share the most character trigrams with `text`, best first."""
    grams = _grams(text[:500])
    if not grams:
        return ()
    size = _norm(grams)
    scored = []
    for intent, profile, norm in _PROFILES:
        overlap = sum(count * profile[gram] for gram, count in grams.items() if gram in profile)
        if overlap:
            scored.append((overlap / (size * norm), intent))
    scored.sort(key=lambda pair: (-pair[0], pair[1].value))
    return tuple(intent for _, intent in scored[:limit])
