"""
A `ClusterError` becomes one clear sentence in the person's language, with what to do next.

The error's fields, never its text, fill the sentence: `Forbidden` names the
missing verb and resource, `AppNotFound` offers the closest apps as buttons
that run the same command again with the chosen app.
"""

from __future__ import annotations

from bot.messages.builders import notice
from bot.messages.buttons import MAX_CHOICES, choice_value
from bot.messages.catalog import say
from cluster import errors
from intents import Command
from intents.language import Language
from templates import Message
from templates.actions import ActionId, Button

__all__ = ["explain"]


def _list(values: tuple[object, ...] | list[object]) -> str:
    return ", ".join(str(v) for v in values) or "-"


def explain(error: errors.ClusterError, command: Command, *, namespace: str, lang: Language) -> Message:
    """The message for `error`, raised while running `command` in `namespace`."""
    match error:
        case errors.AppNotFound(app=app, namespace=ns, candidates=candidates) if candidates:
            buttons = [
                Button(
                    ActionId.CHOOSE_APP,
                    name,
                    choice_value(command.model_copy(update={"namespace": ns}), name),
                    suffix=str(i),
                )
                for i, name in enumerate(candidates[:MAX_CHOICES])
            ]
            return notice(say("error.app_closest", lang, app=app, namespace=ns), buttons=buttons)
        case errors.AppNotFound(app=app, namespace=ns):
            return notice(say("error.app_not_found", lang, app=app, namespace=ns))
        case errors.Forbidden(verb=verb, resource=resource, group=group, namespace=ns):
            return notice(
                say(
                    "error.forbidden",
                    lang,
                    verb=verb or "?",
                    resource=resource or "?",
                    group=f" ({group})" if group else "",
                    namespace=ns or namespace,
                )
            )
        case errors.Conflict(name=name):
            return notice(say("error.conflict", lang, name=name or command.app or "?"))
        case errors.Invalid(message=message):
            return notice(say("error.invalid", lang, message=message[:500]))
        case errors.Unreachable(reason=reason):
            return notice(say("error.unreachable", lang, reason=reason[:200]))
        case errors.Unconfigured(reason=reason):
            return notice(say("error.unconfigured", lang, reason=reason[:200]))
        case errors.Timeout(seconds=seconds):
            return notice(say("error.timeout", lang, seconds=f"{seconds:g}" if seconds else "?"))
        case errors.Paused(app=app, namespace=ns):
            return notice(say("error.paused", lang, app=app, namespace=ns))
        case errors.NoRevision(revision=None):
            return notice(say("error.no_previous", lang, app=command.app or "?"))
        case errors.NoRevision(revision=revision, available=available):
            return notice(
                say(
                    "error.no_revision",
                    lang,
                    revision=revision,
                    app=command.app or "?",
                    available=_list(list(available)),
                )
            )
        case errors.AmbiguousContainer(containers=containers):
            return notice(
                say("error.ambiguous_container", lang, app=command.app or "?", containers=_list(list(containers)))
            )
        case errors.ContainerNotFound(container=container, containers=containers):
            return notice(
                say("error.container_not_found", lang, container=container, containers=_list(list(containers)))
            )
        case errors.NoPods(app=app, namespace=ns):
            return notice(say("error.no_pods", lang, app=app, namespace=ns))
        case errors.MissingArgument(intent=intent, argument=argument):
            return notice(say("error.missing_argument", lang, intent=intent, argument=argument))
        case errors.NotFound(kind=kind, name=name):
            return notice(say("error.not_found", lang, what=" ".join(x for x in (kind, name) if x) or "object"))
        case errors.Malformed(model=model):
            return notice(say("error.malformed", lang, model=model or "?"))
    return notice(say("error.cluster", lang))
