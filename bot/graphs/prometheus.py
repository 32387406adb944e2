"""
A small client for Prometheus' HTTP API: range and instant queries, nothing else.

`GET /api/v1/query_range` and `GET /api/v1/query` answer `{"status": "success",
"data": {"resultType": "matrix"|"vector", "result": [...]}}`, values as
`[unix_seconds, "string number"]`; an error is `{"status": "error",
"errorType", "error"}` with HTTP 400/422/503. Every failure leaves as
`PrometheusError`, so callers catch one thing. The session is made on first
use (inside the running loop) and closed by `close()`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import aiohttp

__all__ = ["Prometheus", "PrometheusError", "Sample", "Series"]

DEFAULT_TIMEOUT = 5.0  # seconds per query: a graph is a nicety, never worth holding anything up
MAX_POINTS = 600  # points per series asked for (Prometheus refuses more than 11000)


class PrometheusError(Exception):
    """The query failed: Prometheus said why (`error`), or could not be reached."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


@dataclass(frozen=True, slots=True)
class Series:
    """One time series of a range query: its labels and (time, value) points, oldest first."""

    labels: dict[str, str]
    points: tuple[tuple[dt.datetime, float], ...]


@dataclass(frozen=True, slots=True)
class Sample:
    """One series' value of an instant query."""

    labels: dict[str, str]
    value: float


class Prometheus:
    """Queries one Prometheus server (`url`, e.g. http://prometheus:9090)."""

    def __init__(self, *, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def range(self, expr: str, *, start: dt.datetime, end: dt.datetime) -> list[Series]:
        """`expr` over [start, end] at a step giving at most MAX_POINTS points per series."""
        step = max(1.0, math.ceil((end - start).total_seconds() / MAX_POINTS))
        # NB: Prometheus evaluates at start, start + step, ... up to end: start is moved back so that the last
        # point is `end` itself, or the newest samples (a few seconds old when an alert starts) fall between.
        steps = math.ceil((end - start).total_seconds() / step)
        first = end.timestamp() - steps * step
        data = await self._get("query_range", {"query": expr, "start": first, "end": end.timestamp(), "step": step})
        return [
            Series(
                labels=dict(item.get("metric") or {}),
                points=tuple((dt.datetime.fromtimestamp(float(t), dt.UTC), float(v)) for t, v in item["values"]),
            )
            for item in data.get("result") or []
        ]

    async def instant(self, expr: str) -> list[Sample]:
        data = await self._get("query", {"query": expr})
        return [Sample(dict(item.get("metric") or {}), float(item["value"][1])) for item in data.get("result") or []]

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _get(self, endpoint: str, params: dict[str, Any]) -> dict[str, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            async with self._session.get(
                f"{self.url}/api/v1/{endpoint}", params={k: str(v) for k, v in params.items()}
            ) as response:
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise PrometheusError(type(exc).__name__) from exc
        if not isinstance(body, dict) or body.get("status") != "success":
            error = body.get("error") if isinstance(body, dict) else None
            raise PrometheusError(str(error or f"HTTP {response.status}"))
        data: dict[str, Any] = body.get("data") or {}
        return data
