"""Who may press the alert buttons (silence, ack), with and without a policy file."""

from __future__ import annotations

from bot.policy.rules import Policy


def test_without_a_policy_file_anyone_may_silence_and_ack():
    assert Policy.read_only().may_operate_alerts("U0ANYONE1")


def test_with_a_policy_file_only_role_members_may():
    policy = Policy.parse("roles:\n  oncall:\n    users: [U0ALICE01]\n    allow: [restart]\n")
    assert policy.may_operate_alerts("U0ALICE01")
    assert not policy.may_operate_alerts("U0MALLORY")
