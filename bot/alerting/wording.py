"""
What the alert buttons tell the person who clicked, in Korean and English.

Kept beside the alerting part rather than in bot/messages.py's CATALOG; the
sentences go through bot.messages.builders.notice, and values are mrkdwn-escaped the same way.
"""
from __future__ import annotations

from intents.language import Language
from templates import Message, mrkdwn
from bot.messages import builders as messages

CATALOG: dict[str, dict[Language, str]] = {
    "alert.unknown_thread": {
        "ko": "이 알림 스레드를 찾을 수 없어요 (너무 오래되었을 수 있어요). 아무것도 바꾸지 않았어요.",
        "en": "I can't find this alert thread any more (it may be too old). Nothing was changed.",
    },
    "alert.already_acked": {
        "ko": "이미 <@{user}>님이 확인한 알림이에요. 아무것도 바꾸지 않았어요.",
        "en": "<@{user}> already acknowledged this alert. Nothing was changed.",
    },
    "alert.already_silenced": {
        "ko": "이 알림은 이미 {until}까지 무음이에요. 풀려면 *Unsilence* 버튼을 눌러 주세요.",
        "en": "This alert is already silenced until {until}. Use *Unsilence* to lift it first.",
    },
    "alert.not_silenced": {
        "ko": "이 알림은 무음 상태가 아니에요. 아무것도 바꾸지 않았어요.",
        "en": "This alert is not silenced. Nothing was changed.",
    },
    "alert.resolved": {
        "ko": "이미 해결된 알림이에요. 아무것도 바꾸지 않았어요.",
        "en": "This alert is already resolved. Nothing was changed.",
    },
    "alert.denied": {
        "ko": "알림을 확인하거나 무음으로 할 권한이 없어요. 운영 담당자에게 요청해 주세요.",
        "en": "You are not allowed to acknowledge or silence alerts. Ask an operator to do it.",
    },
    "alert.no_alertmanager": {
        "ko": "Alertmanager 주소가 설정되지 않아 무음을 걸 수 없어요. `ALERTMANAGER_URL`을 설정해 주세요.",
        "en": "I can't silence alerts because no Alertmanager is configured. Set `ALERTMANAGER_URL`.",
    },
    "alert.unsilenceable": {
        "ko": "이 알림 그룹에는 안전하게 무음을 걸 레이블이 없어요. Alertmanager에서 직접 무음을 걸어 주세요.",
        "en": "This alert group has no label I can safely silence it by. Create the silence in Alertmanager.",
    },
    "alert.silence_failed": {
        "ko": "Alertmanager가 요청을 받지 않았어요 ({reason}). 아무것도 바꾸지 않았어요. 잠시 후 다시 시도해 주세요.",
        "en": "Alertmanager did not accept the request ({reason}). Nothing was changed; please try again shortly.",
    },
}


def say(key: str, lang: Language, **values: object) -> str:
    """One sentence in `lang`, with every value mrkdwn-escaped."""
    entry = CATALOG[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**{name: mrkdwn(str(value)) for name, value in values.items()})


def notice(key: str, lang: Language, **values: object) -> Message:
    return messages.notice(say(key, lang, **values))
