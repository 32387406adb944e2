"""
Alertmanager alerts in Slack: webhook intake, channel routing, one thread per group, silences.

Nothing here knows Slack's request shapes or the bot's web server: the bot
parses a webhook with `parse_webhook`, checks it with `WebhookCredentials`,
routes it with `Router` and plans the thread with `plan_notification`; the bot
carries out the plan's Slack operations (bot/alerting: an ordered outbox).
"""

from alerts import errors
from alerts.auth import WebhookCredentials, is_authorized
from alerts.changes import Changes
from alerts.payload import Alert, AlertGroup, AlertStatus, WebhookPayload, parse_webhook
from alerts.plan import Decision, Plan, PostParent, PostReply, SlackOperation, UpdateParent
from alerts.render import SILENCE_DURATIONS, DisplayStatus, render_change, render_parent
from alerts.routing import Route, Router, RouteRule
from alerts.silences import Alertmanager, AlertState, Matcher, Silence, matchers_for
from alerts.threads import (
    REOPEN_WINDOW,
    ThreadRecord,
    ThreadState,
    ThreadStore,
    plan_ack,
    plan_notification,
    plan_silence,
    plan_unsilence,
    refresh_parent,
    thread_id_for,
)

__all__ = [
    "REOPEN_WINDOW",
    "SILENCE_DURATIONS",
    "Alert",
    "AlertGroup",
    "AlertState",
    "AlertStatus",
    "Alertmanager",
    "Changes",
    "Decision",
    "DisplayStatus",
    "Matcher",
    "Plan",
    "PostParent",
    "PostReply",
    "Route",
    "RouteRule",
    "Router",
    "Silence",
    "SlackOperation",
    "ThreadRecord",
    "ThreadState",
    "ThreadStore",
    "UpdateParent",
    "WebhookCredentials",
    "WebhookPayload",
    "errors",
    "is_authorized",
    "matchers_for",
    "parse_webhook",
    "plan_ack",
    "plan_notification",
    "plan_silence",
    "plan_unsilence",
    "refresh_parent",
    "render_change",
    "render_parent",
    "thread_id_for",
]
