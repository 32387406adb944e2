"""
What the bot says to people, in Korean and English.

Every sentence lives in CATALOG; values are mrkdwn-escaped before they are put
in, so an app name or a cluster message can never become a mention or a link.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from intents.language import Language
from templates import Message, mrkdwn, render

CATALOG: dict[str, dict[Language, str]] = {
    "unknown": {
        "ko": "무슨 말인지 잘 모르겠어요. 예: `nginx 재시작해줘`, `api 로그 100줄`, `도움말`",
        "en": "Sorry, I didn't understand that. Try `restart nginx`, `logs api --tail 100`, or `help`.",
    },
    "unknown.closest": {
        "ko": "혹시 이런 뜻이었나요? {suggestions}",
        "en": "Did you mean one of these? {suggestions}",
    },
    "error.generic": {
        "ko": "문제가 생겼어요 (오류 {error_id}). 잠시 후 다시 시도해 주세요.",
        "en": "Something went wrong (error {error_id}). Please try again in a moment.",
    },
    "error.not_ready": {
        "ko": "`{intent}` 명령은 아직 준비되지 않았어요. `도움말`로 지금 할 수 있는 일을 확인해 보세요.",
        "en": "`{intent}` is not available yet. Type `help` to see what works now.",
    },
    "error.no_cluster": {
        "ko": "Kubernetes 클러스터에 연결되어 있지 않아요. `KUBECONFIG`를 설정하거나 클러스터 안에서 실행해 주세요.",
        "en": "I'm not connected to a Kubernetes cluster. Set `KUBECONFIG`, or run me inside the cluster.",
    },
    "ask.app": {
        "ko": "어떤 앱에 `{intent}` 할까요? 아래에서 고르거나 앱 이름을 알려 주세요.",
        "en": "Which app should I `{intent}`? Pick one below, or tell me its name.",
    },
    "ask.app_none": {
        "ko": "어떤 앱에 `{intent}` 할까요? 앱 이름을 알려 주세요.",
        "en": "Which app should I `{intent}`? Tell me its name.",
    },
    "ask.replicas": {
        "ko": "`{app}`을(를) 몇 개로 맞출까요? 숫자로 알려 주세요 (예: `3`).",
        "en": "How many replicas for `{app}`? Reply with a number (e.g. `3`).",
    },
    "ask.image": {
        "ko": "`{app}`에 어떤 이미지나 태그를 배포할까요? (예: `nginx:1.27` 또는 `1.27`)",
        "en": "Which image or tag should I deploy to `{app}`? (e.g. `nginx:1.27` or `1.27`)",
    },
    "help.title": {"ko": "klepaas 도움말", "en": "klepaas help"},
    "help.intro": {
        "ko": "Slack에서 Kubernetes 앱을 다룰 수 있어요. `/klepaas <할 일>`로 쓰거나 `@klepaas`를 멘션해 주세요. "
        "평소 말하듯 한국어나 영어로 쓰면 돼요.",
        "en": "I operate your Kubernetes apps from Slack. Use `/klepaas <what to do>` or mention `@klepaas`, "
        "in plain English or Korean.",
    },
    "help.footer": {
        "ko": "변경(재시작·스케일·롤백·배포)은 확인 버튼을 누른 뒤에 실행돼요. 명령 형식: "
        "`<명령> [앱] [값] [-n 네임스페이스] [--tail N]`",
        "en": "Changes (restart, scale, rollback, deploy) run only after you press Confirm. Plain syntax: "
        "`<intent> [app] [value] [-n namespace] [--tail N]`",
    },
}

HELP_GROUPS: dict[Language, list[tuple[str, list[str]]]] = {
    "ko": [
        ("상태 보기", ["nginx 상태 어때?", "api 로그 100줄 보여줘", "web 주소 알려줘", "staging 한눈에 보여줘"]),
        ("변경하기", ["nginx 재시작해줘", "api 파드 3개로 늘려줘", "web 이전 버전으로 롤백", "web nginx:1.27 배포해줘"]),
        ("목록", ["파드 목록", "디플로이먼트 목록 -n staging", "서비스 목록", "네임스페이스 목록"]),
    ],
    "en": [
        ("Look", ["status nginx", "logs api --tail 100", "endpoint web", "overview -n staging"]),
        ("Change", ["restart nginx", "scale api 3", "rollback web", "deploy web nginx:1.27"]),
        ("List", ["list pods", "list deployments -n staging", "list services", "list namespaces"]),
    ],
}


def say(key: str, lang: Language, **values: object) -> str:
    """One catalog sentence in `lang`, with every value mrkdwn-escaped."""
    entry = CATALOG[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**{name: mrkdwn(value) for name, value in values.items()})


@dataclass(frozen=True, slots=True)
class Button:
    action_id: str
    text: str
    value: str
    style: str | None = None


def notice(text: str, *, fallback: str | None = None, detail: str | None = None,
           buttons: Sequence[Button] = ()) -> Message:
    """A one-sentence message. `text` must already be safe mrkdwn (built with `say`)."""
    return render(
        "notice",
        text=text,
        detail=detail,
        fallback=fallback or text,
        buttons=[{"action_id": b.action_id, "text": b.text, "value": b.value, "style": b.style} for b in buttons],
    )


def help_message(lang: Language) -> Message:
    groups: Mapping[Language, list[tuple[str, list[str]]]] = HELP_GROUPS
    return render(
        "help",
        title=say("help.title", lang),
        intro=say("help.intro", lang),
        footer=say("help.footer", lang),
        groups=[{"title": title, "examples": examples} for title, examples in groups[lang]],
    )


def unknown_message(lang: Language, suggestions: Sequence[str] = ()) -> Message:
    text = say("unknown", lang)
    if suggestions:
        text += "\n" + say("unknown.closest", lang, suggestions=", ".join(f"`{s}`" for s in suggestions))
    return notice(text)


def apology(error_id: str, lang: Language = "en") -> Message:
    return notice(say("error.generic", lang, error_id=error_id))
