"""
Alertmanager's API v2, for what the Slack buttons do: silences, and reading alerts back.

The aiohttp session and the base URL (ALERTMANAGER_URL) are passed in; only
this module talks to Alertmanager, and aiohttp's errors never leave it: every
4xx/5xx and every connection failure becomes a SilenceError carrying the
status and Alertmanager's own message. Wire format: PROTOCOLS.md §8.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import aiohttp
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from alerts import errors
from alerts.payload import AlertGroup

_TIMEOUT = aiohttp.ClientTimeout(total=10)
# Labels that name what an alert is about, added to the group labels when shared by all alerts.
_IDENTIFYING = ("alertname", "namespace")

T = TypeVar("T")


class Matcher(BaseModel):
    """One silence matcher; `name=value` unless is_regex / is_equal say otherwise."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    name: str = Field(min_length=1)
    value: str
    is_regex: bool = Field(default=False, alias="isRegex")
    is_equal: bool = Field(default=True, alias="isEqual")

    def __str__(self) -> str:
        op = ("=~" if self.is_regex else "=") if self.is_equal else ("!~" if self.is_regex else "!=")
        return f"{self.name}{op}{json.dumps(self.value)}"


class Silence(BaseModel):
    """A silence as Alertmanager returns it; `state` is active, pending or expired."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    id: str
    matchers: tuple[Matcher, ...]
    starts_at: AwareDatetime = Field(alias="startsAt")
    ends_at: AwareDatetime = Field(alias="endsAt")
    created_by: str = Field(alias="createdBy")
    comment: str
    state: str

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Silence:
        return cls.model_validate({**data, "state": data.get("status", {}).get("state", "")})


class AlertState(BaseModel):
    """One alert as `GET /api/v2/alerts` lists it, with whether it is suppressed and by what."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    fingerprint: str
    labels: dict[str, str]
    annotations: dict[str, str] = Field(default_factory=dict)
    state: str  # active, suppressed or unprocessed
    silenced_by: tuple[str, ...] = ()
    inhibited_by: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> AlertState:
        status = data.get("status", {})
        return cls.model_validate(
            {
                **data,
                "state": status.get("state", ""),
                "silenced_by": status.get("silencedBy") or (),
                "inhibited_by": status.get("inhibitedBy") or (),
            }
        )


def matchers_for(group: AlertGroup) -> tuple[Matcher, ...]:
    """
    Equality matchers that select this group's alerts, and only them.

    The group labels are what Alertmanager groups by; `alertname` and `namespace`
    are added when every alert shares them. A group with no group labels (group_by: [])
    falls back to all common labels. Only non-empty values are used, so every
    matcher fails on the empty string, which Alertmanager requires of at least one.
    """
    chosen = dict(group.group_labels)
    for name in _IDENTIFYING:
        if group.common_labels.get(name):
            chosen.setdefault(name, group.common_labels[name])
    if not any(chosen.values()):
        chosen = dict(group.common_labels)
    matchers = tuple(Matcher(name=k, value=v) for k, v in sorted(chosen.items()) if v)
    if not matchers:
        raise errors.UnsilenceableGroup(f"group {group.group_key!r} shares no label to silence it by")
    return matchers


@dataclass(frozen=True, slots=True)
class Alertmanager:
    """A client for one Alertmanager; `base_url` is e.g. http://alertmanager:9093."""

    session: aiohttp.ClientSession
    base_url: str

    async def create_silence(
        self,
        matchers: Sequence[Matcher],
        *,
        starts_at: datetime,
        ends_at: datetime,
        created_by: str,
        comment: str,
    ) -> str:
        """Create a silence and return its id."""
        body = {
            "matchers": [m.model_dump(by_alias=True) for m in matchers],
            "startsAt": _rfc3339(starts_at),
            "endsAt": _rfc3339(ends_at),
            "createdBy": created_by,
            "comment": comment,
        }
        answer = await self._request("POST", "/api/v2/silences", json=body)
        if not isinstance(answer, Mapping) or not answer.get("silenceID"):
            raise errors.SilenceError(f"no silenceID in Alertmanager's answer: {answer!r:.200}")
        return str(answer["silenceID"])

    async def expire_silence(self, silence_id: str) -> None:
        """Expire a silence now; expiring an already expired silence succeeds."""
        await self._request("DELETE", f"/api/v2/silence/{silence_id}")

    async def get_silence(self, silence_id: str) -> Silence:
        return _parsed(Silence.from_api, await self._request("GET", f"/api/v2/silence/{silence_id}"))

    async def list_silences(self, *, filters: Sequence[Matcher | str] = ()) -> list[Silence]:
        params = [("filter", str(f)) for f in filters]
        answer = await self._request("GET", "/api/v2/silences", params=params)
        return [_parsed(Silence.from_api, item) for item in answer or ()]

    async def list_alerts(
        self,
        *,
        filters: Sequence[Matcher | str] = (),
        active: bool | None = None,
        silenced: bool | None = None,
        inhibited: bool | None = None,
        receiver: str | None = None,
    ) -> list[AlertState]:
        """Alerts Alertmanager holds now; `filters` are matchers like `alertname="X"`."""
        params = [("filter", str(f)) for f in filters]
        for name, flag in (("active", active), ("silenced", silenced), ("inhibited", inhibited)):
            if flag is not None:
                params.append((name, str(flag).lower()))
        if receiver is not None:
            params.append(("receiver", receiver))
        answer = await self._request("GET", "/api/v2/alerts", params=params)
        return [_parsed(AlertState.from_api, item) for item in answer or ()]

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        url = self.base_url.rstrip("/") + path
        try:
            async with self.session.request(method, url, timeout=_TIMEOUT, **kwargs) as response:
                text = await response.text()
                if response.status >= 400:
                    raise errors.SilenceError(_message(text), status=response.status)
        except aiohttp.ClientError as exc:
            raise errors.SilenceError(f"Alertmanager is unreachable: {type(exc).__name__}") from exc
        except TimeoutError as exc:
            raise errors.SilenceError("Alertmanager did not answer in time") from exc
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise errors.SilenceError(f"Alertmanager answered with invalid JSON: {text:.200}") from exc


def _message(text: str) -> str:
    """Alertmanager's error text: a JSON string, a {"message": …} object, or plain text."""
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip()[:500]
    if isinstance(data, Mapping) and "message" in data:
        return str(data["message"])[:500]
    return str(data)[:500]


def _parsed(build: Callable[[Any], T], data: Any) -> T:
    try:
        return build(data)
    except (ValidationError, AttributeError, TypeError) as exc:
        raise errors.SilenceError(f"unexpected answer from Alertmanager: {exc}") from exc


def _rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("silence times must be timezone-aware")
    return moment.isoformat()
