"""
The likely-cause reply of an alert thread: what the cluster found, said in the channel's language.

Pure: an `Incident` (cluster/incident_values.py), who made each revision (the
bot's own deploy history, bot/alerting/enrichment.py reads it) and a language
in, one message out. The newest rollout in the window is the first suspect: it
gets the "Roll back to revision N (before that deploy)" button, the ordinary
rollback button (`rollback:N`, value `namespace/app:N`) whose click asks for the
usual confirmation. Nothing found is one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from alerts import summaries
from bot.messages.builders import notice
from bot.messages.buttons import target_value
from bot.messages.catalog import say
from cluster import Incident, Rollout
from intents.language import Language
from templates import Message, mrkdwn
from templates.actions import ActionId, Button

__all__ = ["likely_cause_message", "rollback_button"]

MAX_LINE = 300  # characters of one finding (an event message can be long)


def likely_cause_message(
    incident: Incident, *, who: Mapping[int, str], lang: Language, labels: Mapping[str, str]
) -> Message:
    """The reply; `who` maps a revision to who made it, when the bot knows it better than the cluster."""
    minutes = int((incident.until - incident.since).total_seconds() // 60)
    workload = incident.workload
    if workload is None:
        shown = ", ".join(f"{k}={v}" for k, v in sorted(labels.items()) if k != "alertname")[:200] or "-"
        return notice(say("cause.no_workload", lang, labels=shown))
    if not incident.found:
        return notice(say("cause.nothing", lang, app=workload.app, minutes=minutes))
    lines = [say("cause.title", lang, namespace=workload.namespace, app=workload.app, minutes=minutes)]
    lines += [_rollout_line(r, incident, who=who, lang=lang) for r in incident.rollouts]
    for t in incident.troubles:
        code = say("cause.exit_code", lang, code=t.exit_code) if t.exit_code is not None else ""
        lines.append(
            say(
                "cause.trouble", lang, pod=t.pod, container=t.container, reason=t.reason, restarts=t.restarts, exit=code
            )
        )
    for w in incident.warnings:
        message = summaries.fit(w.message, MAX_LINE, one_line=True)
        lines.append(
            say("cause.warning", lang, reason=w.reason, kind=w.kind or "-", name=w.name or "-", message=message)
        )
    for c in incident.config_changes:
        lines.append(
            say(
                "cause.config",
                lang,
                kind=c.kind,
                name=c.name,
                who="{who}",
                before=summaries.duration(incident.until - c.changed_at),
            ).replace("{who}", _who(c.manager, lang))
        )
    button = rollback_button(incident.rollouts, namespace=workload.namespace, app=workload.app, lang=lang)
    fallback = f"Likely cause for {workload.namespace}/{workload.app}: " + ", ".join(
        filter(
            None,
            (
                f"{len(incident.rollouts)} rollouts" if incident.rollouts else "",
                f"{len(incident.troubles)} pod troubles" if incident.troubles else "",
                f"{len(incident.warnings)} warnings" if incident.warnings else "",
                f"{len(incident.config_changes)} config changes" if incident.config_changes else "",
            ),
        )
    )
    return notice("\n".join(lines), fallback=fallback, buttons=(button,) if button else ())


def rollback_button(rollouts: Sequence[Rollout], *, namespace: str, app: str, lang: Language) -> Button | None:
    """ "Roll back to revision N (before that deploy)" for the newest rollout that replaced a revision."""
    newest = next((r for r in rollouts if r.previous_revision), None)
    if newest is None or newest.previous_revision is None:
        return None
    revision = newest.previous_revision
    return Button(
        action=ActionId.ROLLBACK,
        suffix=str(revision),
        label=say("cause.rollback", lang, revision=revision),
        value=target_value(namespace, app, revision),
        style="danger",
    )


def _who(name: str | None, lang: Language) -> str:
    if not name:
        return say("cause.who_unknown", lang)
    if name[:1] in ("U", "W") and name.isalnum() and name.upper() == name:
        return say("cause.who", lang, who="").rstrip() + f" <@{name}>"  # a Slack user ID: a mention
    return say("cause.who", lang, who=name)


def _rollout_line(r: Rollout, incident: Incident, *, who: Mapping[int, str], lang: Language) -> str:
    changed = r.changed_images
    images = (
        ", ".join(f"`{mrkdwn(before or '-')}` → `{mrkdwn(after)}`" for _, before, after in changed)
        if changed
        else say("cause.rollout_same_images", lang)
    )
    person = who.get(r.revision) or r.change_cause or r.manager
    line = say(
        "cause.rollout",
        lang,
        revision=r.revision,
        images="{images}",
        who="{who}",
        before=summaries.duration(incident.until - r.created),
    )
    return line.replace("{images}", images).replace("{who}", _who(person, lang))
