"""
Short plain-text descriptions of alert groups: titles, fallbacks, alert lists, durations.

Everything returned here is still *raw* alert text: the templates escape it
with `mrkdwn` and `tojson`. What this module guarantees is size: `fit` cuts a
text so that it stays within a limit *after* escaping, which is what Block
Kit counts (PROTOCOLS.md §5).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from alerts.payload import Alert, AlertGroup

ELLIPSIS = "…"
_ESCAPED_LENGTH = {"&": 5, "<": 4, ">": 4}  # &amp; &lt; &gt;
# RFC 1123 names, as Kubernetes requires for namespaces and Deployments.
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
# Labels that name the Deployment an alert is about, most specific first
# (kube-state-metrics and the common app labels, as Prometheus sanitises them).
DEPLOYMENT_LABELS = ("deployment", "app_kubernetes_io_name", "app")
MAX_URL = 3000  # Block Kit's limit for a button url
_LINK_BREAKERS = frozenset("|<>")  # mrkdwn's link syntax is <url|text>


def fit(text: str, limit: int, *, one_line: bool = False) -> str:
    """Cut `text` so that its mrkdwn-escaped form is at most `limit` characters, ending in …."""
    if one_line:
        text = " ".join(text.split())
    if sum(_ESCAPED_LENGTH.get(ch, 1) for ch in text) <= limit:
        return text
    cost = 0
    for index, ch in enumerate(text):
        cost += _ESCAPED_LENGTH.get(ch, 1)
        if cost > limit - len(ELLIPSIS):
            return text[:index] + ELLIPSIS
    return text  # unreachable: the full text was longer than the limit


def duration(delta: timedelta) -> str:
    """'3d 4h', '2h 5m', '7m', '45s': the two largest units, for people."""
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")]
    shown = [f"{value}{unit}" for value, unit in parts if value][:2]
    return " ".join(shown) or "0s"


def title(group: AlertGroup) -> str:
    """'KubePodCrashLooping shop': the alert name and namespace the whole group shares."""
    labels = group.labels
    names = sorted({alert.name for alert in group.alerts if alert.name})
    name = labels.get("alertname") or (names[0] if len(names) == 1 else f"{len(names) or 1} alerts")
    namespace = labels.get("namespace")
    return f"{name} {namespace}" if namespace else name


def fallback(group: AlertGroup, status: str) -> str:
    """'[FIRING:2] KubePodCrashLooping shop', as Alertmanager's own templates write it."""
    count = len(group.firing) if group.firing else len(group.alerts)
    return f"[{status.upper()}:{count + group.truncated_alerts}] {fit(title(group), 200, one_line=True)}"


def severity(group: AlertGroup) -> str:
    labels = group.labels
    if "severity" in labels:
        return labels["severity"]
    found = {alert.labels.get("severity", "") for alert in group.firing or group.alerts}
    return found.pop() if len(found) == 1 else ""


def annotation(group: AlertGroup, *names: str) -> str:
    """The first of `names` that all alerts share, or that the single firing alert has."""
    alerts = group.firing or group.alerts
    for name in names:
        if group.common_annotations.get(name):
            return group.common_annotations[name]
        if len(alerts) == 1 and alerts[0].annotations.get(name):
            return alerts[0].annotations[name]
    return ""


def safe_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) URL fit for a button; None otherwise.

    Slack refuses the whole message when one button url is invalid, which would drop the
    alert, so we leave the button out instead: longer than Block Kit allows, characters that
    end or forge a mrkdwn link (`|`, `<`, `>`), whitespace, control and invisible format
    characters (a bidi override can make a link read as another), or no host to go to.
    """
    if not url or len(url) > MAX_URL or any(_breaks_link(ch) for ch in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _breaks_link(ch: str) -> bool:
    return ch in _LINK_BREAKERS or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")


def deployment(group: AlertGroup) -> str | None:
    """'namespace/app' when the group's shared labels name one Deployment, else None."""
    labels = group.labels
    namespace = labels.get("namespace", "")
    app = next((labels[name] for name in DEPLOYMENT_LABELS if labels.get(name)), "")
    if _DNS_LABEL.match(namespace) and _DNS_SUBDOMAIN.match(app):
        return f"{namespace}/{app}"
    return None


@dataclass(frozen=True, slots=True)
class AlertLine:
    """One alert in a list: the labels that tell it apart from the group, and its summary."""

    identity: str
    summary: str


def alert_lines(
    alerts: Sequence[Alert], group: AlertGroup, *, limit: int = 10, hidden: int = 0
) -> tuple[tuple[AlertLine, ...], int]:
    """Up to `limit` lines, each fitted for a list; and how many alerts were left out."""
    shared = group.labels
    common_summary = group.common_annotations.get("summary", "")
    lines = []
    for alert in alerts[:limit]:
        lines.append(
            AlertLine(
                identity=fit(_identity(alert.labels, shared), 80, one_line=True),
                summary=fit(_summary(alert, common_summary), 140, one_line=True),
            )
        )
    return tuple(lines), max(0, len(alerts) - limit) + hidden


def _identity(labels: Mapping[str, str], shared: Mapping[str, str]) -> str:
    own = [(k, v) for k, v in sorted(labels.items()) if k not in shared and k != "alertname"]
    if not own:
        return labels.get("alertname", "alert")
    return ", ".join(f"{k}={v}" for k, v in own[:3])


def _summary(alert: Alert, common_summary: str) -> str:
    summary = alert.annotations.get("summary") or alert.annotations.get("message", "")
    return "" if summary == common_summary else summary


def slack_date(moment: datetime, fmt: str = "{date_short_pretty} {time}") -> str:
    """A Slack date token: shown in each reader's time zone, with an ISO fallback."""
    return f"<!date^{int(moment.timestamp())}^{fmt}|{moment.isoformat(timespec='minutes')}>"
