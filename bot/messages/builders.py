"""
Messages built from the catalog's sentences: notices with buttons, help, unknown, apologies.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from bot.messages.catalog import say
from intents.language import Language
from templates import Message, render
from templates.actions import Button

HELP_GROUPS: dict[Language, list[tuple[str, list[str]]]] = {
    "ko": [
        ("상태 보기", ["nginx 상태 어때?", "api 로그 100줄 보여줘", "web 주소 알려줘", "staging 한눈에 보여줘"]),
        (
            "변경하기",
            ["nginx 재시작해줘", "api 파드 3개로 늘려줘", "web 이전 버전으로 롤백", "web nginx:1.27 배포해줘"],
        ),
        ("목록", ["파드 목록", "디플로이먼트 목록 -n staging", "서비스 목록", "네임스페이스 목록"]),
    ],
    "en": [
        ("Look", ["status nginx", "logs api --tail 100", "endpoint web", "overview -n staging"]),
        ("Change", ["restart nginx", "scale api 3", "rollback web", "deploy web nginx:1.27"]),
        ("List", ["list pods", "list deployments -n staging", "list services", "list namespaces"]),
    ],
}


def notice(
    text: str, *, fallback: str | None = None, detail: str | None = None, buttons: Sequence[Button] = ()
) -> Message:
    """A one-sentence message. `text` must already be safe mrkdwn (built with `say`)."""
    return render(
        "notice",
        text=text,
        detail=detail,
        fallback=fallback or text,
        buttons=list(buttons),
    )


@functools.cache  # NB: a fixed message; rendering and validating it per request cost more than sending it
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
