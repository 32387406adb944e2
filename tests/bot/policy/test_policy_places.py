"""The policy file's groups, impersonation and namespace rules: validated, and applied by `Policy.may`."""

from __future__ import annotations

import pytest

from bot.policy.rules import Denial, Policy, PolicyError
from intents import Intent

POLICY = """
namespaces: [staging, production]
roles:
  operators:
    users: [U0ALICE01]
    groups: [S0PLATFORM]
    allow: [scale]
  auditors:
    groups: [S0SECURITY]
namespace_rules:
  production: {change_from: [C0PRODOPS], two_person: true}
"""


def test_the_existing_shape_still_reads_the_same():
    old = Policy.parse("roles:\n  ops:\n    users: [U0ALICE01]\n    allow: [restart]\n")
    assert old.may("U0ALICE01", Intent.RESTART, "default").allowed
    assert old.may("U0BOB0001", Intent.RESTART, "default").reason is Denial.NOT_IN_ROLE
    assert old.impersonation is None and old.namespace_rules == {}


def test_a_group_member_is_in_the_role_and_channels_bind_changes_only():
    policy = Policy.parse(POLICY)
    bob = {"groups": frozenset({"S0PLATFORM"})}
    assert policy.may("U0BOB0001", Intent.SCALE, "staging", channel="C0ANY0001", **bob).allowed
    assert policy.may("U0BOB0001", Intent.SCALE, "staging", channel="C0ANY0001").reason is Denial.NOT_IN_ROLE
    wrong = policy.may("U0BOB0001", Intent.SCALE, "production", channel="D0BOBDM01", **bob)
    assert (wrong.reason, wrong.channels) == (Denial.WRONG_CHANNEL, ("C0PRODOPS",))
    assert policy.may("U0BOB0001", Intent.SCALE, "production", channel="C0PRODOPS", **bob).allowed
    assert policy.may("U0EVE0001", Intent.STATUS, "production", channel="D0EVEDM01").allowed  # reads anywhere
    assert policy.may_operate_alerts("U0BOB0001", frozenset({"S0PLATFORM"}))
    assert policy.is_auditor("U0CAROL01", frozenset({"S0SECURITY"})) and not policy.is_auditor("U0ALICE01")
    assert policy.rule("production").two_person and not policy.rule("staging").two_person


def test_with_impersonation_an_unmapped_person_gets_nothing_and_a_mapped_one_is_left_to_rbac():
    policy = Policy.parse(POLICY + 'impersonation:\n  users: {U0ALICE01: "slack:alice@example.com"}\n')
    assert policy.may("U0BOB0001", Intent.STATUS, "staging").reason is Denial.NOT_MAPPED
    assert policy.may("U0ALICE01", Intent.DEPLOY, "staging", channel="C0X000001").allowed  # RBAC decides
    assert policy.may("U0ALICE01", Intent.DEPLOY, "production", channel="C0X000001").reason is Denial.WRONG_CHANNEL


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("roles: {a: {groups: [platform]}}", "roles.a.groups"),
        ("impersonation: {users: {U0ALICE01: 'system:admin'}}", "impersonation.users"),
        ("impersonation: {users: {}, groups: {S0PLATFORM: ['system:masters']}}", "impersonation.groups"),
        ("impersonation: {users: {alice: 'slack:alice'}}", "impersonation.users"),
        ("namespace_rules: {production: {change_from: ['#prod-ops']}}", "namespace_rules.production.change_from"),
        ("namespace_rules: {production: {two_people: true}}", "namespace_rules.production.two_people"),
    ],
)
def test_a_mistake_is_named_by_its_field(text, where):
    with pytest.raises(PolicyError) as refused:
        Policy.parse(text, source="policy.yaml")
    assert f"`{where}" in str(refused.value)
