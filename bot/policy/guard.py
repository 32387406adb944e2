"""
The policy as the cluster commands meet it: the policy in force, and its refusals as sentences.

The policy lives in `deps.extras["policy"]` (set by install_cluster_commands);
a bot without one is read-only for everyone, as DESIGN.md asks.
"""
from __future__ import annotations

from bot.app.deps import Deps
from bot.messages.builders import notice
from bot.policy.rules import Decision, Denial, Policy
from bot.messages.catalog import say
from intents.language import Language
from templates import Message

__all__ = ["policy_of", "refusal"]


def policy_of(deps: Deps) -> Policy:
    policy = deps.extras.get("policy")
    return policy if isinstance(policy, Policy) else Policy.read_only()


def refusal(decision: Decision, *, user_id: str, lang: Language) -> Message:
    """The sentence for a denied Decision: what is missing, and whom to ask."""
    reason = decision.reason or Denial.NOT_IN_ROLE
    intent = decision.intent.value if decision.intent else "?"
    return notice(say(f"denied.{reason.value}", lang, user=user_id, intent=intent,
                      namespace=decision.namespace or "?", roles=", ".join(decision.roles) or "-"))
