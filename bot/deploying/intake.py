"""
The webhook routes: `POST /webhooks/github` and `POST /webhooks/deploy`.

A request that is not authenticated (GitHub's `X-Hub-Signature-256` with
GITHUB_WEBHOOK_SECRET; `Authorization: Bearer` with KLEPAAS_DEPLOY_TOKEN) gets
401 and nothing else: its body is not parsed and nothing is stored. `ping` is
answered. A delivery id seen before changes nothing (PROTOCOLS.md §9: GitHub
reuses it for redeliveries). A deploy is answered with 202 and its id, and runs
after the answer; an event no rule maps is answered 202 with a log line.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from aiohttp import web
from pydantic import SecretStr

from bot.deploying.deliveries import Deliveries, DeliveryOutcome
from bot.deploying.runs import DeployRunner
from deploys import bearer_matches, errors, parse_ci_body, parse_event, requests_for, verify_github_signature
from deploys.github import PingEvent
from deploys.mapping import facts_of

log = structlog.get_logger(__name__)

__all__ = ["DeployIntake"]


def _unauthorized() -> web.Response:
    return web.json_response({"error": "unauthorized"}, status=401)


@dataclass(frozen=True)
class DeployIntake:
    runner: DeployRunner
    deliveries: Deliveries
    github_secret: SecretStr | None  # GITHUB_WEBHOOK_SECRET
    deploy_token: SecretStr | None  # KLEPAAS_DEPLOY_TOKEN

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/webhooks/github", self.github), web.post("/webhooks/deploy", self.deploy)]

    async def github(self, request: web.Request) -> web.Response:
        body = await request.read()
        secret = self.github_secret
        if not verify_github_signature(secret, body, request.headers.get("X-Hub-Signature-256")):
            log.warning("deploys.github_unauthorized", configured=secret is not None)
            return _unauthorized()
        name = request.headers.get("X-GitHub-Event", "")
        delivery = request.headers.get("X-GitHub-Delivery", "")
        try:
            event = parse_event(name, body, content_type=request.headers.get("Content-Type", "application/json"))
        except errors.InvalidPayload as exc:
            log.info("deploys.github_invalid", github_event=name, delivery=delivery, problems=exc.problems)
            return web.json_response({"error": "invalid payload", "problems": exc.problems}, status=400)
        if isinstance(event, PingEvent):
            log.info("deploys.github_ping", hook=event.hook_id)
            return web.json_response({"ok": True, "zen": event.zen})
        if event is None:
            log.info("deploys.github_ignored", github_event=name, delivery=delivery, reason="not an event that deploys")
            return web.json_response({"deploys": []}, status=202)
        if not delivery:
            return web.json_response({"error": "X-GitHub-Delivery is missing"}, status=400)
        facts = facts_of(event)
        repo = facts.repo if facts else None
        if not await self.deliveries.first_time(f"github:{delivery}", event=name, repo=repo):
            log.info("deploys.github_duplicate", github_event=name, delivery=delivery, repo=repo)
            return web.json_response({"duplicate": True, "deploys": []})
        mapped = requests_for(event, self.runner.rules)
        if not mapped.requests:
            log.info(
                "deploys.github_ignored", github_event=name, delivery=delivery, repo=repo, reasons=list(mapped.skipped)
            )
            await self.deliveries.settle(f"github:{delivery}", outcome=DeliveryOutcome.IGNORED, runs=[])
            return web.json_response({"deploys": [], "ignored": list(mapped.skipped)}, status=202)
        ids = [await self.runner.submit(r) for r in mapped.requests]
        await self.deliveries.settle(f"github:{delivery}", outcome=DeliveryOutcome.ACCEPTED, runs=ids)
        log.info(
            "deploys.github_accepted",
            github_event=name,
            delivery=delivery,
            repo=repo,
            deploys=ids,
            skipped=list(mapped.skipped),
        )
        return web.json_response({"deploys": ids}, status=202)

    async def deploy(self, request: web.Request) -> web.Response:
        token = self.deploy_token
        if not bearer_matches(request.headers.get("Authorization"), token):
            log.warning("deploys.ci_unauthorized", configured=token is not None)
            return _unauthorized()
        try:
            body = parse_ci_body(await request.read())
        except errors.InvalidPayload as exc:
            return web.json_response({"error": "invalid deploy request", "problems": exc.problems}, status=400)
        run_id = await self.runner.submit(body.request(self.runner.rules))
        return web.json_response({"deploy": run_id}, status=202)
