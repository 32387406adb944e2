"""The thread state machine across an alert group's life."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from alerts.plan import Decision, PostParent, PostReply, UpdateParent
from alerts.routing import Route
from alerts.threads import ThreadRecord, ThreadState, plan_ack, plan_notification, plan_silence, plan_unsilence
from tests.alerts.builders import alert

ROUTE = Route(channel="#shop", mentions=("<!subteam^S0ONCALL1>",))


def texts(message) -> str:
    return json.dumps(message.blocks, ensure_ascii=False)


@pytest.fixture
def opened(group_of, now, alert_a) -> ThreadRecord:
    """A thread whose parent was posted at `now` for one firing alert."""
    plan = plan_notification(None, group_of(alert_a), now, route=ROUTE)
    return plan.record.with_parent_ts("1700000000.000100")


@pytest.fixture
def alert_a():
    return alert("api-a")


def test_the_first_notification_posts_a_parent_with_mentions(group_of, now):
    plan = plan_notification(None, group_of(alert("api-a")), now, route=ROUTE)

    assert plan.decision is Decision.NEW_THREAD
    [post] = plan.operations
    assert isinstance(post, PostParent) and post.channel == "#shop"
    assert post.message.text.startswith("<!subteam^S0ONCALL1> [FIRING:1] KubePodCrashLooping shop")
    record = plan.record
    assert record.state is ThreadState.FIRING and record.parent_ts is None
    assert record.alerts == {"fp-api-a": "firing"}
    assert record.thread_id in texts(post.message)  # the buttons carry the thread id


def test_a_new_alert_updates_the_parent_and_replies_with_it(opened, group_of, now):
    later = now + timedelta(minutes=5)
    plan = plan_notification(opened, group_of(alert("api-a"), alert("api-b")), later, route=ROUTE)

    assert plan.decision is Decision.UPDATE
    update, reply = plan.operations
    assert isinstance(update, UpdateParent) and update.ts == opened.parent_ts and update.channel == "#shop"
    assert isinstance(reply, PostReply) and reply.thread_ts == opened.parent_ts
    assert "1 new firing" in texts(reply.message) and "pod=api-b" in texts(reply.message)
    assert "pod=api-a" not in texts(reply.message)
    assert plan.record.alerts == {"fp-api-a": "firing", "fp-api-b": "firing"}
    assert plan.record.thread_id == opened.thread_id


def test_the_same_state_again_is_a_duplicate_and_does_nothing(opened, group_of, now):
    plan = plan_notification(opened, group_of(alert("api-a")), now + timedelta(minutes=1), route=ROUTE)

    assert plan.decision is Decision.DUPLICATE
    assert plan.operations == ()
    assert plan.record == opened


def test_a_partly_resolved_group_replies_with_what_resolved(opened, group_of, now):
    both = plan_notification(opened, group_of(alert("api-a"), alert("api-b")), now, route=ROUTE).record
    plan = plan_notification(both, group_of(alert("api-a", "resolved"), alert("api-b")), now, route=ROUTE)

    assert plan.decision is Decision.UPDATE
    reply = plan.operations[1]
    assert "1 resolved" in texts(reply.message) and "pod=api-a" in texts(reply.message)
    assert plan.record.state is ThreadState.FIRING


def test_everything_resolved_closes_the_thread(opened, group_of, now):
    later = now + timedelta(minutes=30)
    plan = plan_notification(opened, group_of(alert("api-a", "resolved")), later, route=ROUTE)

    assert plan.decision is Decision.CLOSE
    update, reply = plan.operations
    assert "RESOLVED" in texts(update.message) and "Silence 1h" not in texts(update.message)
    assert update.message.text.startswith("[RESOLVED:1]")  # no more mentions once resolved
    assert "All resolved" in texts(reply.message)
    assert plan.record.state is ThreadState.RESOLVED and plan.record.resolved_at == later


def test_firing_again_within_the_window_reopens_the_same_thread(opened, group_of, now):
    closed = plan_notification(opened, group_of(alert("api-a", "resolved")), now, route=ROUTE).record
    again = now + timedelta(minutes=20)

    plan = plan_notification(closed, group_of(alert("api-a")), again, route=ROUTE)

    assert plan.decision is Decision.REOPEN
    update, reply = plan.operations
    assert update.ts == opened.parent_ts and reply.thread_ts == opened.parent_ts
    assert "Firing again" in texts(reply.message) and "20m" in texts(reply.message)
    assert reply.message.text.startswith("<!subteam^S0ONCALL1>")  # on-call hears about it
    assert plan.record.state is ThreadState.FIRING and plan.record.resolved_at is None
    assert plan.record.thread_id == opened.thread_id


def test_firing_again_after_the_window_opens_a_new_thread(opened, group_of, now):
    closed = plan_notification(opened, group_of(alert("api-a", "resolved")), now, route=ROUTE).record
    much_later = now + timedelta(hours=2)

    plan = plan_notification(
        closed, group_of(alert("api-a")), much_later, route=ROUTE, reopen_window=timedelta(hours=1)
    )

    assert plan.decision is Decision.NEW_THREAD
    assert [type(op) for op in plan.operations] == [PostParent]
    assert plan.record.thread_id != opened.thread_id and plan.record.parent_ts is None


def test_a_resolved_group_never_seen_firing_is_ignored(group_of, now):
    plan = plan_notification(None, group_of(alert("api-a", "resolved")), now, route=ROUTE)
    assert plan.decision is Decision.IGNORE and plan.operations == () and plan.record is None


def test_a_record_whose_parent_was_never_posted_posts_it_now(opened, group_of, now):
    unposted = plan_notification(None, group_of(alert("api-a")), now, route=ROUTE).record
    plan = plan_notification(unposted, group_of(alert("api-a")), now, route=ROUTE)
    assert plan.decision is Decision.NEW_THREAD


def test_ack_and_silence_show_on_the_parent_and_in_the_thread(opened, now):
    acked = plan_ack(opened, user="U0ALICE01", now=now)
    assert "ACKNOWLEDGED" in texts(acked.operations[0].message)
    assert "Acknowledged by <@U0ALICE01>" in texts(acked.operations[1].message)
    assert '"ack"' not in texts(acked.operations[0].message)  # no second Ack button

    until = now + timedelta(hours=4)
    silenced = plan_silence(acked.record, user="U0BOB0001", silence_id="dee889cc-b52a", until=until, now=now)
    parent = texts(silenced.operations[0].message)
    assert "SILENCED" in parent and "unsilence" in parent and "silence:1h" not in parent
    assert f"<!date^{int(until.timestamp())}^" in texts(silenced.operations[1].message)

    unsilenced = plan_unsilence(silenced.record, user="U0BOB0001", now=now)
    assert "silence:1h" in texts(unsilenced.operations[0].message)
    assert unsilenced.record.silence_id is None


def test_a_silence_that_ended_no_longer_shows(opened, now):
    silenced = plan_silence(opened, user="U0BOB0001", silence_id="s1", until=now + timedelta(hours=1), now=now).record
    assert silenced.is_silenced(now)
    assert not silenced.is_silenced(now + timedelta(hours=2))


def test_records_round_trip_through_json(opened, now):
    silenced = plan_silence(opened, user="U0BOB0001", silence_id="s1", until=now + timedelta(hours=1), now=now).record
    assert ThreadRecord.from_dict(json.loads(json.dumps(silenced.to_dict()))) == silenced


def test_bad_user_ids_are_refused(opened, now):
    with pytest.raises(ValueError, match="not a Slack user ID"):
        plan_ack(opened, user="<!channel>", now=now)
