"""The small shop cluster the sentences written for the discourse tests name, and the frame of a message in it
as `klepaas parse` prints it (a command the message leaves incomplete is `unknown`), without the empty fields."""

from __future__ import annotations

from intents.builtin.parser import parse_text
from intents.provider import Context

APPS = ("web", "api", "billing-api", "pay-gw", "search-indexer")
NAMESPACES = ("default", "shop-prod", "shop-dev", "staging")
CONTEXT = Context(apps=APPS, namespaces=NAMESPACES)


def frame(text: str, context: Context = CONTEXT) -> dict[str, object]:
    command = parse_text(text, context).runnable()
    return {k: v for k, v in command.model_dump(mode="json").items() if v is not None}
