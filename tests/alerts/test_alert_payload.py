"""The webhook body (payload v4) and the AlertGroup built from it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from alerts import errors
from alerts.payload import AlertStatus, parse_webhook
from tests.alerts.builders import alert, body


def test_the_captured_example_parses_into_a_group(captured):
    group = parse_webhook(json.dumps(captured))

    assert group.group_key == '{}:{alertname="KubePodCrashLooping", namespace="shop"}'
    assert group.receiver == "bot"
    assert group.status is AlertStatus.FIRING
    assert group.truncated_alerts == 1
    assert group.external_url == "http://127.0.0.1:19093"
    assert group.group_labels == {"alertname": "KubePodCrashLooping", "namespace": "shop"}
    assert group.labels["deployment"] == "api"
    [only] = group.alerts
    assert only.fingerprint == "5b9aca1d3feabefa"
    assert only.name == "KubePodCrashLooping"
    assert only.starts_at == datetime(2026, 11, 22, 1, 45, 35, tzinfo=UTC)
    assert only.ends_at is None  # Go's zero time means "still firing"
    assert only.generator_url.startswith("http://prometheus.example")


def test_nanosecond_timestamps_are_accepted_to_the_microsecond(captured):
    captured["alerts"][0]["startsAt"] = "2026-11-22T01:50:28.842691548Z"
    captured["alerts"][0]["endsAt"] = "2026-11-22T01:55:00.123456789+02:00"

    [only] = parse_webhook(json.dumps(captured)).alerts

    assert only.starts_at == datetime(2026, 11, 22, 1, 50, 28, 842691, tzinfo=UTC)
    assert only.ends_at is not None and only.ends_at.utcoffset().total_seconds() == 7200


def test_bytes_bodies_and_missing_optional_fields_are_fine(captured):
    for key in ("truncatedAlerts", "commonAnnotations", "externalURL"):
        del captured[key]
    del captured["alerts"][0]["generatorURL"]
    captured["alerts"][0]["annotations"] = None

    group = parse_webhook(json.dumps(captured).encode())

    assert group.truncated_alerts == 0
    assert group.alerts[0].annotations == {}
    assert group.alerts[0].generator_url == ""


@pytest.mark.parametrize(
    "body_text, where",
    [
        ("", "body"),
        ("not json", "body"),
        ("[]", "body"),
        (json.dumps({**body(alert("a")), "version": "3"}), "version"),
        (json.dumps({**body(alert("a")), "alerts": []}), "alerts"),
        (json.dumps({k: v for k, v in body(alert("a")).items() if k != "groupKey"}), "groupKey"),
        (json.dumps(body({**alert("a"), "status": "exploded"})), "alerts.0.status"),
        (json.dumps(body({**alert("a"), "startsAt": "yesterday"})), "alerts.0.startsAt"),
        (json.dumps(body({**alert("a"), "labels": {"alertname": 5}})), "alerts.0.labels.alertname"),
    ],
    ids=["empty", "not-json", "array", "version", "no-alerts", "no-group-key", "status", "time", "label-type"],
)
def test_malformed_bodies_raise_invalid_payload_naming_the_field(body_text, where):
    with pytest.raises(errors.InvalidPayload) as info:
        parse_webhook(body_text)

    assert any(problem.startswith(where) for problem in info.value.problems), info.value.problems
    assert "invalid Alertmanager webhook payload" in str(info.value)


def test_the_dedupe_key_ignores_order_but_not_status(group_of):
    first = group_of(alert("a"), alert("b"))
    reordered = group_of(alert("b"), alert("a"))
    one_resolved = group_of(alert("a"), alert("b", "resolved"))
    other_group = group_of(alert("a"), alert("b"), groupKey='{}:{alertname="Other"}')

    assert first.dedupe_key == reordered.dedupe_key
    assert first.dedupe_key != one_resolved.dedupe_key
    assert first.dedupe_key != other_group.dedupe_key


def test_groups_survive_a_json_round_trip(group_of):
    group = group_of(alert("a"), alert("b", "resolved"))

    again = type(group).model_validate(json.loads(group.model_dump_json()))

    assert again == group
    assert [a.fingerprint for a in again.firing] == ["fp-a"]
    assert [a.fingerprint for a in again.resolved] == ["fp-b"]
