"""
Is the Deployment still what the confirmation showed?

A Confirm click may come up to KLEPAAS_CONFIRM_TTL after the dry run that made
the plan. Before applying, the change is planned again (a new server-side dry
run) and the fields the plan changes are compared with what was shown: the
revision (any change to the pod template makes a new one), the replicas and
the image. Not the resourceVersion: it moves with every status update (a pod
becoming ready), so it would refuse almost every click on a busy Deployment
although nothing the plan touches changed.
"""

from __future__ import annotations

from cluster import ChangePlan

__all__ = ["drift", "reached"]


def drift(shown: ChangePlan, now: ChangePlan) -> list[str]:
    """What moved between the plan shown and the plan made now, as short `field: before → now` texts."""
    moved = []
    if shown.revision_from != now.revision_from:
        moved.append(f"revision {shown.revision_from} → {now.revision_from}")
    if shown.replicas_from != now.replicas_from:
        moved.append(f"replicas {shown.replicas_from} → {now.replicas_from}")
    if shown.image_from != now.image_from:
        moved.append(f"image {shown.image_from} → {now.image_from}")
    return moved


def reached(shown: ChangePlan, now: ChangePlan) -> bool:
    """The Deployment already is what `shown` planned (e.g. a holder applied it, then died before saying so)."""
    if now.noop:
        return True
    if shown.image_to is not None:
        return now.image_from == shown.image_to and (
            shown.replicas_to is None or now.replicas_from == shown.replicas_to
        )
    return shown.replicas_to is not None and now.replicas_from == shown.replicas_to
