"""
Korean words for the English words app names are made of, and English short forms.

App names are built from a small vocabulary ("payment", "order", "worker", "api",
"svc"); people say them in Korean ("결제", "주문 워커") or in Hangul transliteration
("엔진엑스"). This table maps such words to the English parts, so "결제 api" can be
matched against `payment-api` by comparing parts. Words missing here still have a
chance through phonetics.py.
"""

from __future__ import annotations

import functools

from intents import spelling
from intents.builtin import vocabulary

# Korean word -> English words it may stand for in an app name.
KOREAN: dict[str, tuple[str, ...]] = {
    # business domains
    "결제": ("payment", "payments", "pay", "billing"),
    "페이먼트": ("payment",),
    "페이": ("pay", "payment"),
    "주문": ("order", "orders"),
    "오더": ("order", "orders"),
    "장바구니": ("cart", "basket"),
    "카트": ("cart",),
    "상품": ("product", "products", "item", "catalog"),
    "제품": ("product", "products"),
    "카탈로그": ("catalog", "catalogue"),
    "재고": ("inventory", "stock"),
    "배송": ("shipping", "delivery"),
    "배달": ("delivery",),
    "검색": ("search",),
    "추천": ("recommendation", "recommend", "recommender"),
    "회원": ("member", "user", "account"),
    "유저": ("user", "users"),
    "사용자": ("user", "users"),
    "고객": ("customer", "client"),
    "계정": ("account", "accounts"),
    "인증": ("auth", "authentication", "authn", "identity", "login", "sso"),
    "권한": ("authz", "permission", "rbac"),
    "로그인": ("login", "auth", "signin"),
    "알림": ("notification", "notifications", "notify", "noti", "alert", "alarm"),
    "알람": ("alarm", "alert", "notification"),
    "노티": ("noti", "notification", "notify"),
    "노티피케이션": ("notification",),
    "푸시": ("push",),
    "메일": ("mail", "email"),
    "이메일": ("email", "mail"),
    "문자": ("sms", "message"),
    "메시지": ("message", "messages", "msg"),
    "메세지": ("message", "messages", "msg"),
    "채팅": ("chat",),
    "쿠폰": ("coupon", "coupons"),
    "포인트": ("point", "points", "reward"),
    "리뷰": ("review", "reviews"),
    "정산": ("settlement", "billing"),
    "청구": ("billing", "invoice"),
    "빌링": ("billing",),
    "체크아웃": ("checkout",),
    "예약": ("booking", "reservation"),
    "광고": ("ad", "ads"),
    "분석": ("analytics",),
    "통계": ("stats", "analytics", "statistics"),
    "리포트": ("report", "reports", "reporting"),
    "보고서": ("report",),
    "파일": ("file", "files"),
    "업로드": ("upload", "uploader"),
    "이미지서버": ("image", "images"),
    "미디어": ("media",),
    "영상": ("video", "media"),
    "동영상": ("video",),
    "지도": ("map", "maps"),
    "위치": ("location", "geo"),
    "번역": ("translation", "translate", "i18n"),
    "환율": ("exchange", "currency"),
    "관리자": ("admin",),
    "어드민": ("admin",),
    "설정": ("config", "settings"),
    # technical words
    "서버": ("server", "srv"),
    "서비스": ("service", "svc"),
    "에이피아이": ("api",),
    "웹": ("web", "www"),
    "앱": ("app",),
    "프론트": ("front", "frontend", "fe"),
    "프런트": ("front", "frontend", "fe"),
    "프론트엔드": ("frontend",),
    "프런트엔드": ("frontend",),
    "백엔드": ("backend", "be"),
    "게이트웨이": ("gateway", "gw"),
    "프록시": ("proxy",),
    "워커": ("worker", "workers"),
    "작업": ("job", "jobs", "worker", "task"),
    "배치": ("batch",),
    "러너": ("runner",),
    "스케줄러": ("scheduler",),
    "크론": ("cron", "cronjob"),
    "큐": ("queue",),
    "컨슈머": ("consumer",),
    "소비자": ("consumer",),
    "프로듀서": ("producer",),
    "캐시": ("cache",),
    "캐쉬": ("cache",),
    "디비": ("db", "database"),
    "데이터베이스": ("database", "db"),
    "레디스": ("redis",),
    "엔진엑스": ("nginx",),
    "엔지닉스": ("nginx",),
    "인그레스": ("ingress",),
    "그라파나": ("grafana",),
    "프로메테우스": ("prometheus",),
    "로키": ("loki",),
    "알럿매니저": ("alertmanager",),
    "얼럿매니저": ("alertmanager",),
    "매니저": ("manager",),
    "에이전트": ("agent",),
    "수집기": ("collector",),
    "컬렉터": ("collector",),
    "익스포터": ("exporter",),
    "모니터": ("monitor",),
    "대시보드": ("dashboard",),
    "스토리지": ("storage",),
    "저장소": ("storage", "store", "repo"),
    "스토어": ("store",),
    "이벤트": ("event", "events"),
    "스트림": ("stream", "streaming"),
    "메트릭": ("metrics", "metric"),
    "메트릭스": ("metrics",),
    "카프카": ("kafka",),
    "몽고": ("mongo", "mongodb"),
    "몽고디비": ("mongodb", "mongo"),
    "포스트그레스": ("postgres", "postgresql", "pg"),
    "마이에스큐엘": ("mysql",),
    "엘라스틱": ("elastic", "elasticsearch"),
    "키바나": ("kibana",),
    "젠킨스": ("jenkins",),
    "아르고": ("argo", "argocd"),
    "볼트": ("vault",),
    "컨피그": ("config",),
    "메인": ("main",),
    "코어": ("core",),
    "내부": ("internal",),
    "외부": ("external", "public"),
    "공용": ("common", "shared"),
    "데모": ("demo",),
    "테스트": ("test",),
    "헬로": ("hello",),
    "에코": ("echo",),
    "블로그": ("blog",),
    "문서": ("docs", "doc"),
    "홈": ("home",),
    "랜딩": ("landing",),
    "모바일": ("mobile",),
    "도큐먼트": ("docs",),
}

