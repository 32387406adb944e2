"""
The Deployment controller's part: what kube-controller-manager does after a spec change.

`roll()` is one controller step (tests call it to make a rollout progress, complete or fail).
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import kmock

from playground.cluster.objects import (
    condition,
    replica_set,
    replica_sets_of,
    template_hash,
)
from playground.cluster.resources import DEPLOYMENTS, REPLICASETS, REVISION

__all__ = ["roll"]


def roll(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    outcome: str = "complete",
) -> dict[str, Any]:
    """One Deployment-controller step after a spec change: `progressing`, `complete` or `failed`.

    The current template gets a ReplicaSet: an existing one with the same template is reused
    and takes the next revision (that is what makes an undo a new revision), else a new one.
    """
    obj = emulator.objects[DEPLOYMENTS, ns, name]
    dep = copy.deepcopy(obj.raw)
    owned = replica_sets_of(emulator, dep)
    next_revision = max(int(rs["metadata"]["annotations"][REVISION]) for rs in owned) + 1 if owned else 1
    wanted = template_hash(dep["spec"]["template"])
    same = [rs for rs in owned if template_hash(rs["spec"]["template"]) == wanted]
    if same:
        rs = same[0]
        current = int(dep["metadata"]["annotations"].get(REVISION, "0"))
        if int(rs["metadata"]["annotations"][REVISION]) != current:
            rs_obj = emulator.objects[REPLICASETS, ns, rs["metadata"]["name"]]
            rs_obj.patch({"metadata": {"annotations": {REVISION: str(next_revision)}}})
        revision = int(
            emulator.objects[REPLICASETS, ns, rs["metadata"]["name"]].raw["metadata"]["annotations"][REVISION]
        )
    else:
        replica_set(
            emulator,
            dep,
            copy.deepcopy(dep["spec"]["template"]),
            revision=next_revision,
            replicas=dep["spec"]["replicas"],
            ago=timedelta(0),
        )
        revision = next_revision
    desired = dep["spec"].get("replicas", 1)
    dep["metadata"].setdefault("annotations", {})[REVISION] = str(revision)
    dep["status"]["observedGeneration"] = dep["metadata"].get("generation", 1)
    if outcome == "complete":
        dep["status"] |= {
            "replicas": desired,
            "updatedReplicas": desired,
            "readyReplicas": desired,
            "availableReplicas": desired,
        }
        progressing = condition("Progressing", "True", "NewReplicaSetAvailable")
    elif outcome == "progressing":
        dep["status"] |= {"replicas": desired + 1, "updatedReplicas": min(1, desired)}
        progressing = condition("Progressing", "True", "ReplicaSetUpdated")
    elif outcome == "failed":
        dep["status"] |= {"replicas": desired + 1, "updatedReplicas": min(1, desired)}
        progressing = condition(
            "Progressing",
            "False",
            "ProgressDeadlineExceeded",
            f'ReplicaSet "{name}" has timed out progressing.',
        )
    else:
        raise ValueError(outcome)
    dep["status"]["conditions"] = [c for c in dep["status"].get("conditions", []) if c["type"] != "Progressing"]
    dep["status"]["conditions"].append(progressing)
    obj.history.append(dep)
    return dep
