"""
Buttons and the one codec for what their `value` carries.

A button's value comes back to us in a click from Slack, so it is untrusted:
every decoder validates like typed input and raises ValueError for anything else.

- target values: `namespace/app` or `namespace/app:revision` (Rollback, Restart, Logs);
- choice values: a Command frame as JSON with the chosen app (the "which app?" buttons);
- undo values: the Command frame (JSON) that puts back what a change replaced: the old
  replica count, the old image, the revision before (a result's Undo button).
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from bodies import InvalidJson, parse_json
from intents import Command, Intent

__all__ = [
    "MAX_CHOICES",
    "choice_value",
    "command_from_choice",
    "command_from_target",
    "command_from_undo",
    "target_value",
    "undo_value",
]

MAX_CHOICES = 5  # "which app?" buttons offered at most
MAX_VALUE = 2000  # Block Kit's limit for a button's value; a longer one is not ours

# namespace/app[:revision], with Kubernetes' own name rules (DNS labels and subdomains); whole values
# only (`fullmatch`: a final newline is refused, not read as part of the value).
_TARGET = re.compile(
    r"(?P<namespace>[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)/(?P<app>[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)"
    r"(?::(?P<revision>[0-9]{1,9}))?"
)


def target_value(namespace: str, app: str, revision: int | None = None) -> str:
    """`namespace/app:revision`, or `namespace/app` (for Rollback: the previous revision)."""
    return f"{namespace}/{app}" + (f":{revision}" if revision is not None else "")


def command_from_target(intent: Intent, value: str) -> Command:
    """The Command a target value stands for; the revision only counts for a rollback."""
    match = _TARGET.fullmatch(value or "")
    if match is None:
        raise ValueError(f"not a namespace/app[:revision] value: {value[:100]!r}")
    revision = match["revision"] if intent is Intent.ROLLBACK else None
    return Command(
        intent=intent, app=match["app"], namespace=match["namespace"], revision=int(revision) if revision else None
    )


def choice_value(command: Command, app: str) -> str:
    return json.dumps({**command.model_dump(exclude_none=True, mode="json"), "app": app}, separators=(",", ":"))


def command_from_choice(value: str) -> Command:
    """The Command a choice button carries; validated like typed input."""
    try:
        return Command.model_validate(parse_json(value, max_bytes=MAX_VALUE))
    except (InvalidJson, ValidationError) as exc:
        raise ValueError(f"not a choice value: {value[:100]!r}") from exc


# What an Undo button may carry: the change, and the one value that puts the old state back.
_UNDO_VALUE = {Intent.SCALE: "replicas", Intent.DEPLOY: "image", Intent.ROLLBACK: "revision"}
_NAME = re.compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")


def undo_value(command: Command) -> str:
    """The value of an Undo button that runs `command` (which `command_from_undo` accepts)."""
    return json.dumps(command.model_dump(exclude_none=True, mode="json"), separators=(",", ":"))


def command_from_undo(value: str) -> Command:
    """The Command an Undo button carries: a scale, deploy or rollback of one named app, with its value."""
    command = command_from_choice(value)
    field = _UNDO_VALUE.get(command.intent)
    if (
        field is None
        or getattr(command, field) is None
        or not _NAME.fullmatch(command.app or "")
        or not _TARGET.fullmatch(f"{command.namespace}/{command.app}")
    ):
        raise ValueError(f"not an undo value: {value[:100]!r}")
    return command
