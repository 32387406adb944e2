"""Carrying out plans: Slack calls in order, the record stored only when they all worked."""

from __future__ import annotations

from datetime import timedelta

import pytest

import alerts
from alerts.delivery import MemoryThreadStore, carry_out
from alerts.routing import Route
from alerts.threads import plan_notification
from tests.alerts.builders import alert

ROUTE = Route(channel="#shop")


class RecordingPoster:
    """A SlackPoster that remembers every call and hands out increasing timestamps."""

    def __init__(self, *, fail_on: str | None = None) -> None:
        self.calls: list[tuple[str, str, str | None]] = []
        self.fail_on = fail_on

    async def post(self, channel, message, *, thread_ts=None):
        kind = "reply" if thread_ts else "post"
        if kind == self.fail_on:
            raise ConnectionError("slack is down")
        self.calls.append((kind, channel, thread_ts))
        return f"1700000000.{len(self.calls):06d}"

    async def update(self, channel, ts, message):
        self.calls.append(("update", channel, ts))


async def test_a_group_lifecycle_goes_through_the_store(group_of, now):
    store, poster = MemoryThreadStore(), RecordingPoster()
    group = group_of(alert("api-a"))

    first = await carry_out(plan_notification(None, group, now, route=ROUTE), poster=poster, store=store)
    assert first.parent_ts == "1700000000.000001"
    assert await store.latest(channel="#shop", group_key=group.group_key) == first
    assert await store.by_thread_id(first.thread_id) == first

    stored = await store.latest(channel="#shop", group_key=group.group_key)
    plan = plan_notification(stored, group_of(alert("api-a"), alert("api-b")), now + timedelta(minutes=1), route=ROUTE)
    await carry_out(plan, poster=poster, store=store)

    assert poster.calls == [
        ("post", "#shop", None),
        ("update", "#shop", "1700000000.000001"),
        ("reply", "#shop", "1700000000.000001"),
    ]


async def test_a_failed_reply_stores_nothing_so_the_next_notification_replays_it(group_of, now):
    store = MemoryThreadStore()
    first = await carry_out(
        plan_notification(None, group_of(alert("api-a")), now, route=ROUTE), poster=RecordingPoster(), store=store
    )
    changed = group_of(alert("api-a"), alert("api-b"))

    with pytest.raises(ConnectionError):
        await carry_out(
            plan_notification(first, changed, now, route=ROUTE), poster=RecordingPoster(fail_on="reply"), store=store
        )

    assert await store.latest(channel="#shop", group_key=changed.group_key) == first
    replay = plan_notification(first, changed, now, route=ROUTE)
    assert replay.decision is alerts.Decision.UPDATE and len(replay.operations) == 2


def test_the_public_names_are_listed_sorted_and_importable():
    assert alerts.__all__ == sorted(alerts.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n))
    for name in alerts.__all__:
        assert getattr(alerts, name) is not None
