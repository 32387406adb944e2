"""
What the mutating intents plan, what they applied, and how the rollout goes.

A `ChangePlan` is made with a server-side dry run, so a change the API would
refuse (RBAC, validation, admission) fails before anyone clicks Confirm. It
says what will change, from what to what; the bot shows it and, once
confirmed, hands the same plan to `Cluster.apply`.
"""

from __future__ import annotations

from dataclasses import dataclass

from intents.command import Intent

__all__ = ["ChangeApplied", "ChangePlan", "CrashingPod", "RolloutProgress"]


@dataclass(frozen=True, slots=True)
class ChangePlan:
    """A mutating Command resolved against the cluster and dry-run accepted."""

    intent: Intent  # restart, scale, rollback or deploy
    app: str  # the resolved Deployment name
    namespace: str
    revision_from: int | None = None  # the Deployment's current revision
    replicas_from: int | None = None
    replicas_to: int | None = None
    container: str | None = None  # deploy: which container gets the image
    image_from: str | None = None
    image_to: str | None = None
    revision_to: int | None = None  # rollback: the ReplicaSet revision whose template comes back
    noop: bool = False  # nothing would change (same replicas, same image, rollback target is current)


@dataclass(frozen=True, slots=True)
class ChangeApplied:
    """The change was made; the values before it, for the message and the Rollback button."""

    plan: ChangePlan
    revision_before: int | None
    replicas_before: int | None = None
    image_before: str | None = None
    restarted_at: str | None = None  # restart: the RFC 3339 annotation value written
    generation: int | None = None  # metadata.generation after the change (what a watch waits for)

    @property
    def app(self) -> str:
        return self.plan.app

    @property
    def namespace(self) -> str:
        return self.plan.namespace


@dataclass(frozen=True, slots=True)
class CrashingPod:
    """A pod that keeps a rollout from finishing, and why."""

    name: str
    reason: str  # CrashLoopBackOff, ImagePullBackOff, OOMKilled, ...
    restarts: int = 0
    image: str | None = None  # the image of the container in trouble (what failed to pull)
    exit_code: int | None = None  # how its last run ended (CrashLoopBackOff, OOMKilled)


@dataclass(frozen=True, slots=True)
class RolloutProgress:
    """One evaluation of `kubectl rollout status` for a Deployment."""

    app: str
    namespace: str
    desired: int
    updated: int
    ready: int
    available: int
    done: bool  # successfully rolled out
    failed: bool  # ProgressDeadlineExceeded
    reason: str | None  # the Progressing condition's reason, if any
    message: str  # kubectl's status line, e.g. "1 of 3 updated replicas are available"
    revision: int | None = None
    observed: bool = True  # the controller has seen the latest spec (generation)
    crashing: tuple[CrashingPod, ...] = ()
    timed_out: bool = False  # the watch gave up waiting; the rollout may still finish
    superseded: bool = False  # a later change (a newer generation) replaced the one followed
    elapsed: float | None = None  # seconds since the follow started
    # Why it failed, in Kubernetes' words and with what they name: "ImagePullBackOff (image x:1)",
    # "CrashLoopBackOff (last exit code 1)", "FailedCreate (exceeded quota: ...)".
    cause: str | None = None
    superseded_by: str | None = None  # who made the later change (field manager, change-cause), when known

    @property
    def finished(self) -> bool:
        return self.done or self.failed or self.timed_out or self.superseded
