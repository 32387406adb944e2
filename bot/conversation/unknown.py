"""
The answer to a text the bot did not take as a command.

When the parser refused a change the text mentions (past tense, a negation, a
question, talk about it, a change the bot cannot make) the answer says how the
text was read and that nothing changed. Either way it offers the closest
commands as buttons; a click runs the button's text as if the person typed it,
so a change still goes through the policy and the Confirm step.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.conversation.clarify import likely_apps
from bot.messages.builders import notice
from bot.messages.buttons import MAX_CHOICES
from bot.messages.catalog import say
from intents import NEEDS_APP, Context, Intent, Parsed
from intents.language import Language
from intents.said import Said
from templates import Message
from templates.actions import ActionId, Button

__all__ = ["READ_AS", "suggestions", "unknown_reply"]

# Refusals whose reading the person hears (the others, scope/shell/value, are said by the dispatcher).
READ_AS = frozenset({"past", "negated", "question", "later", "talk", "not_asked", "unsupported"})


def suggestions(said: Said, closest: Sequence[Intent], context: Context) -> list[str]:
    """Plain commands for the closest intents, with the app the message most likely names.

    Read from what the message said (intents.said.Said): quoted, withdrawn and linked words name no app.
    """
    apps = likely_apps(said.words, context.apps, limit=1) if context.apps else []
    parts = {part for word in said.words for part in word.split("-")}
    app = next((a for a in apps if set(a.split("-")) & parts or any(a in word for word in said.words)), None)
    out: list[str] = []
    for intent in closest:
        if intent in (Intent.UNKNOWN, Intent.HELP):
            continue
        command = intent.value.replace("_", " ")
        out.append(f"{command} {app}" if app and intent in NEEDS_APP else command)
    return list(dict.fromkeys(out))[: MAX_CHOICES - 1] + ["help"]


def unknown_reply(parsed: Parsed, *, context: Context, lang: Language) -> Message:
    refused = parsed.refused if parsed.refused in READ_AS else None
    sentence = say(f"refused.{refused}", lang) if refused else say("unknown", lang)
    buttons = [
        Button(ActionId.SUGGEST, label, label, suffix=str(i))
        for i, label in enumerate(suggestions(parsed.said, parsed.closest, context))
    ]
    return notice(sentence, detail=say("unknown.buttons", lang), buttons=buttons)
