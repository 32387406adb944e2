"""
The delivery outbox worker: sends queued alert messages to Slack, in order per channel.

Why an outbox: the webhook must be answered fast, Slack allows about one message
per second per channel and answers 429 beyond that, and a restart in the middle
of an alert storm must lose nothing. So the intake only stores the thread record
and its Slack calls (alert_outbox rows, same transaction), and this worker sends
them afterwards.

How it stays correct:

- Order per channel. One drain task per channel takes the oldest pending row,
  sends it, settles it, and only then looks at the next one. A row that must
  wait (429 Retry-After, backoff) holds back the rows behind it in its channel,
  so a thread never shows a reply before its parent; other channels go on.
- One sender per channel across replicas, fenced in the database: the worker
  claims a channel's head row with a lease (outbox_rows.py) and settles it only
  as the holder. A lease that ran out before the row was settled (a send slower
  than LEASE, a paused process) is logged at error level and counted in
  klepaas_leases_lost_total{kind="outbox"}: the row may then go out twice.
- Nothing twice, nothing lost. A row is marked sent, with the ts Slack returned,
  in one transaction that also gives a posted parent's ts to its thread. After a
  restart the worker resumes every pending row, and a row whose holder died is
  claimed again once its lease ran out. The one window left is a crash between
  Slack's answer and that commit; then the message is sent again
  (at-least-once), which is the only choice without Slack-side idempotency keys.
- Shutdown. close() lets the row in flight finish (bounded by `grace`) and
  takes no new one; what is left stays pending for the next worker.
- Errors. 429 postpones the row by Retry-After (not counted as an attempt);
  5xx, Slack's transient errors and connection failures are retried with
  exponential backoff up to MAX_ATTEMPTS; anything else (channel_not_found,
  invalid_blocks, …) fails the row at once, with a log line and the
  klepaas_alert_notifications_total{outcome="delivery_failed"} metric. A failed
  parent fails its thread, so the next notification opens a new one.

The Slack client given here should not retry 429 itself (bot/alerting/feature.py
builds one with rate_limit_retries=0): sleeping inside the client would hold
the row's lease, and the outbox already knows when to try again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.alerting.outbox_rows import Busy, LeaseLost, NotDue, OutboxKind, OutboxRows, QueuedCall
from bot.infra.clock import utcnow
from bot.infra.identity import replica_id
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 8
LEASE = dt.timedelta(seconds=120)  # longer than one Slack call: 30 s client timeout, plus one retry
CLOSE_GRACE = 10.0  # seconds close() waits for the row in flight
# Slack answers these with HTTP 200 and ok=false, yet they are worth another try.
TRANSIENT_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"})


class OutboxWorker:
    """Drains alert_outbox; `wake()` after queueing rows, `close()` on shutdown."""

    def __init__(
        self,
        *,
        rows: OutboxRows,
        slack: AsyncWebClient,
        metrics: Metrics,
        poll_interval: float = 0.5,
        backoff_base: float = 1.0,
        clock: Callable[[], dt.datetime] = utcnow,
        lease: dt.timedelta = LEASE,
        owner: str | None = None,
        leading: Callable[[], bool] = lambda: True,
    ) -> None:
        self._rows = rows
        self._slack = slack
        self._metrics = metrics
        self._lease = lease
        self.owner = owner or replica_id()
        self.leading = leading
        self._poll = poll_interval
        self._backoff_base = backoff_base
        self._clock = clock
        self._wake = asyncio.Event()
        self._draining: set[str] = set()
        self._tasks = BackgroundTasks()
        self._stopping = False

    def start(self) -> None:
        self._tasks.spawn(self._run(), name="alerts.outbox")

    def wake(self) -> None:
        self._wake.set()

    async def close(self) -> None:
        self._stopping = True
        self._wake.set()
        await self._tasks.drain(grace=CLOSE_GRACE)

    async def _run(self) -> None:
        while not self._stopping:
            if not self.leading():
                await self._sleep()
                continue
            try:
                channels = await self._rows.channels_with_pending()
            except SQLAlchemyError as exc:
                log.error("outbox.poll_failed", error=type(exc).__name__, exc_info=exc)
                channels = []
            for channel in channels:
                if channel not in self._draining:
                    self._draining.add(channel)
                    self._tasks.spawn(self._drain(channel), name=f"alerts.outbox:{channel}")
            await self._sleep()

    async def _sleep(self) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=self._poll)
        except TimeoutError:
            pass
        self._wake.clear()

    async def _drain(self, channel: str) -> None:
        """Send `channel`'s rows one by one until none is left; sleep while the next is not due."""
        try:
            while not self._stopping and self.leading():
                found = await self._rows.claim_next(channel, owner=self.owner, lease=self._lease, now=self._clock())
                if found is None or isinstance(found, Busy):
                    return  # nothing left, or another worker holds the head row; polled again soon
                if isinstance(found, NotDue):
                    await asyncio.sleep(max(0.0, min((found.at - self._clock()).total_seconds(), self._poll)))
                    continue
                if found.reclaimed:
                    log.warning("outbox.reclaimed", channel=channel, row=found.id, note="its holder's lease ran out")
                try:
                    await self._send(found)
                except LeaseLost as exc:
                    log.error(
                        "outbox.lease_lost",
                        channel=channel,
                        row=exc.row,
                        owner=exc.owner,
                        note="another worker took the row; it may have been sent twice",
                    )
                    self._metrics.leases_lost.labels(kind="outbox").inc()
        except SQLAlchemyError as exc:
            log.error("outbox.drain_failed", channel=channel, error=type(exc).__name__, exc_info=exc)
        finally:
            self._draining.discard(channel)

    async def _send(self, call: QueuedCall) -> None:
        if call.kind is not OutboxKind.POST_PARENT and call.parent_ts is None:
            if call.parent_failed:
                await self._give_up(call, "parent_not_posted")
            else:  # NB: cannot happen while order holds; wait rather than post a reply without its thread
                await self._rows.postpone(
                    call, until=self._later(self._poll), error="waiting_for_parent", count_attempt=False
                )
            return
        try:
            ts = await self._call_slack(call)
        except SlackApiError as exc:
            await self._failed(call, exc)
            return
        except (aiohttp.ClientError, TimeoutError) as exc:
            await self._retry(call, type(exc).__name__)
            return
        await self._rows.mark_sent(call, ts=ts)
        self._metrics.alerts.labels(outcome=f"delivered_{call.kind}").inc()

    async def _call_slack(self, call: QueuedCall) -> str | None:
        if call.kind is OutboxKind.UPDATE_PARENT:
            assert call.parent_ts is not None  # NB: _send holds a row back until its thread's parent is posted
            await self._slack.chat_update(channel=call.channel, ts=call.parent_ts, text=call.text, blocks=call.blocks)
            return None
        thread_ts = call.parent_ts if call.kind is OutboxKind.POST_REPLY else None
        response = await self._slack.chat_postMessage(
            channel=call.channel,
            text=call.text,
            blocks=call.blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    async def _failed(self, call: QueuedCall, exc: SlackApiError) -> None:
        status = exc.response.status_code
        error = str(exc.response.get("error") or status)
        if status == 429:
            retry_after = _retry_after(exc.response.headers)
            log.info("outbox.rate_limited", channel=call.channel, row=call.id, retry_after=retry_after)
            self._metrics.alerts.labels(outcome="rate_limited").inc()
            await self._rows.postpone(call, until=self._later(retry_after), error=error, count_attempt=False)
        elif status >= 500 or error in TRANSIENT_ERRORS:
            await self._retry(call, error)
        else:
            await self._give_up(call, error)

    async def _retry(self, call: QueuedCall, error: str) -> None:
        if call.attempts + 1 >= MAX_ATTEMPTS:
            await self._give_up(call, error)
            return
        delay = min(60.0, self._backoff_base * 2**call.attempts)
        log.warning("outbox.retrying", channel=call.channel, row=call.id, error=error, delay=delay)
        await self._rows.postpone(call, until=self._later(delay), error=error, count_attempt=True)

    async def _give_up(self, call: QueuedCall, error: str) -> None:
        log.error(
            "outbox.gave_up",
            channel=call.channel,
            row=call.id,
            kind=str(call.kind),
            thread_id=call.thread_id,
            error=error,
        )
        self._metrics.alerts.labels(outcome="delivery_failed").inc()
        await self._rows.give_up(call, error=error)

    def _later(self, seconds: float) -> dt.datetime:
        return self._clock() + dt.timedelta(seconds=seconds)


def _retry_after(headers: Mapping[str, Any]) -> float:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return 1.0
