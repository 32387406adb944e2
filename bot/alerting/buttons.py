"""
The buttons on alert thread parents: Silence 1h/4h/24h, Unsilence, Ack, and the link buttons.

The clicks arrive through bot/slack/listeners/alerts.py (acked first, the rest run as the app's
work), and are authorised here at click time
(`Policy.may_operate_alerts`: anyone without a policy file, members of a role
with one), carried out under the group's lock (bot/alerting/threads.py) and
audited with source "button". A click that would change nothing (unknown or
expired thread, a second Ack, Silence while silenced, Unsilence while not
silenced) gets a polite ephemeral answer through response_url and changes
nothing. Restart, Rollback and Logs on the same messages belong to the cluster
listeners; they are not registered here.

A silence is created in Alertmanager with the group's matchers
(alerts.matchers_for), createdBy "slack:<name>" and a comment naming the thread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from alerts import (
    SILENCE_DURATIONS,
    Alertmanager,
    Plan,
    ThreadRecord,
    ThreadState,
    errors,
    matchers_for,
    plan_ack,
    plan_silence,
    plan_unsilence,
)
from bot.alerting.threads import AlertThreads
from bot.infra.clock import utcnow
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.messages.replies import Replier
from bot.policy.rules import Policy
from bot.storage.audit import Recorder
from bot.storage.outcome import Outcome
from templates.actions import ActionId

log = structlog.get_logger(__name__)

__all__ = ["AlertButtons", "Refused", "duration"]


class Refused(Exception):
    """The click would change nothing; `key` names the sentence that says why."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(key)


def duration(span: str) -> dt.timedelta:
    """'1h', '4h', '24h' (SILENCE_DURATIONS) as a timedelta."""
    match = re.fullmatch(r"(\d+)h", span)
    if match is None:
        raise ValueError(f"not a silence duration: {span!r}")
    return dt.timedelta(hours=int(match.group(1)))


@dataclass(frozen=True)
class AlertButtons:
    threads: AlertThreads
    alertmanager: Alertmanager | None
    slack: AsyncWebClient
    replier: Replier
    recorder: Recorder
    policy: Policy
    # The Slack user groups (named by the policy) a person is in, so a role's groups count too.
    groups_of: Callable[[str], Awaitable[frozenset[str]]] | None = None
    clock: Callable[[], dt.datetime] = utcnow

    async def ack(self, who: Invocation, thread_id: str) -> None:
        async def decide(record: ThreadRecord) -> Plan:
            _require_firing(record)
            if record.acked_by:
                raise Refused("alert.already_acked", user=record.acked_by)
            return plan_ack(record, user=who.user_id, now=self.clock())

        await self._click(who, ActionId.ACK, thread_id, decide)

    async def silence(self, who: Invocation, span: str, thread_id: str) -> None:
        """Silence the thread's group for `span` (one of SILENCE_DURATIONS)."""
        if span not in SILENCE_DURATIONS:
            raise ValueError(f"not a silence duration: {span!r}")
        creator = None

        async def decide(record: ThreadRecord) -> Plan:
            nonlocal creator
            now = self.clock()
            _require_firing(record)
            if record.is_silenced(now):
                raise Refused("alert.already_silenced", until=_when(record.silenced_until))
            if self.alertmanager is None:
                raise Refused("alert.no_alertmanager")
            try:
                matchers = matchers_for(record.group)
            except errors.UnsilenceableGroup as exc:
                raise Refused("alert.unsilenceable") from exc
            creator = creator or await self._slack_name(who.user_id)
            until = now + duration(span)
            try:
                silence_id = await self.alertmanager.create_silence(
                    matchers,
                    starts_at=now,
                    ends_at=until,
                    created_by=f"slack:{creator}",
                    comment=f"Silenced for {span} by @{creator} from Slack: alert thread in channel "
                    f"{record.channel} at ts {record.parent_ts} (klepaas thread {record.thread_id})",
                )
            except errors.SilenceError as exc:
                raise Refused("alert.silence_failed", reason=exc.message[:120]) from exc
            log.info("alert.silenced", thread_id=record.thread_id, silence_id=silence_id, until=until.isoformat())
            return plan_silence(record, user=who.user_id, silence_id=silence_id, until=until, now=now)

        await self._click(who, ActionId.SILENCE.with_suffix(span), thread_id, decide)

    async def unsilence(self, who: Invocation, thread_id: str) -> None:
        async def decide(record: ThreadRecord) -> Plan:
            if record.silence_id is None:
                raise Refused("alert.not_silenced")
            if self.alertmanager is None:
                raise Refused("alert.no_alertmanager")
            try:
                await self.alertmanager.expire_silence(record.silence_id)
            except errors.SilenceError as exc:
                raise Refused("alert.silence_failed", reason=exc.message[:120]) from exc
            return plan_unsilence(record, user=who.user_id, now=self.clock())

        await self._click(who, ActionId.UNSILENCE, thread_id, decide)

    async def _click(self, who: Invocation, action: str, thread_id: str, decide: Any) -> None:
        if not await self._allowed(who.user_id):
            await self._audit(who, action, thread_id, Outcome.DENIED)
            await self._tell(who, notice(say("alert.denied", who.lang)))
            return
        try:
            seen = await self.threads.change(thread_id, decide) if thread_id else None
        except Refused as refusal:
            await self._audit(who, action, thread_id, Outcome.REFUSED, reason=refusal.key)
            await self._tell(who, notice(say(refusal.key, who.lang, **refusal.values)))
            return
        if seen is None:
            await self._audit(who, action, thread_id, Outcome.UNKNOWN_THREAD)
            await self._tell(who, notice(say("alert.unknown_thread", who.lang)))
            return
        await self._audit(who, action, thread_id, Outcome.OK, group_key=seen.group_key)

    async def _allowed(self, user_id: str) -> bool:
        groups = await self.groups_of(user_id) if self.groups_of is not None else frozenset()
        return self.policy.may_operate_alerts(user_id, groups)

    async def _slack_name(self, user_id: str) -> str:
        """The clicker's Slack handle for createdBy; the user ID when Slack does not say."""
        try:
            response = await self.slack.users_info(user=user_id)
        except SlackApiError as exc:
            log.warning("alert.user_unknown", user=user_id, error=exc.response.get("error"))
            return user_id
        user = response.get("user") or {}
        return str(user.get("name") or (user.get("profile") or {}).get("display_name") or user_id)

    async def _tell(self, who: Invocation, message: Any) -> None:
        if who.response_url:
            await self.replier.respond(who.response_url, message)
        elif who.channel_id:
            await self.replier.ephemeral(who.channel_id, who.user_id, message)

    async def _audit(self, who: Invocation, action: str, thread_id: str, outcome: Outcome, **detail: Any) -> None:
        await self.recorder.audit(
            who, action=action, outcome=outcome, target=f"alert:{thread_id}"[:255], detail=detail or None
        )


def _require_firing(record: ThreadRecord) -> None:
    if record.state is ThreadState.RESOLVED:
        raise Refused("alert.resolved")


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "?"
