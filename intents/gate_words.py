"""
What the safety gate (intents/gate.py) looks for: the verbs of each change, the endings and
words around them that make a mention out of a request, and the topics and targets that
no change may have. Korean entries are matched in spaceless Hangul, English ones as
regular expressions on the lowercased Latin text.
"""

from __future__ import annotations

import enum
import re

from intents.command import Intent
from intents.lazy_pattern import LazyPattern


class Block(enum.StrEnum):
    PAST = "past"  # happened already, or a question whether it did
    NEGATED = "negated"  # "don't", "하지 마"
    QUESTION = "question"  # hypothetical, advice, permission, ongoing
    LATER = "later"  # not now: tomorrow, until, after
    TALK = "talk"  # about a change: report, permission, meeting, cost
    UNSUPPORTED = "unsupported"  # a change the bot cannot make
    SCOPE = "scope"  # not one app: wildcard, selector, list, everything
    SHELL = "shell"  # shell metacharacters
    VALUE = "value"  # a replica count that is negative, fractional or out of range
    NOT_ASKED = "not_asked"  # the change is named but never requested


# The verbs of each change, Korean stems (matched in spaceless Hangul) and English forms.
VERBS_KO: dict[Intent, tuple[str, ...]] = {
    Intent.RESTART: (
        "재시작",
        "킥",
        "살려",
        "재기동",
        "재가동",
        "재부팅",
        "리부팅",
        "재실행",
        "재구동",
        "리스타트",
        "재배포",
        "리부트",
        "다시띄",
        "다시시작",
        "다시켜",
        "껐다켜",
        "껐다가켜",
        "끄고켜",
        "껐다키",
    ),
    Intent.SCALE: (
        "스케일",
        "레플리카",
        "리플리카",
        "늘려",
        "늘리",
        "늘여",
        "줄여",
        "줄이",
        "증설",
        "축소",
        "확장",
        "내려",
        "올려",
    ),
    Intent.ROLLBACK: (
        "취소",
        "롤백",
        "되돌려",
        "되돌리",
        "돌려",
        "돌리",
        "원복",
        "원상복구",
        "복구",
        "리버트",
        "언두",
    ),
    Intent.DEPLOY: (
        "배포",
        "롤아웃",
        "디플로이",
        "릴리스",
        "릴리즈",
        "업데이트",
        "업뎃",
        "업그레이드",
        "반영",
        "올려",
        "교체",
    ),
}
VERBS_EN: dict[Intent, str] = {
    Intent.RESTART: (
        r"restart\w*|roll the pods|reboot\w*|bounc\w+|kick\w*|recycl\w+|cycl\w+|relaunch\w*|respawn\w*|redeploy\w*"
    ),
    Intent.SCALE: (
        r"scal\w+|add|adding|added|resiz\w+|increas\w+|decreas\w+|bump\w*|drop\w*|replicas?|dial(?: it)? (?:down|up)"
    ),
    Intent.ROLLBACK: r"roll\w*(?: [a-z0-9-]+){0,3} back|rollback\w*|revert\w*|undo\w*|undid|go back",
    Intent.DEPLOY: r"deploy\w*|ship\w*|releas\w+|push\w*|upgrad\w+|updat\w+|roll\w* out|promot\w+",
}
PAST_EN = LazyPattern(r"(?:ed|ing)$|^undid$")
ASKING_EN = LazyPattern(r"\b(?:need|needs|want|wants|get|got to|please|pls|plz|go ahead and|could use)\b")

