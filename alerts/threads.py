"""
One Slack thread per alert group: the record kept for it, and the pure state machine.

The parent message shows the group's current state and is updated in place;
replies in the thread say what changed. Alertmanager re-sends a group on every
change and every repeat_interval, so each notification is planned against the
stored record:

    no record ───────────────► NEW_THREAD  (post the parent)
    firing   ── same alerts ─► DUPLICATE   (nothing)
    firing   ── new/resolved ► UPDATE      (update parent + reply with the changes)
    firing   ── all resolved ► CLOSE       (parent turns resolved + a resolved reply)
    resolved ── fires within reopen_window ► REOPEN (same parent, reply "firing again")
    resolved ── fires later ─► NEW_THREAD  (a fresh thread; the old one stays closed)

Nothing here does I/O: the bot runs `plan_*` under the group's lock, carries
out `Plan.operations` in order and stores `Plan.record` (ThreadStore).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from alerts import render
from alerts.changes import Changes
from alerts.payload import AlertGroup, AlertStatus
from alerts.plan import Decision, Plan, PostParent, PostReply, UpdateParent
from alerts.routing import Route

REOPEN_WINDOW = timedelta(hours=1)


class ThreadState(enum.StrEnum):
    FIRING = "firing"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """What the bot stores per alert thread, keyed by (channel, group_key) and by thread_id."""

    thread_id: str  # short and stable: the value of the thread's buttons
    channel: str
    group_key: str
    state: ThreadState
    opened_at: datetime
    group: AlertGroup  # the last notification shown, to re-render the parent
    last_dedupe_key: str
    alerts: Mapping[str, AlertStatus]  # fingerprint -> last status seen; never mutated
    mentions: tuple[str, ...] = ()
    parent_ts: str | None = None  # None until the parent message is posted
    resolved_at: datetime | None = None
    acked_by: str | None = None
    silence_id: str | None = None
    silenced_by: str | None = None
    silenced_until: datetime | None = None

    def with_parent_ts(self, ts: str) -> ThreadRecord:
        return dataclasses.replace(self, parent_ts=ts)

    def is_silenced(self, now: datetime) -> bool:
        return self.silence_id is not None and self.silenced_until is not None and self.silenced_until > now

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict for the database or Redis; `from_dict` reads it back."""
        return {
            "thread_id": self.thread_id,
            "channel": self.channel,
            "group_key": self.group_key,
            "state": str(self.state),
            "opened_at": self.opened_at.isoformat(),
            "group": self.group.model_dump(mode="json"),
            "last_dedupe_key": self.last_dedupe_key,
            "alerts": {fp: str(status) for fp, status in self.alerts.items()},
            "mentions": list(self.mentions),
            "parent_ts": self.parent_ts,
            "resolved_at": _iso(self.resolved_at),
            "acked_by": self.acked_by,
            "silence_id": self.silence_id,
            "silenced_by": self.silenced_by,
            "silenced_until": _iso(self.silenced_until),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThreadRecord:
        return cls(
            thread_id=data["thread_id"],
            channel=data["channel"],
            group_key=data["group_key"],
            state=ThreadState(data["state"]),
            opened_at=datetime.fromisoformat(data["opened_at"]),
            group=AlertGroup.model_validate(data["group"]),
            last_dedupe_key=data["last_dedupe_key"],
            alerts={fp: AlertStatus(status) for fp, status in data["alerts"].items()},
            mentions=tuple(data.get("mentions", ())),
            parent_ts=data.get("parent_ts"),
            resolved_at=_from_iso(data.get("resolved_at")),
            acked_by=data.get("acked_by"),
            silence_id=data.get("silence_id"),
            silenced_by=data.get("silenced_by"),
            silenced_until=_from_iso(data.get("silenced_until")),
        )


class ThreadStore(Protocol):
    """Where records live (the database in production); the bot serialises access per group."""

    async def latest(self, *, channel: str, group_key: str) -> ThreadRecord | None: ...

    async def by_thread_id(self, thread_id: str) -> ThreadRecord | None: ...

    async def save(self, record: ThreadRecord) -> None: ...


def thread_id_for(*, channel: str, group_key: str, opened_at: datetime) -> str:
    """A short id that names one thread: new threads of the same group get new ids."""
    seed = f"{channel}\n{group_key}\n{opened_at.isoformat()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def plan_notification(
    record: ThreadRecord | None,
    group: AlertGroup,
    now: datetime,
    *,
    route: Route,
    reopen_window: timedelta = REOPEN_WINDOW,
) -> Plan:
    """Decide what one Alertmanager notification changes in Slack (see the module docstring)."""
    if record is None or record.parent_ts is None:
        if not group.firing:
            return Plan(Decision.IGNORE, (), record)  # never shown firing: nothing to resolve
        return _new_thread(group, now, route)
    if record.last_dedupe_key == group.dedupe_key:
        return Plan(Decision.DUPLICATE, (), record)
    if record.state is ThreadState.RESOLVED:
        if not group.firing:
            return Plan(Decision.DUPLICATE, (), _remember(record, group))
        if record.resolved_at is not None and now - record.resolved_at > reopen_window:
            return _new_thread(group, now, route)
        return _reopen(record, group, now)
    if not group.firing:
        return _close(record, group, now)
    return _update(record, group, now)


