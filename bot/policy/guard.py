"""
The policy's refusals as sentences.

The policy in force is read from KLEPAAS_POLICY by the composition root (bot/app/wiring.py)
and handed to each part that checks it; a bot without one is read-only for everyone, as DESIGN.md asks.
"""

from __future__ import annotations

from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.policy.rules import Decision, Denial
from intents.language import Language
from templates import Message

__all__ = ["refusal"]


def refusal(decision: Decision, *, user_id: str, lang: Language) -> Message:
    """The sentence for a denied Decision: what is missing, and whom to ask."""
    reason = decision.reason or Denial.NOT_IN_ROLE
    intent = decision.intent.value if decision.intent else "?"
    return notice(
        say(
            f"denied.{reason.value}",
            lang,
            user=user_id,
            intent=intent,
            namespace=decision.namespace or "?",
            roles=", ".join(decision.roles) or "-",
            channel=decision.channels[0] if decision.channels else "-",
        )
    )
