"""
The words that signal each intent, in Korean (stems, matched inside spaceless Hangul)
and English (whole words or phrases), plus the words that never name an app.

Korean cues are stems, so every ending matches: "재시작" covers "재시작해줘", "재시작 해쥬",
"재 시작해". Konglish spellings ("리스타트", "스케일 아웃") sit beside native words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cues:
    """How one signal is spelled: Korean stems and English words or phrases."""

    ko: frozenset[str] = frozenset()
    en: frozenset[str] = frozenset()
    # The English cues as the parser looks them up: single words, and the phrases framed by spaces.
    words: frozenset[str] = field(init=False, repr=False, compare=False)
    phrases: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", frozenset(cue for cue in self.en if " " not in cue))
        # a phrase is looked up in the words as normalize.py makes them: "what's going on" is "what going on"
        phrases = (" ".join(w.removesuffix("'s") for w in cue.split()) for cue in self.en if " " in cue)
        object.__setattr__(self, "phrases", tuple(f" {cue} " for cue in phrases))


def _cues(ko: str = "", en: str = "") -> Cues:
    """Cues from '|'-separated lists (Korean spaces are dropped: Hangul is matched spaceless)."""
    return Cues(
        ko=frozenset(s.replace(" ", "") for s in ko.split("|") if s),
        en=frozenset(s.strip() for s in en.split("|") if s.strip()),
    )


# --- actions on one app -------------------------------------------------------------------
RESTART = _cues(
    ko=(
        "재시작|살려|재기동|재가동|재부팅|재실행|재구동|리스타트|리부트|다시 띄|다시 시작|다시 올려|다시 켜|껐다 켜|"
        "껐다가 켜|리프레시|롤아웃 재시작|리부팅|끄고 켜|껐다가|다시 부팅|재배포|킥 해|킥 한번|킥 좀"
    ),
    en=(
        "restart|restarts|restarted|reboot|bounce|recycle|kick|rollout restart|roll the pods|relaunch|respawn|"
        "redeploy|cycle|reboots|rebooted|bounced"
    ),
)
SCALE = _cues(
    ko="스케일|늘려|늘리|늘여|줄여|줄이|증설|축소|확장|개수|갯수|대수|인스턴스 수|대로 맞|개로 맞",
    en=(
        "scale|scaled|scaling|add|resize|increase|decrease|bump|upscale|downscale|dozen|single replica|dial down|"
        "dial up|dial it down|dial it up"
    ),
)
# Weak scale cues count only beside a replica number ("0으로 내려줘", "5개로 맞춰줘").
SCALE_WEAK = _cues(ko="내려|올려|맞춰|변경|바꿔|세팅|설정|해줘", en="set|to|make|change|run|up|down")
LOGS = _cues(
    ko="로그|로깅|로그스|출력",
    en="log|logs|logging|tail|stdout|stderr|printed|output",
)
ENDPOINT = _cues(
    ko="엔드포인트|주소|접속|접근|유알엘|도메인|링크|들어가|아이피|호스트|노출|포트|어디로|연결|접속 정보|어디서 접",
    en=(
        "endpoint|endpoints|url|urls|address|reach|access|ip|host|hostname|domain|link|exposed|expose|port|ports|"
        "open it|connect|connection|hit it|reachable|hit|from outside|outside the cluster|externally|call it|get to|"
        "connect to|talk to it|where does|where do i find|where can i find"
    ),
)
ROLLBACK = _cues(
    ko="롤백|되돌려|되돌리|되돌아|원복|원상복구|이전 버전|예전 버전|전 버전|이전 리비전|지난 리비전|리버트|언두",
    en="rollback|roll back|rolled back|undo|revert|rollout undo|previous version|last version|go back",
)
# "돌려" (turn back) and "취소" (cancel) mean rollback only beside a revision or a deploy.
ROLLBACK_WEAK = _cues(ko="돌려|돌리|취소|복구", en="back|cancel")
# What a bare "돌려줘" / "go back" turns back to.
PREVIOUS = _cues(ko="이전|예전|직전|전 버전|전으로|옛날|아까 버전", en="previous|prev|prior|earlier|last good|before")
DEPLOY = _cues(ko="배포|디플로이|릴리스|릴리즈|롤아웃", en="deploy|ship|release|set image|promote")
# Weak deploy cues count only beside an image reference or a version ("v1.8.0으로 업데이트").
DEPLOY_WEAK = _cues(
    ko="업데이트|업뎃|업그레이드|롤아웃|이미지|올려|반영|교체|바꿔|변경|태그|재배포",
    en="update|upgrade|rollout|roll out|push|image|tag|bump|move|put|use|switch|change|set|forward|redeploy",
)
HISTORY = _cues(
    ko=(
        "이력|히스토리|리비전 뭐|어떤 리비전|리비전 몇|몇 번째 리비전|몇 번까지|바뀐 버전|버전들|배포 기록|변경 기록|"
        "배포 내역|리비전 목록|리비전들|배포들|롤아웃들|릴리스들|지난 배포|거쳐 온|롤아웃 기록|릴리스 기록|"
        "리비전 기록|리비전별|그동안|뭐 배포됐|뭐가 배포됐|뭐뭐 배포됐|뭐 배포했|뭐뭐 배포했|뭐가 배포되었|"
        "뭐 나갔|뭐가 나갔|뭐뭐 나갔"
    ),
    en=(
        "history|revisions|rollout history|deploy history|deployment history|past deploys|recent deploys|rollouts|"
        "past releases|gone through|images did|builds did|versions did|recent images|recent builds|past images|"
        "past versions|previous images|what got deployed|what was deployed|what has been deployed|"
        "what's been deployed|what did we deploy|what did we ship|what got shipped|what went out"
    ),
)
STATUS = _cues(
    ko=(
        "상태|괜찮|정상|살아|잘 떠|헬스|건강|문제 없|이상 없|어때|멀쩡|죽었|죽은|죽어|장애|잘 돌아|잘 돌고|어떻게 돌|"
        "돌고 있|스테이터스|준비됐|떴|어떰|잘 돼|잘 되|돌아가고|준비된|준비 상태|레디|뻗|터졌|살아있|어떤 상태|"
        "별일 없|어떤 이미지|무슨 이미지|어떤 버전|무슨 버전|몇 버전|이미지 뭐|버전 뭐|잘 됐|성공했|완료됐|끝났"
    ),
    en=(
        "status|health|healthy|how is|hows|doing|alive|ok|okay|state|describe|up and running|rollout status|ready|"
        "broken|down|finish|finished|complete|completed|stable|crashing|crashloop|running ok|how is it now|"
        "how's it now|what image|which image|what version|which version|is up|are up|still up|back up|up yet|"
        "go through|went through|go ok|went ok|go well|went well|succeed|succeeded|landed|running fine|fine|working|"
        "sanity check|smoke check"
    ),
)
# Weak status cues ("check", "확인") only decide when nothing stronger is said.
STATUS_WEAK = _cues(ko="확인|체크|봐줘|보자|점검|살펴|어떻게 되", en="check|look|inspect|see|verify")

# --- the cluster as a whole ---------------------------------------------------------------
OVERVIEW = _cues(
    ko=(
        "요약|현황|전반|훑어|한눈|오버뷰|개요|대시보드|전체 상황|돌아가는 상황|상황|무슨 일|일어나고|전체적으로|별 일|"
        "이상한 거|문제 있는|고장|깨진|불난|터진 거|난리"
    ),
    en=(
        "overview|summary|summarize|summarise|at a glance|dashboard|what's going on|how's everything|"
        "how is everything|big picture|anything broken|anything wrong|looking|any problems|any issues|whats broken|"
        "what's broken|birds-eye|bird's-eye|birds eye|bird's eye|view of|rundown|state of|on fire|going on|happening|"
        "lay of the land|anything weird|anything odd|anything off|anything unusual|anything strange|anything failing|"
        "anything down|any alerts|any problem|problems|issues|what's up with|whats up with|anything red|"
        "anything's red"
    ),
)
# Words that widen a status question from one app to the whole place.
WHOLE = _cues(
    ko="클러스터|쿠버|전체|전부|전반|환경|다 괜찮|모두|싹 다", en="cluster|everything|all|whole|overall|k8s|kubernetes"
)
HELP = _cues(
    ko=(
        "도움말|도움|사용법|명령어|커맨드|헬프|뭐 할 수 있|뭘 할 수 있|무엇을 할 수 있|어떻게 써|어떻게 사용|쓰는 법|"
        "기능 뭐|무슨 기능|할 줄 아|할줄알|지원하는 기능|기능 목록|어떻게 쓰|처음 써|사용 방법|쓰는 거|명령 목록|"
        "뭘 해줄|뭐 해줄|뭘 도와|뭐 도와|할 수 있는 게|할 수 있는 거|할 수 있는 일|도와줘|도와주|물어볼 수|물어봐도|"
        "뭘 물어|뭐 물어|하는 법|하는 방법|명령 예시|예시|옵션"
    ),
    en=(
        "help|commands|command list|usage|what can you do|what do you do|what can i do|how do i use|how to use|"
        "capabilities|what can you|man page|syntax|how do i use you|what are you able|what else can you|"
        "supported commands|list of commands|getting started|how does this bot|what can this|what does this bot|"
        "what can it do|this thing do|how do i|how to|example|examples|flags|which commands|quick tour"
    ),
)
# "Show me a list": with a resource noun and no app, the message asks for a listing.
LISTING = _cues(
    ko=(
        "목록|리스트|뭐 있|뭐뭐|뭐가 있|어떤|어느|보여|뽑아|알려|전부|나열|있는지|떠있|돌아가|돌고|올라가|올라와|"
        "몇 개|있어|있나|뭐야"
    ),
    en="list|ls|show|get|what|which|all|display|how many|any|are there|running|exist|do we have|have",
)

# --- resources that can be listed ---------------------------------------------------------
PODS = _cues(ko="파드|포드|팟|팓", en="pods|pod|po")
DEPLOYMENTS = _cues(ko="디플로이먼트|디플로이먼츠|디플먼트", en="deployments|deployment|workloads")
SERVICES = _cues(ko="서비스|서비스들|svc", en="services|service|svc|svcs")
INGRESSES = _cues(ko="인그레스|인그리스", en="ingresses|ingress|ing")
NAMESPACES = _cues(ko="네임스페이스|네임스페이", en="namespaces|namespace|ns")
APPS = _cues(ko="앱|애플리케이션|어플리케이션|애플리|어플|애플|응용|워크로드", en="apps|applications|app|application")

# --- what we refuse -----------------------------------------------------------------------
# Destructive or unsupported operations, prompt injection and shell: always `unknown`.
REFUSED = _cues(
    ko=(
        "삭제|지워|지우|지운|없애|날려|날리|제거|폭파|포맷|초기화|밀어버|중지|정지|멈춰|멈추|종료|꺼줘|꺼버|꺼라|끄자|"
        "셧다운|무시하고|무시해|프롬프트|해킹|탈취|비밀번호|토큰 알려|시크릿|컨피그맵|노드|인증서|볼륨|로그 레벨|"
        "로그 수준|디버그 모드|권한 주|권한 좀 주|권한을 주|권한 부여|권한 추가|접근 권한|"
        "포트포워딩|포워딩|포트포워드"
    ),
    en=(
        "delete|remove|rm|rmdir|destroy|nuke|wipe|purge|erase|drop|terminate|kill|truncate|format|shutdown|configmap|"
        "configmaps|config map|nodes|node|pvc|hpa|cronjob|cronjobs|rbac|clusterrole|log level|loglevel|verbosity|"
        "debug mode|"
        "shut down|stop|pause|suspend|disable|uninstall|ignore previous|ignore all|ignore the above|"
        "disregard|system prompt|jailbreak|sudo|exec|shell|bash|curl|wget|chmod|secret|secrets|password|"
        "passwords|token|credentials|cordon|drain|taint|evict|port-forward|port forward|portforward|port-forwarding"
    ),
)
# Talk about a concept instead of a request to act on it ("롤백이 뭐야?", "what is scaling").
CONCEPT = _cues(
    ko=(
        "공부|배우|배워|개념|차이|의미|원리|설명해|뭔가요|무엇인가요|이란|이란게|란 뭐|가 뭐야|이 뭐야|뜻이|정의|강의|"
        "튜토리얼|자격증|튜닝|베스트 프랙티스|모범 사례|리팩토링|코드 리뷰|고마워|고맙|감사합니다|감사해요|수고"
    ),
    en=(
        "what is a|what is an|what's a|what's an|what does|what is kubernetes|what's kubernetes|explain|difference|"
        "tuning|best practice|best practices|refactor|refactoring|thanks|thank you|thx|why is|why does|"
        "meaning|definition|how does|learn|learning|study|studying|tutorial|course|anyway|mean"
    ),
)
# A request to do something (vs. talk): Korean endings and English politeness.
REQUEST = _cues(
    ko="줘|줄래|주세요|주실|주시|주라|해라|하자|해봐|부탁|좀|ㄱ|고고|가능|할래|할까|있을까|해|해요|합시다|하세요",
    en="please|pls|plz|can you|could you|would you|lets|let me|lemme|help me|now|asap",
)

# English words that are never an app name when no app list is given.
FILLER_EN = frozenset(
    """
    a an the to of for from in on at by with into onto about as and or but so then than
    me my our your their i we you it its it's is are was were be been am do does did done
    can could would will should shall may might must please pls plz thx thanks thank hey hi hello yo
    now right just again quickly asap also too very really some any every each other this that
    these those them they there here what which who how why when where whats what's hows how's
    up down out off over under all both last latest newest recent previous current new old
    show give get list let see tell find make bring put run set lines line rows row replicas replica
    pods pod instances instance copies version revision rev image tag cluster k8s kubernetes kubectl
    rollout namespace ns app apps service services deploy deployment deployments outside externally
    internally anyway bot klepaas ok okay whole entire everything something stuff thing things much many
    more less times time minutes mins min hours ago today yesterday doing running healthy health status
    back undo ship release reach access url endpoint address ip help summary overview logs log tail
    restart scale bump bounce check look want need like going go try us know work works
    """.split()
)
# Korean words that never name an app (politeness, time, filler); Hangul app aliases sit in glossary.
FILLER_KO = frozenset(
    "좀|지금|혹시|일단|일단은|먼저|그냥|이제|잠깐|계속|바로|아직|진짜|너무|그래서|그럼|근데|그리고|또|좀더|조금|우선|"
    "그|저|이|그거|저거|거|것|다|전부|모두|한 번|빨리|얼른|제발|나|내|우리|너|니|방금|아까|오늘|어제|최근|마지막|새|"
    "새로운|버전|이미지|번|개|대|줄|쪽|거기|여기|저기".split("|")
)

_INTENT_CUES = (
    RESTART,
    SCALE,
    LOGS,
    ENDPOINT,
    ROLLBACK,
    DEPLOY,
    DEPLOY_WEAK,
    HISTORY,
    STATUS,
    STATUS_WEAK,
    OVERVIEW,
    HELP,
    PODS,
    DEPLOYMENTS,
    SERVICES,
    INGRESSES,
    NAMESPACES,
    APPS,
    REFUSED,
    WHOLE,
)
# English words with a job in a command; they name an app only when an app is called exactly that.
COMMAND_WORDS_EN = FILLER_EN | frozenset(
    word
    for cues in (*_INTENT_CUES, SCALE_WEAK, LISTING, REQUEST, CONCEPT, ROLLBACK_WEAK)
    for phrase in cues.en
    # the words of a refused phrase ("config map", "log level") may still name an app part alone
    if cues is not REFUSED or " " not in phrase
    for word in phrase.split()
)
# Korean stems with a job in a command: a Hangul word holding one is not an unknown app name.
# Korean words that carry a command's meaning without being one: they support an app match, never decide it.
CUE_WORDS_KO = frozenset({"버전", "설정", "이미지", "로그", "상태", "배포", "서비스", "서버"})
COMMAND_STEMS_KO = frozenset(stem for cues in _INTENT_CUES for stem in cues.ko) | frozenset(
    w for w in (*FILLER_KO, *LISTING.ko, *REQUEST.ko) if len(w) > 1
)
# The stems by their first syllable: a lookup per syllable instead of one expression of 300 alternatives.
_STEMS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _stem in sorted(COMMAND_STEMS_KO):
    _STEMS_BY_FIRST[_stem[0]] = (*_STEMS_BY_FIRST.get(_stem[0], ()), _stem)


@functools.lru_cache(maxsize=4096)
def command_stem_at(word: str, start: int = 0) -> int:
    """Where the first Korean command stem in `word` begins at or after `start`; -1 when none."""
    for at in range(max(start, 0), len(word)):
        stems = _STEMS_BY_FIRST.get(word[at])
        if stems and word.startswith(stems, at):
            return at
    return -1


def holds_command_stem(word: str) -> bool:
    """Whether a Hangul word holds a command stem, so it is no app or namespace name."""
    return command_stem_at(word) >= 0
