"""
The one Slack message of a deploy run, in each of its states, and the `history` listing.

Every sentence comes from the catalog (`say`, values escaped); commit, author,
commit message and Kubernetes' status line are escaped by the template. Links
are only made from http(s) URLs without the characters that would end a Slack
link early (`|`, `<`, `>`, whitespace).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.deploying.run import Run
from bot.messages.buttons import target_value
from bot.messages.catalog import say
from cluster import RolloutProgress
from intents.language import Language
from templates import Message, render
from templates.actions import ActionId, Button

if TYPE_CHECKING:  # NB: cluster.Revision loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Revision

__all__ = [
    "approval_buttons",
    "history_message",
    "run_message",
    "what",
]

# Whole values only (`fullmatch`): with `match`, a final `$` also let "https://x\n" through.
_SAFE_URL = re.compile(r"https?://[^\s|<>]{1,1500}")
_SHA = re.compile(r"[0-9a-f]{7,64}")
_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,30}")


def safe_url(url: str | None) -> str | None:
    return url if url and _SAFE_URL.fullmatch(url) else None


def what(run: Run) -> str:
    """How the message names the build: the short commit, else the image's tag."""
    if run.commit:
        return f"`{run.commit[:7]}`"
    tag = run.image.rsplit("/", 1)[-1]
    return f"`{tag.split(':', 1)[1] if ':' in tag else tag}`"


def _commit_url(run: Run) -> str | None:
    if run.repo and run.commit and _SHA.fullmatch(run.commit):
        return safe_url(f"https://github.com/{run.repo}/commit/{run.commit}")
    return None


def run_message(
    run: Run,
    headline: str,
    *,
    lang: Language,
    status_line: str | None = None,
    details: Sequence[str] = (),
    buttons: Sequence[Button] = (),
) -> Message:
    """The run's message: the headline, then commit · message · author · CI link, then the status."""
    fallback = f"{run.app} {run.commit[:7] if run.commit else run.image} → {run.namespace}" + (
        f": {status_line}" if status_line else ""
    )
    return render(
        "deploy_run",
        headline=headline,
        commit=run.commit[:7] if run.commit else None,
        commit_url=_commit_url(run),
        note=run.message,
        author=run.author,
        url=safe_url(run.url),
        url_label=say("deploy.ci_link", lang),
        status_line=status_line,
        details=list(details),
        buttons=list(buttons),
        fallback=fallback,
    )


def approval_buttons(run: Run, lang: Language) -> list[Button]:
    return [
        Button(ActionId.APPROVE, say("deploy.approve", lang), run.id, style="primary"),
        Button(ActionId.REJECT, say("deploy.reject", lang), run.id, style="danger"),
    ]


def progress_headline(run: Run, p: RolloutProgress, lang: Language) -> str:
    return say(
        "deploy.progress",
        lang,
        app=run.app,
        what=what(run),
        namespace=run.namespace,
        ready=p.ready,
        desired=p.desired,
        seconds=round(p.elapsed or 0),
    )


def crashing_details(p: RolloutProgress, lang: Language) -> list[str]:
    if not p.crashing:
        return []
    pods = ", ".join(f"{c.name} {c.reason} (restarts {c.restarts})" for c in p.crashing[:10])
    return [say("rollout.crashing", lang, pods=pods)]


def _when(at: datetime | None, now: datetime) -> str:
    if at is None:
        return "-"
    seconds = max(0, int((now - at).total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"{seconds // size}{unit} ago ({at:%Y-%m-%d %H:%M} UTC)"
    return f"{seconds}s ago ({at:%Y-%m-%d %H:%M} UTC)"


def history_message(
    revisions: Sequence[Revision], who: dict[int, str], *, app: str, namespace: str, lang: Language, now: datetime
) -> Message:
    """The revisions, newest first, each with a "Roll back to this" button (none on the current one)."""
    rows = []
    for r in revisions:
        button = None
        if not r.current:
            value = target_value(namespace, app, r.revision)
            button = Button(ActionId.ROLLBACK, say("history.rollback", lang), value, suffix=str(r.revision))
        rows.append(
            {
                "revision": r.revision,
                "image": r.image or "-",
                "when": _when(r.created, now),
                "who": None if _SLACK_USER.fullmatch(who.get(r.revision) or "") else who.get(r.revision),
                "who_user": who.get(r.revision) if _SLACK_USER.fullmatch(who.get(r.revision) or "") else None,
                "cause": r.change_cause,
                "current": r.current,
                "button": button,
            }
        )
    title = say("history.title", lang, namespace=namespace, app=app, count=len(rows))
    fallback = f"history {namespace}/{app}: " + ", ".join(f"{r['revision']} {r['image']}" for r in rows[:10])
    return render(
        "deploy_history",
        title=title,
        rows=rows,
        current_label=say("history.current", lang),
        empty=say("history.empty", lang),
        fallback=fallback,
    )
