"""The cluster's values as the JSON columns keep them: a ChangePlan, and a ChangeApplied with its plan."""

from __future__ import annotations

import dataclasses
from typing import Any

from cluster import ChangeApplied, ChangePlan
from intents import Intent

__all__ = ["applied_from_json", "applied_to_json", "plan_from_json", "plan_to_json"]


def plan_to_json(plan: ChangePlan) -> dict[str, Any]:
    return {**dataclasses.asdict(plan), "intent": plan.intent.value}


def plan_from_json(raw: dict[str, Any]) -> ChangePlan:
    return ChangePlan(**{**raw, "intent": Intent(raw["intent"])})


def applied_to_json(applied: ChangeApplied) -> dict[str, Any]:
    return {**dataclasses.asdict(applied), "plan": plan_to_json(applied.plan)}


def applied_from_json(raw: dict[str, Any]) -> ChangeApplied:
    return ChangeApplied(**{**raw, "plan": plan_from_json(raw["plan"])})
