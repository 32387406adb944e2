"""
Alert messages: the thread's parent (the group's current state) and its replies (what changed).

This module decides *what* a message shows and hands raw values to
templates/alert_group.json.j2 and templates/alert_change.json.j2, which escape
every piece of alert text (`mrkdwn`, then `tojson`). Only markup klepaas
makes itself, mentions from the routing rules, `<@U…>` for validated user IDs
and `<!date^…>` tokens, is passed as `markup` and left unescaped.
Rendering goes through templates.render, so every message is checked against
Block Kit's limits.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import templates
from alerts import summaries
from alerts.changes import Changes
from alerts.payload import Alert, AlertGroup
from templates.actions import ActionId, Button
from templates.slack_ids import is_user_id

if TYPE_CHECKING:
    from alerts.threads import ThreadRecord

SILENCE_DURATIONS = ("1h", "4h", "24h")  # the Silence buttons: action_id "silence:<duration>"
_SEVERITY_EMOJI = {
    "critical": "🔴",
    "page": "🔴",
    "error": "🔴",
    "high": "🔴",
    "warning": "🟠",
    "warn": "🟠",
    "medium": "🟠",
    "info": "🔵",
    "low": "🔵",
}
_STATUS_EMOJI = {"RESOLVED": "✅", "SILENCED": "🔕", "ACKNOWLEDGED": "👀"}


class DisplayStatus(enum.StrEnum):
    FIRING = "FIRING"
    RESOLVED = "RESOLVED"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    SILENCED = "SILENCED"


def display_status(record: ThreadRecord, now: datetime) -> DisplayStatus:
    if record.state == "resolved":  # ThreadState.RESOLVED; threads.py imports this module
        return DisplayStatus.RESOLVED
    if record.is_silenced(now):
        return DisplayStatus.SILENCED
    if record.acked_by:
        return DisplayStatus.ACKNOWLEDGED
    return DisplayStatus.FIRING


def render_parent(group: AlertGroup, record: ThreadRecord, *, now: datetime) -> templates.Message:
    """The parent message; its buttons carry `record.thread_id` (or 'namespace/app') as value."""
    status = display_status(record, now)
    firing = status is not DisplayStatus.RESOLVED
    alerts = group.firing if firing and group.firing else group.alerts
    lines, more = summaries.alert_lines(alerts, group, hidden=group.truncated_alerts)
    mentions = record.mentions if status is DisplayStatus.FIRING else ()
    severity = summaries.severity(group)
    emoji = _SEVERITY_EMOJI.get(severity.lower(), "⚪") if status is DisplayStatus.FIRING else _STATUS_EMOJI[status]
    return templates.render(
        "alert_group",
        fallback=summaries.fallback(group, "firing" if firing else "resolved"),
        emoji=emoji,
        status=str(status),
        title=summaries.fit(summaries.title(group), 150, one_line=True),
        mentions=mentions,
        summary=summaries.fit(summaries.annotation(group, "summary", "message"), 300, one_line=True),
        description=summaries.fit(summaries.annotation(group, "description"), 1200),
        fields=_fields(group, record, status, severity, now),
        list_heading=f"{len(alerts) + group.truncated_alerts} {'firing' if firing else 'resolved'}",
        lines=[{"identity": line.identity, "summary": line.summary} for line in lines],
        more=more,
        context=summaries.fit(_group_labels(group), 300, one_line=True),
        buttons=_buttons(group, record, status, now),
    )


def render_change(changes: Changes, *, now: datetime, mentions: Sequence[str] = ()) -> templates.Message:
    """A thread reply saying what changed; `mentions` (from the routing rule) notify people."""
    group = changes.group
    firing_lines, firing_more = summaries.alert_lines(changes.newly_firing, group)
    resolved_lines, resolved_more = summaries.alert_lines(changes.newly_resolved, group)
    markup: dict[str, str] = {}
    if changes.reopened_after is not None:
        markup["reopened"] = summaries.duration(now - changes.reopened_after)
    if changes.closed and changes.firing_since is not None:
        markup["lasted"] = summaries.duration(now - changes.firing_since)
    if changes.acknowledged_by:
        markup["acknowledged_by"] = _mention(changes.acknowledged_by)
    if changes.silenced_by and changes.silenced_until is not None:
        markup["silenced_by"] = _mention(changes.silenced_by)
        markup["silenced_until"] = summaries.slack_date(changes.silenced_until)
    if changes.unsilenced_by:
        markup["unsilenced_by"] = _mention(changes.unsilenced_by)
    return templates.render(
        "alert_change",
        fallback=_change_fallback(changes),
        mentions=tuple(mentions),
        title=summaries.fit(summaries.title(group), 150, one_line=True),
        closed=changes.closed,
        firing=[{"identity": x.identity, "summary": x.summary} for x in firing_lines],
        firing_count=len(changes.newly_firing),
        firing_more=firing_more,
        resolved=[{"identity": x.identity, "summary": x.summary} for x in resolved_lines],
        resolved_count=len(changes.newly_resolved),
        resolved_more=resolved_more,
        silence_id=summaries.fit(changes.silence_id or "", 60, one_line=True),
        markup=markup,
    )


def _change_fallback(changes: Changes) -> str:
    group = changes.group
    news = []
    if changes.reopened_after is not None:
        news.append("firing again")
    if changes.newly_firing and changes.reopened_after is None:
        news.append(f"{len(changes.newly_firing)} new firing")
    if changes.newly_resolved and not changes.closed:
        news.append(f"{len(changes.newly_resolved)} resolved")
    if changes.closed:
        news.append("all resolved")
    if changes.acknowledged_by:
        news.append("acknowledged")
    if changes.silenced_by:
        news.append("silenced")
    if changes.unsilenced_by:
        news.append("silence removed")
    status = "resolved" if changes.closed else "firing"
    return f"{summaries.fallback(group, status)}: {', '.join(news) or 'updated'}"


def _fields(
    group: AlertGroup, record: ThreadRecord, status: DisplayStatus, severity: str, now: datetime
) -> list[dict[str, str]]:
    """Section fields: `text` is alert data (escaped by the template), `markup` is ours."""
    labels = group.labels
    fields = []
    if severity:
        fields.append({"name": "Severity", "text": summaries.fit(severity, 100, one_line=True), "markup": ""})
    if labels.get("namespace"):
        fields.append(
            {"name": "Namespace", "text": summaries.fit(labels["namespace"], 200, one_line=True), "markup": ""}
        )
    if target := summaries.deployment(group):
        fields.append({"name": "Deployment", "text": target.split("/", 1)[1], "markup": ""})
    counts = ", ".join(
        f"{count} {word}" for count, word in ((len(group.firing), "firing"), (len(group.resolved), "resolved")) if count
    )
    if group.truncated_alerts:
        counts += f", {group.truncated_alerts} not shown"
    fields.append({"name": "Alerts", "text": counts, "markup": ""})
    starts = [alert.starts_at for alert in (group.firing or group.alerts)]
    if status is DisplayStatus.RESOLVED:
        ended = record.resolved_at or now
        fields.append({"name": "Lasted", "text": summaries.duration(ended - min(starts)), "markup": ""})
    else:
        fields.append({"name": "Firing for", "text": summaries.duration(now - min(starts)), "markup": ""})
    if record.acked_by and status is not DisplayStatus.RESOLVED:
        fields.append({"name": "Acknowledged by", "text": "", "markup": _mention(record.acked_by)})
    if record.is_silenced(now) and record.silenced_until is not None:
        by = f" by {_mention(record.silenced_by)}" if record.silenced_by else ""
        fields.append(
            {"name": "Silenced until", "text": "", "markup": summaries.slack_date(record.silenced_until) + by}
        )
    return fields


def _buttons(group: AlertGroup, record: ThreadRecord, status: DisplayStatus, now: datetime) -> list[Button]:
    """Link buttons first, then actions; values are short ids, never alert text."""
    buttons: list[Button] = []
    first = next(iter(group.firing or group.alerts), None)
    if first is not None and (source := summaries.safe_url(first.generator_url)):
        buttons.append(Button(ActionId.LINK, "Source", suffix="source", url=source))
    if runbook := summaries.safe_url(_runbook(group, first)):
        buttons.append(Button(ActionId.LINK, "Runbook", suffix="runbook", url=runbook))
    if record.is_silenced(now):
        buttons.append(Button(ActionId.UNSILENCE, "Unsilence", record.thread_id))
    elif status is not DisplayStatus.RESOLVED:
        for span in SILENCE_DURATIONS:
            buttons.append(Button(ActionId.SILENCE, f"Silence {span}", record.thread_id, suffix=span))
    if status is DisplayStatus.RESOLVED:
        return buttons
    if not record.acked_by:
        buttons.append(Button(ActionId.ACK, "Ack", record.thread_id, style="primary"))
    if target := summaries.deployment(group):
        buttons.append(Button(ActionId.RESTART, "Restart", target, style="danger"))
        buttons.append(Button(ActionId.ROLLBACK, "Rollback", target, style="danger"))
        buttons.append(Button(ActionId.LOGS, "Logs", target))
    return buttons


def _runbook(group: AlertGroup, first: Alert | None) -> str:
    if group.common_annotations.get("runbook_url"):
        return group.common_annotations["runbook_url"]
    return first.annotations.get("runbook_url", "") if first is not None else ""


def _group_labels(group: AlertGroup) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(group.group_labels.items())) or group.group_key


def _mention(user: str) -> str:
    """`<@U…>` for a valid Slack user ID; anything else is escaped like alert text."""
    return f"<@{user}>" if is_user_id(user) else templates.mrkdwn(user)
