"""
Alertmanager's webhook payload (version "4") and the `AlertGroup` the rest of klepaas uses.

The webhook body crosses a trust boundary, so it is parsed once, here, with
pydantic; nothing below the route sees the raw dict. Wire format: PROTOCOLS.md §7.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from alerts import errors
from bodies import InvalidJson, parse_json

# Alertmanager sends Go's zero time for "no end time" (firing alerts).
_GO_ZERO_YEAR = 1


class AlertStatus(enum.StrEnum):
    FIRING = "firing"
    RESOLVED = "resolved"


class Alert(BaseModel):
    """One alert of a notification; `fingerprint` is stable for the same label set."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    status: AlertStatus
    labels: dict[str, str]
    annotations: dict[str, str] = Field(default_factory=dict)
    starts_at: AwareDatetime = Field(alias="startsAt")
    # None while firing: Alertmanager sends 0001-01-01T00:00:00Z then.
    ends_at: AwareDatetime | None = Field(default=None, alias="endsAt")
    generator_url: str = Field(default="", alias="generatorURL")
    fingerprint: str = Field(min_length=1, max_length=64)

    @field_validator("ends_at", mode="after")
    @classmethod
    def _zero_time_is_none(cls, value: datetime | None) -> datetime | None:
        return None if value is not None and value.year == _GO_ZERO_YEAR else value

    @field_validator("annotations", mode="before")
    @classmethod
    def _null_annotations_are_empty(cls, value: object) -> object:
        return {} if value is None else value

    @property
    def name(self) -> str:
        return self.labels.get("alertname", "")


class WebhookPayload(BaseModel):
    """The body Alertmanager POSTs to a webhook receiver, exactly as sent."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    version: Literal["4"]
    group_key: str = Field(alias="groupKey", min_length=1)
    truncated_alerts: int = Field(default=0, alias="truncatedAlerts", ge=0)
    status: AlertStatus
    receiver: str
    group_labels: dict[str, str] = Field(default_factory=dict, alias="groupLabels")
    common_labels: dict[str, str] = Field(default_factory=dict, alias="commonLabels")
    common_annotations: dict[str, str] = Field(default_factory=dict, alias="commonAnnotations")
    external_url: str = Field(default="", alias="externalURL")
    alerts: list[Alert] = Field(min_length=1)

    def to_group(self) -> AlertGroup:
        return AlertGroup(
            group_key=self.group_key,
            receiver=self.receiver,
            status=self.status,
            alerts=tuple(self.alerts),
            group_labels=self.group_labels,
            common_labels=self.common_labels,
            common_annotations=self.common_annotations,
            truncated_alerts=self.truncated_alerts,
            external_url=self.external_url,
        )


class AlertGroup(BaseModel):
    """
    One notification about one Alertmanager group, as klepaas handles it.

    It is JSON-serialisable (`model_dump(mode="json")` / `model_validate`), so the
    bot can keep the last one with the thread it belongs to.
    """

    model_config = ConfigDict(frozen=True)

    group_key: str
    receiver: str
    status: AlertStatus
    alerts: tuple[Alert, ...]
    group_labels: dict[str, str] = Field(default_factory=dict)
    common_labels: dict[str, str] = Field(default_factory=dict)
    common_annotations: dict[str, str] = Field(default_factory=dict)
    truncated_alerts: int = 0  # alerts Alertmanager left out because of max_alerts
    external_url: str = ""

    @property
    def dedupe_key(self) -> str:
        """
        Equal for re-sends of the same state of the same group.

        Alertmanager legitimately re-sends a groupKey (repeat_interval, retries),
        so the key covers every alert's status, not only the groupKey (PROTOCOLS.md §7).
        """
        states = sorted(f"{alert.fingerprint}:{alert.status}" for alert in self.alerts)
        digest = hashlib.sha256("\n".join([self.group_key, *states]).encode())
        return digest.hexdigest()[:32]

    @property
    def labels(self) -> Mapping[str, str]:
        """The labels every alert of the group shares: group labels over common labels."""
        return {**self.common_labels, **self.group_labels}

    @property
    def firing(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.status is AlertStatus.FIRING)

    @property
    def resolved(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.status is AlertStatus.RESOLVED)


def parse_webhook(body: bytes | str) -> AlertGroup:
    """Parse a webhook body into an AlertGroup; raises InvalidPayload (answer 400) when malformed."""
    try:
        data = parse_json(body)
    except InvalidJson as exc:
        raise errors.InvalidPayload([f"body: {exc.sentence}"]) from exc
    try:
        payload = WebhookPayload.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
            for error in exc.errors(include_url=False)
        ]
        raise errors.InvalidPayload(problems[:10]) from exc
    return payload.to_group()