TALK_KO = tuple(
    (
        "보고서|리포트|포스트모템|회고|권한|승인|회의|미팅|알림규칙|알람규칙|알럿룰|얼럿룰|규칙|정책|지라|문서|위키|가이드|방법|어떻게하는|어떻게해|비용|요금|"
        "예산|얼마|일정|계획|예정|이력|히스토리|기록|누가|언제|공지|초안|리팩토링|코드리뷰|교육|"
        "자동화|스크립트|파이프라인|주의사항|체크리스트|절차|매뉴얼|창구"
    ).split("|")
)
# Talk words that stay talk even where they could name an app ("배포 승인 권한": not auth-gateway).
STRONG_TALK_KO = (
    "권한",
    "승인",
    "보고서",
    "회의",
    "미팅",
    "공지",
    "초안",
    "비용",
    "예산",
    "일정",
    "계획",
    "누가",
    "언제",
)
# A change "before" an event is for then: "bump x to 4 before the stream starts", "right before the ad break".
_EVENTS_EN = (
    "kickoff|launch|stream|show|match|game|opening|open|opens|sale|broadcast|briefing|meeting|demo|registration|"
    "traffic|peak|rush|break|event|concert|lunch|dinner|standup|blast|starts|begins"
)
BEFORE_EVENT_EN = LazyPattern(
    r"\bbefore\s+(?:the\s+|our\s+|this\s+|tonight'?s\s+|tomorrow'?s\s+)?(?:[\w-]+\s+){0,2}" + rf"(?:{_EVENTS_EN})\b"
)
LATER_KO = tuple(("내일|모레|다음주|다음달|나중에|이따가|주말에|퇴근후|끝나면|끝나고|때까지|까지는|전까지").split("|"))
UNSUPPORTED_KO = tuple(
    (
        "씨피유|지피유|gpu|메모리|리밋|리미트|제한|로그레벨|로그수준|디버그모드|오토스케일|자동스케일|노드|컨피그맵|환경변수|시크릿|보관|기간|쿼터|디스크|볼륨|타임아웃|인증서|"
        "코어로|코어까지|설정값|리소스|리퀘스트|네임스페이스만들|네임스페이스생성|네임스페이스추가|새네임스페이스|클러스터업그레이드|버전업그레이드|"
        "도메인|경로|라우트|라우팅"
    ).split("|")
)
SCOPE_KO = (
    "전부",
    "모든",
    "모두",
    "싹다",
    "전체",
    "다재시작",
    "다롤백",
    "다배포",
    "다스케일",
    "한꺼번에",
    "일괄",
    "둘다",
    "셋다",
    "각각",
)
TALK_EN = re.compile(
    r"\b(?:report|reports|postmortem|post-mortem|permission|permissions|access to|approve|approval|approvals|meeting|"
    r"standup|alert rule|alert rules|alerting rule|policy|policies|ticket|jira|documentation|wiki|runbook|cost|"
    r"costs|budget|price|pricing|schedule|how do i|how do you|how to|how can i|what happens|who|why did|why was|"
    r"when did|when was|announce|draft|refactor|code review)\b"
)
LATER_EN = re.compile(
    r"\b(?:tomorrow|tonight|later|next week|next month|until|till|once the|this weekend|eod|end of (?:the )?"
    r"(?:day|week|month)|(?:on |by |next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
UNSUPPORTED_EN = re.compile(
    r"\b(?:cpu|cpus|gpu|gpus|memory|ram|limits?|log level|loglevel|verbosity|debug mode|hpa|autoscal\w*|nodes?|"
    r"nodepool|node pool|configmaps?|config map|env vars?|environment variables?|secrets?|retention|quota|disk|"
    r"volumes?|"
    r"pvc|timeouts?|heap|jvm|certs?|certificates?|firewall|max replicas|min replicas|\d+ ?cores?|domains?|routes?)\b"
    r"|\b(?:create|new|add|make)\b(?: \w+)? namespace"
)
NAMESPACE_CREATED = LazyPattern(
    r"(?:namespace|네임스페이스|ingress|인그레스|service|서비스|configmap|secret|시크릿|deployment|디플로이먼트)"
    + r"\s*(?:\S+\s*){0,2}?(?:만들|생성|create|추가)"
    r"|\b(?:create|add|make)\s+(?:a\s+|an\s+|new\s+)*(?:namespace|ingress|service|configmap|secret|deployment)\b"
)
SCOPE_EN = re.compile(
    r"\b(?:all|every|everything|each|entire|whole|both)\b|\*|(?:^|\s)(?:-l|--selector|-a|--all\S*)(?:\s|=|$)"
)
# names joined by a comma ("web,api"); not a number's thousands ("4,000")
LIST = re.compile(r"[a-z0-9-]+,(?!\d{3}\b)[a-z0-9-]+")
# A time of day ("Update 15:42"), which reads like an image "15" with the tag "42" and is none.
CLOCK = re.compile(r"^(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$")
# (not a comparison: "queue lag >2min", "p99 < 300ms")
# (nor a semicolon between sentences: "yesterday's deploy broke it; roll back x")
SHELL = re.compile(
    r"\$\(|`|\|\||&&|\||[<>](?!\s?\d)|\$\{|\$[A-Za-z_]"
    r"|;\s*(?:rm|curl|wget|sudo|bash|sh|cat|echo|kubectl|chmod|chown|kill|dd|mkfs|nc|python|perl|ls|env)\b|;\s*$"
)
# Hedging: the person is not asking yet ("restart needed? not sure", "maybe roll it back?").
HEDGE = re.compile(
    r"\b(?:not sure|unsure|maybe|perhaps|i wonder|wondering)\b|needed\s*\?|글쎄|모르겠|할까말까|해야하나"
)
NEGATED_EN = LazyPattern(
    r"\b(?:don't|dont|do not|never|not|no|without|didn't|didnt|won't|wont|shouldn't|avoid|stop|no need to)\b"
)
QUESTION_EN = LazyPattern(
    r"\b(?:did|does|was|were|has|have|had|why|whether|if|before|after|should|shall|ok to|okay to|safe to|"
    r"allowed to|able to|may i|might|gonna need|check|verify|explain|describe|about|what|which|how|possible|"
    r"is it|remind me)\b"
)
# A change's name used as a noun: "the rollback broke it", "mailer deploy went out", "a restart fixed it".
NOUN_BEFORE_EN = LazyPattern(r"\b(?:the|this|that|our|your|their|its|last|previous|another|a|an)$")
DOING_BEFORE_EN = LazyPattern(
    r"\b(?:do|trigger|run|perform|kick off|start|needs?|wants?|please|pls|plz|give|get|gets|could use|requires?)\b"
)
PAST_AFTER_EN = LazyPattern(
    r"\s*(?:\S+\s+)?(?:went|was|were|broke|failed|finished|happened|took|caused|made|fixed|did|has|had|"
    r"worked|helped|is done|didn't|did not|never)\b"
)
# Nouns after a change's name that make it a topic: "restart count", "rollback plan", "deploy button".
TOPIC_EN = LazyPattern(
    r"\s*(?:count|counts|loop|loops|policy|policies|history|number|rate|storm|events?|reason|reasons|button|"
    r"command|plan|plans|process|procedure|strategy|config|configuration|settings?|status|logs?|time|times|"
    r"window|schedule|script|job|pipeline|notification|alert)\b"
)
POLITE_EN = LazyPattern(r"\b(?:(?:can|could|would|will) you|you (?:can|could))(?: please| just| kindly)?$")
# "-1", "minus two", "2.5", "1e3", "0x10", "1,000": not a replica count to act on.
# A change told as done: "배포 완료", "deploy finished"
COMPLETED = LazyPattern(r"완료|끝났|끝남|\bdone\b|\bfinished\b|\bcompleted?\b|\bshipped\b|\bwent out\b")
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+")

CHANGE_KO = tuple(("늘려|늘리|줄여|줄이|올려|올리|내려|낮춰|높여|바꿔|변경|설정해|수정|조정|추가|만들|생성").split("|"))
CHANGE_EN = re.compile(
    r"\b(?:increase|raise|lower|reduce|set|change|bump|double|halve|adjust|tweak|create|add|make|give)\b"
)
# Back to an earlier version without the word "rollback": "take it back to the prev revision".
BACK_TO = LazyPattern(
    r"\bback to\b|\bgo back\b|\b(?:previous|prev|prior|last good|earlier) (?:version|revision|release|image|build)\b"
)
BACK_TO_KO = ("이전버전", "전버전", "예전버전", "이전리비전", "직전버전", "이전으로", "전으로")
# A new image said without a verb: "set web's image to …", "image: v2", "태그 v2로".
# Courtesy after the change named as a noun asks for it: "a restart would be great", "a bounce please".
COURTESY_AFTER_EN = LazyPattern(
    r"\s*(?:(?:would|'d)\s+(?:be\s+(?:great|nice|appreciated|helpful|good)|help)|(?:please|pls|plz)\b)"
)
IMAGE_TO = LazyPattern(
    r"\b(?:image|tag|version)\b.{0,80}?\b(?:to|=|:)\s*\S|(?:이미지|태그|버전)\S*\s*\S*\s?(?:으로|로)"
    r"|(?:이미지|태그|버전|image|tag)\S*\s+(?:\S+\s+){0,2}(?:바꿔|변경|교체|업데이트|올려)"
    r"|\b(?:to|on|with)\s+v?\d+(?:\.\d+)+\S*|\bv?\d+(?:\.\d+)+\S*\s*(?:으로|로)"
)
# The verbs of each change as people spell them, for a typo ("restrat", "rollbak", "deplyo").
VERB_WORDS: dict[Intent, tuple[str, ...]] = {
    Intent.RESTART: ("restart", "reboot", "bounce", "recycle", "relaunch", "respawn", "redeploy"),
    Intent.SCALE: ("scale", "resize", "increase", "decrease"),
    Intent.ROLLBACK: ("rollback", "revert", "undo"),
    Intent.DEPLOY: ("deploy", "release", "upgrade", "update"),
}
# Asking to destroy or stop, which no change the bot makes is: never read as the nearest change.
DESTRUCTIVE_KO = (
    "죽여",
    "죽이",
    "삭제",
    "지워",
    "지우",
    "없애",
    "날려",
    "제거",
    "폭파",
    "종료",
    "중지",
    "정지",
    "멈춰",
    "꺼줘",
    "꺼버",
    "셧다운",
)
DESTRUCTIVE_EN = re.compile(
    r"\b(?:delete|remove|destroy|nuke|wipe|purge|erase|kill|terminate|drain|cordon|evict|uninstall|shut ?down|stop)\b"
)
# Verbs of the requests that change nothing: a clause holding one asks for something else as well.
READ_KO = ("보여", "확인", "알려", "봐줘", "봐주", "체크", "뽑아")
READ_EN = LazyPattern(
    r"^(?:(?:and|then|also|pls|please|just|now)\s+)*(?:check|show|list|get|tail|look|see|tell|give)\b"
)
# Two names joined: "web and api-gw", "web, api-gw", "web 이랑 api-gw", "web & api-gw".
JOINED = r"(?:\s*(?:,|&)\s*|\s+(?:and|or|plus|및|랑|이랑|하고|과|와)\s+|(?:랑|이랑|하고|과|와)\s+)"
# Everyday hyphenated words, no app names: "reboot team-checkin, check-in window opens"
EVERYDAY_HYPHENATED = (
    *("check-in", "check-out", "sign-in", "sign-out", "log-in", "log-out", "opt-in", "opt-out", "plug-in"),
    *("built-in", "walk-in", "drop-in", "on-call", "follow-up", "roll-out", "set-up", "hot-fix", "add-on"),
    *("real-time", "e-mail", "pre-prod", "non-prod", "long-running", "up-to-date", "read-only", "third-party"),
)
_EVERYDAY = "|".join(re.escape(w) for w in EVERYDAY_HYPHENATED)
NAME = rf"(?<![\w./:@-])(?!(?:{_EVERYDAY})(?![\w-]))[a-z0-9]+(?:-[a-z0-9]+)+(?![\w./:@-])"
