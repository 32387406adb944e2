"""
What undoes a change that was made: the inverse Command, for a result's Undo button.

A result once offered "Rollback" to the revision before the change; a scale does not
make a revision, so that rolled back to where it already was ("already like that").
The Undo button carries the change that puts back what this one replaced: the old
replica count after a scale, the old image after a deploy, the revision before after a
rollback. A restart replaced nothing worth restoring (the pods are new either way), so
it has no Undo. Clicking Undo runs the usual flow: policy, dry run, Confirm.
"""

from __future__ import annotations

from cluster import ChangeApplied
from intents import Command, Intent

__all__ = ["undo_of"]


def undo_of(applied: ChangeApplied) -> Command | None:
    """The Command that undoes `applied`, or None when there is nothing to undo."""
    app, namespace = applied.app, applied.namespace
    match applied.plan.intent:
        case Intent.SCALE if applied.replicas_before is not None:
            return Command(intent=Intent.SCALE, replicas=applied.replicas_before, app=app, namespace=namespace)
        case Intent.DEPLOY if applied.image_before:
            return Command(intent=Intent.DEPLOY, image=applied.image_before, app=app, namespace=namespace)
        case Intent.ROLLBACK if applied.revision_before is not None:
            return Command(intent=Intent.ROLLBACK, revision=applied.revision_before, app=app, namespace=namespace)
    return None
