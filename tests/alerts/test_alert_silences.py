"""Silences through Alertmanager's API v2, against a real Alertmanager."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from alerts import errors
from alerts.silences import Alertmanager, Matcher, matchers_for
from tests.alerts.builders import alert
from tests.support.alertmanager import free_port


def inject(alertmanager, name: str) -> None:
    alertmanager.post_alerts(
        [
            {
                "labels": {
                    "alertname": name,
                    "namespace": "shop",
                    "deployment": "api",
                    "pod": pod,
                    "severity": "critical",
                },
                "annotations": {"summary": f"{pod} is crash looping"},
            }
            for pod in ("api-1", "api-2")
        ]
    )


def group_named(group_of, name: str):
    a = alert("api-1")
    a["labels"]["alertname"] = name
    return group_of(
        a,
        groupLabels={"alertname": name, "namespace": "shop"},
        commonLabels={"alertname": name, "namespace": "shop", "deployment": "api", "severity": "critical"},
    )


async def eventually(check, timeout: float = 5.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.1)


async def test_a_silence_is_created_active_and_suppresses_the_group(alertmanager, http, group_of):
    name = f"CrashLoop{uuid.uuid4().hex[:8]}"
    inject(alertmanager, name)
    client = Alertmanager(session=http, base_url=alertmanager.url + "/")
    now = datetime.now(UTC)

    silence_id = await client.create_silence(
        matchers_for(group_named(group_of, name)),
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        created_by="slack:U0ALICE01",
        comment="silenced from Slack by @alice",
    )

    silence = await client.get_silence(silence_id)
    assert silence.state == "active"
    assert silence.created_by == "slack:U0ALICE01" and silence.comment == "silenced from Slack by @alice"
    assert {(m.name, m.value, m.is_regex, m.is_equal) for m in silence.matchers} == {
        ("alertname", name, False, True),
        ("namespace", "shop", False, True),
    }
    assert silence_id in [s.id for s in await client.list_silences(filters=[f'alertname="{name}"'])]

    async def suppressed():
        found = await client.list_alerts(filters=[Matcher(name="alertname", value=name)])
        return len(found) == 2 and all(a.state == "suppressed" and silence_id in a.silenced_by for a in found) and found

    assert await eventually(suppressed)
    assert await client.list_alerts(filters=[f'alertname="{name}"'], silenced=False) == []

    await client.expire_silence(silence_id)
    assert (await client.get_silence(silence_id)).state == "expired"
    await client.expire_silence(silence_id)  # expiring twice is fine

    async def active_again():
        found = await client.list_alerts(filters=[f'alertname="{name}"'], active=True, silenced=False)
        return len(found) == 2

    assert await eventually(active_again)


@pytest.mark.parametrize(
    "change, status, words",
    [
        ({"ends_at": datetime(2020, 1, 1, tzinfo=UTC)}, 400, "start time must be before end time"),
        ({"matchers": (Matcher(name="a", value="(", is_regex=True),)}, 400, "invalid regular expression"),
        ({"matchers": ()}, 422, "matchers"),
        ({"matchers": (Matcher(name="a", value=".*", is_regex=True),)}, 400, "empty string"),
    ],
    ids=["ends-before-starts", "bad-regex", "no-matchers", "matches-everything"],
)
async def test_refused_silences_raise_silence_error_with_alertmanagers_message(
    alertmanager, http, change, status, words
):
    client = Alertmanager(session=http, base_url=alertmanager.url)
    now = datetime.now(UTC)
    request = {
        "matchers": (Matcher(name="alertname", value="X"),),
        "starts_at": now,
        "ends_at": now + timedelta(hours=1),
        "created_by": "slack:U0ALICE01",
        "comment": "test",
        **change,
    }
    matchers = request.pop("matchers")

    with pytest.raises(errors.SilenceError) as info:
        await client.create_silence(matchers, **request)

    assert info.value.status == status
    assert words in info.value.message


async def test_unknown_or_malformed_silence_ids_raise(alertmanager, http):
    client = Alertmanager(session=http, base_url=alertmanager.url)
    with pytest.raises(errors.SilenceError) as info:
        await client.get_silence(str(uuid.uuid4()))
    assert info.value.status == 404
    with pytest.raises(errors.SilenceError) as info:
        await client.expire_silence("not-a-uuid")
    assert info.value.status == 422 and "uuid" in info.value.message


async def test_an_unreachable_alertmanager_is_a_silence_error_without_status(http):
    client = Alertmanager(session=http, base_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(errors.SilenceError) as info:
        await client.list_alerts()
    assert info.value.status is None and "unreachable" in str(info.value)


def test_matchers_are_the_group_labels_plus_identifying_common_labels(group_of):
    group = group_of(alert("api-1"), groupLabels={"severity": "critical"})
    assert [str(m) for m in matchers_for(group)] == [
        'alertname="KubePodCrashLooping"',
        'namespace="shop"',
        'severity="critical"',
    ]


def test_a_group_without_group_labels_falls_back_to_common_labels(group_of):
    group = group_of(alert("api-1"), groupLabels={}, commonLabels={"team": "web", "empty": ""})
    assert [str(m) for m in matchers_for(group)] == ['team="web"']


def test_a_group_with_no_usable_label_cannot_be_silenced(group_of):
    group = group_of(alert("api-1"), groupLabels={"x": ""}, commonLabels={"y": ""})
    with pytest.raises(errors.UnsilenceableGroup):
        matchers_for(group)
