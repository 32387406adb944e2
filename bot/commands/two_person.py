"""
Two people for protected namespaces (`namespace_rules.<ns>.two_person: true` in the policy).

A typed change there (restart, scale, rollback, deploy) is applied only when a second allowed
person presses Confirm: the requester's own Confirm is refused with a sentence, and the
confirmation says so and names who may approve. CI deploys have had the same rule (deploy rules'
`two_person`).
"""

from __future__ import annotations

from bot.messages.catalog import say
from bot.policy.rules import Policy
from intents import Intent
from intents.language import Language

__all__ = ["approvers", "note", "protected"]


def protected(policy: Policy, namespace: str) -> bool:
    return policy.rule(namespace).two_person


def approvers(policy: Policy, intent: Intent, namespace: str) -> str:
    """Mentions of whoever the policy lets approve `intent` in `namespace` (users and user groups)."""
    users: dict[str, None] = {}
    groups: dict[str, None] = {}
    for name in policy.roles_allowing(intent, namespace):
        users.update(dict.fromkeys(policy.roles[name].users))
        groups.update(dict.fromkeys(policy.roles[name].groups))
    if policy.impersonation is not None:  # the cluster decides: anyone mapped may try
        users.update(dict.fromkeys(policy.impersonation.users))
    # NB: IDs only (validated by the policy's schema), so the mentions need no escaping.
    return ", ".join([*(f"<@{u}>" for u in users), *(f"<!subteam^{g}>" for g in groups)]) or "-"


def note(policy: Policy, intent: Intent, namespace: str, *, requester: str, lang: Language) -> str | None:
    """The confirmation's line for a protected namespace: a second person confirms, and who may."""
    if not protected(policy, namespace):
        return None
    return say("two_person.note", lang, user=requester) + " " + approvers(policy, intent, namespace)
