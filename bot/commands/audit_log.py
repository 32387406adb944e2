"""
`/klepaas audit`: recent attempts from the audit log, for members of the policy's `auditors` role.

Who, what, where, outcome and the identity the cluster saw, newest first, filtered by app, person
or time ("audit web since 2h", "audit @alice"), one page within Block Kit's limits, in the
person's language. `@name` is matched against the Slack names of the people in the log.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands.answer import Answer
from bot.commands.audit_filters import AuditFilter, read_filter
from bot.commands.queries import page
from bot.infra.clock import utcnow
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.policy.access import Access
from bot.storage import Database
from bot.storage.audit_query import AuditRow, recent
from bot.storage.outcome import Outcome
from intents import Command
from intents.language import Language
from templates import Message, render

__all__ = ["AuditLog", "slack_names"]

SCANNED = 500  # rows read to find whom `@name` means
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")

Names = Callable[[str], Awaitable[frozenset[str]]]


def slack_names(slack: AsyncWebClient) -> Names:
    """A person's Slack handle, display and real name, lower-cased (users.info)."""

    async def names(user_id: str) -> frozenset[str]:
        try:
            info = (await slack.users_info(user=user_id)).get("user") or {}
        except SlackApiError:
            return frozenset()
        profile = info.get("profile") or {}
        found = (info.get("name"), info.get("real_name"), profile.get("display_name"))
        return frozenset(str(n).lower() for n in found if n)

    return names


@dataclass(frozen=True)
class AuditLog:
    db: Database
    access: Access
    names: Names
    clock: Callable[[], dt.datetime] = utcnow

    async def __call__(self, who: Invocation, command: Command) -> Answer:
        """The IntentHandler of `audit`."""
        if not await self.access.is_auditor(who.user_id):
            return Answer(notice(say("audit.denied", who.lang)), Outcome.DENIED)
        wanted = read_filter(who.text, bot_user=who.bot_user_id)
        since = wanted.since(self.clock())
        users = await self._people(wanted, since) if wanted.user else None
        rows = [] if users == frozenset() else await recent(self.db, since=since, app=wanted.app, users=users)
        return Answer(audit_message(rows, wanted, who.lang), Outcome.OK)

    async def _people(self, wanted: AuditFilter, since: dt.datetime) -> frozenset[str]:
        typed = wanted.user or ""
        if _USER_ID.match(typed):
            return frozenset({typed})
        seen = {r.user_id for r in await recent(self.db, since=since, app=wanted.app, limit=SCANNED) if r.user_id}
        return frozenset([u for u in sorted(seen) if typed.lower() in await self.names(u)])


def _row(row: AuditRow) -> tuple[str, ...]:
    return (
        row.at.astimezone(dt.UTC).strftime("%m-%d %H:%M"),
        row.user_id or row.source,
        row.action,
        row.target or row.channel_id or "-",
        row.outcome,
        row.identity,
    )


def audit_message(rows: list[AuditRow], wanted: AuditFilter, lang: Language) -> Message:
    hours = max(1, round(wanted.span.total_seconds() / 3600))
    title = say("audit.title", lang, hours=hours, app=wanted.app or "*", user=wanted.user or "*")
    all_rows = tuple(_row(r) for r in rows)
    shown = page(all_rows)
    paged = say("audit.paged", lang, shown=len(shown), total=len(all_rows)) if len(shown) < len(all_rows) else None
    return render(
        "listing",
        title=title,
        columns=say("audit.columns", lang).split("|"),
        rows=shown,
        paged=paged,
        empty=say("audit.empty", lang),
        fallback=f"audit: {len(shown)} of {len(all_rows)} attempts",
    )
