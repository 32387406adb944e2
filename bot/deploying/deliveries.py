"""
Each webhook delivery acts once, across retries and replicas.

GitHub reuses `X-GitHub-Delivery` for a redelivery of the same event. The
database row (primary key = the delivery id) is the fence: the first insert
wins, on every replica. The bot's Cache (Redis when configured) answers a
repeat without a database round trip, and is set only after the row exists,
so a crash in between never turns a first delivery into a "repeat".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from bot.infra.cache import Cache
from bot.storage import Database
from bot.storage.deploy_models import WebhookDelivery

__all__ = ["Deliveries", "DeliveryOutcome"]

REMEMBER = 7 * 24 * 3600.0  # seconds a delivery id stays in the cache


class DeliveryOutcome(enum.StrEnum):
    """What a webhook delivery came to (webhook_deliveries.outcome)."""

    RECEIVED = "received"  # recorded; not settled yet
    IGNORED = "ignored"  # no deploy rule matched it
    ACCEPTED = "accepted"  # deploy runs were submitted (webhook_deliveries.runs)


@dataclass(frozen=True)
class Deliveries:
    db: Database
    cache: Cache

    async def first_time(self, delivery_id: str, *, event: str, repo: str | None) -> bool:
        """Record the delivery; False when it was seen before (here or on another replica)."""
        key = f"deploys:delivery:{delivery_id}"
        if await self.cache.get(key) is not None:
            return False
        try:
            async with self.db.session() as session:
                received = DeliveryOutcome.RECEIVED
                session.add(
                    WebhookDelivery(delivery_id=delivery_id[:80], event=event[:64], repo=repo, outcome=received)
                )
        except IntegrityError:
            return False
        await self.cache.set(key, "1", ttl=REMEMBER)
        return True

    async def settle(self, delivery_id: str, *, outcome: DeliveryOutcome, runs: list[str]) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.delivery_id == delivery_id[:80])
                .values(outcome=outcome, runs=runs)
            )
