"""
What the bot says to people, in Korean and English: the one catalog and its `say()`.

The sentences live in sentences.yaml beside this module (data, not code). Every
value is mrkdwn-escaped before it is put in, so an app name, an alert label or a
cluster message can never become a mention or a link.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from intents.language import Language
from templates import mrkdwn

__all__ = ["sentences", "say"]

SENTENCES = Path(__file__).with_name("sentences.yaml")


@cache
def sentences() -> dict[str, dict[Language, str]]:
    """The catalog: key → {"ko": …, "en": …}, read once."""
    loaded: dict[str, dict[Language, str]] = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    return loaded


def say(key: str, lang: Language, **values: object) -> str:
    """One sentence in `lang` (English when the catalog has no such translation), values escaped."""
    entry = sentences()[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**{name: mrkdwn(value) for name, value in values.items()})