# English short forms people and app names use interchangeably.
ALIASES: dict[str, tuple[str, ...]] = {
    "svc": ("service",),
    "service": ("svc", "srv"),
    "srv": ("server", "service"),
    "server": ("srv",),
    "noti": ("notification", "notify"),
    "notif": ("notification",),
    "notification": ("noti", "notif", "notify"),
    "auth": ("authentication", "authn"),
    "authentication": ("auth",),
    "db": ("database",),
    "database": ("db",),
    "config": ("configuration", "cfg"),
    "msg": ("message",),
    "message": ("msg",),
    "pg": ("postgres",),
    "postgres": ("pg", "postgresql"),
    "fe": ("frontend",),
    "frontend": ("fe", "front"),
    "be": ("backend",),
    "backend": ("be", "back"),
    "gw": ("gateway",),
    "gateway": ("gw",),
    "mgmt": ("management",),
    "k8s": ("kubernetes",),
}

# Parts that say what an app *is* rather than which one it is: they support a match
# ("결제 api") but never decide one alone ("api" is in too many names).
GENERIC = frozenset({"api", "svc", "service", "server", "srv", "app", "application", "www"})

for _word, _english in vocabulary.KOREAN.items():
    KOREAN[_word] = tuple(dict.fromkeys((*KOREAN.get(_word, ()), *_english)))

_LONGEST = max(len(word) for word in KOREAN)
# The same words by how they sound: "결재 api", "백앤드" are slips of 결제, 백엔드.
_BY_SOUND = {spelling.sound(word): word for word in KOREAN}


@functools.lru_cache(maxsize=4096)  # a word is cut the same way in every message
def segments(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Known words at the start of a Hangul token, longest first, chained ("유저서비스").

    Stops at the first unknown syllable: what follows is a particle or an ending.
    """
    found: list[tuple[str, tuple[str, ...]]] = []
    start = 0
    while start < len(word):
        for size in range(min(_LONGEST, len(word) - start), 0, -1):
            piece = word[start : start + size]
            known = piece if piece in KOREAN else _BY_SOUND.get(spelling.sound(piece)) if size > 1 else None
            if known is not None:
                found.append((piece, KOREAN[known]))
                start += size
                break
        else:
            break
    return tuple(found)


@functools.lru_cache(maxsize=8192)  # one set per word: the same object is then looked up again and again
def forms(word: str) -> frozenset[str]:
    """An English word and its interchangeable short or long forms."""
    return frozenset((word, *ALIASES.get(word, ())))