def plan_ack(record: ThreadRecord, *, user: str, now: datetime) -> Plan:
    """Someone clicked Ack: the parent shows who, and the thread says so."""
    updated = dataclasses.replace(record, acked_by=user)
    return _action(updated, Changes(group=record.group, acknowledged_by=user), now)


def plan_silence(record: ThreadRecord, *, user: str, silence_id: str, until: datetime, now: datetime) -> Plan:
    """A silence was created in Alertmanager for this group (alerts/silences.py)."""
    updated = dataclasses.replace(record, silence_id=silence_id, silenced_by=user, silenced_until=until)
    changes = Changes(group=record.group, silenced_by=user, silenced_until=until, silence_id=silence_id)
    return _action(updated, changes, now)


def plan_unsilence(record: ThreadRecord, *, user: str, now: datetime) -> Plan:
    """The thread's silence was expired in Alertmanager."""
    updated = dataclasses.replace(record, silence_id=None, silenced_by=None, silenced_until=None)
    return _action(updated, Changes(group=record.group, unsilenced_by=user), now)


def refresh_parent(record: ThreadRecord, *, now: datetime) -> UpdateParent:
    """Re-render the parent (e.g. to update "firing for"); the record must have been posted."""
    if record.parent_ts is None:
        raise ValueError(f"thread {record.thread_id} has no parent message yet")
    return UpdateParent(record.channel, record.parent_ts, render.render_parent(record.group, record, now=now))


def _new_thread(group: AlertGroup, now: datetime, route: Route) -> Plan:
    record = ThreadRecord(
        thread_id=thread_id_for(channel=route.channel, group_key=group.group_key, opened_at=now),
        channel=route.channel,
        group_key=group.group_key,
        state=ThreadState.FIRING,
        opened_at=now,
        group=group,
        last_dedupe_key=group.dedupe_key,
        alerts={alert.fingerprint: alert.status for alert in group.alerts},
        mentions=route.mentions,
    )
    message = render.render_parent(group, record, now=now)
    return Plan(Decision.NEW_THREAD, (PostParent(route.channel, message),), record)


def _update(record: ThreadRecord, group: AlertGroup, now: datetime) -> Plan:
    updated = _remember(record, group)
    changes = Changes(
        group=group,
        newly_firing=tuple(a for a in group.firing if record.alerts.get(a.fingerprint) is not AlertStatus.FIRING),
        newly_resolved=tuple(a for a in group.resolved if record.alerts.get(a.fingerprint) is AlertStatus.FIRING),
    )
    return _with_messages(Decision.UPDATE, updated, changes, now)


def _reopen(record: ThreadRecord, group: AlertGroup, now: datetime) -> Plan:
    keep_silence = record.is_silenced(now)
    updated = dataclasses.replace(
        _remember(record, group),
        state=ThreadState.FIRING,
        resolved_at=None,
        acked_by=None,  # a new incident needs a new ack
        silence_id=record.silence_id if keep_silence else None,
        silenced_by=record.silenced_by if keep_silence else None,
        silenced_until=record.silenced_until if keep_silence else None,
    )
    changes = Changes(group=group, newly_firing=group.firing, reopened_after=record.resolved_at)
    return _with_messages(Decision.REOPEN, updated, changes, now)


def _close(record: ThreadRecord, group: AlertGroup, now: datetime) -> Plan:
    updated = dataclasses.replace(_remember(record, group), state=ThreadState.RESOLVED, resolved_at=now)
    changes = Changes(
        group=group,
        newly_resolved=tuple(a for a in group.resolved if record.alerts.get(a.fingerprint) is AlertStatus.FIRING),
        closed=True,
        firing_since=min(alert.starts_at for alert in group.alerts),
    )
    return _with_messages(Decision.CLOSE, updated, changes, now)


def _action(updated: ThreadRecord, changes: Changes, now: datetime) -> Plan:
    if updated.parent_ts is None:
        raise ValueError(f"thread {updated.thread_id} has no parent message yet")
    return _with_messages(Decision.ACTION, updated, changes, now)


def _remember(record: ThreadRecord, group: AlertGroup) -> ThreadRecord:
    alerts = {**record.alerts, **{alert.fingerprint: alert.status for alert in group.alerts}}
    return dataclasses.replace(record, group=group, last_dedupe_key=group.dedupe_key, alerts=alerts)


def _with_messages(decision: Decision, record: ThreadRecord, changes: Changes, now: datetime) -> Plan:
    assert record.parent_ts is not None  # callers only plan replies for posted threads
    operations: list[UpdateParent | PostReply] = [refresh_parent(record, now=now)]
    if changes:
        reply = render.render_change(changes, now=now, mentions=record.mentions if changes.reopened_after else ())
        operations.append(PostReply(record.channel, record.parent_ts, reply))
    return Plan(decision, tuple(operations), record)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
