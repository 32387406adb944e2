"""
Prometheus metrics, all on a registry the composition root passes in (tests use
a fresh CollectorRegistry each, so no state leaks between them).
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from bot.infra.redaction_metrics import RedactionCollector

_ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
_ROLLOUT_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0)


@dataclass(frozen=True)
class Metrics:
    registry: CollectorRegistry
    requests: Counter
    ack_seconds: Histogram
    commands: Counter
    slack_calls: Counter
    alerts: Counter
    leases_lost: Counter
    leader: Gauge
    deploys: Counter
    deploy_rollout_seconds: Histogram
    enrichment_seconds: Histogram
    enrichments: Counter
    uploads: Counter
    graph_render_seconds: Histogram

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> Metrics:
        registry = registry if registry is not None else CollectorRegistry()
        registry.register(RedactionCollector())
        return cls(
            registry=registry,
            requests=Counter(
                "klepaas_requests_total",
                "HTTP requests received, by route and status",
                ["route", "status"],
                registry=registry,
            ),
            ack_seconds=Histogram(
                "klepaas_slack_ack_seconds",
                "Time from a Slack request's arrival to its HTTP answer (the ack)",
                ["kind"],
                buckets=_ACK_BUCKETS,
                registry=registry,
            ),
            commands=Counter(
                "klepaas_commands_total",
                "Commands handled, by intent and outcome",
                ["intent", "outcome"],
                registry=registry,
            ),
            slack_calls=Counter(
                "klepaas_slack_api_calls_total",
                "Slack Web API calls, by method and outcome",
                ["method", "outcome"],
                registry=registry,
            ),
            alerts=Counter(
                "klepaas_alert_notifications_total",
                "Alertmanager notifications received, by outcome",
                ["outcome"],
                registry=registry,
            ),
            leases_lost=Counter(
                "klepaas_leases_lost_total",
                "Work whose lease ran out before it was settled (another replica may have done it too), by kind",
                ["kind"],
                registry=registry,
            ),
            leader=Gauge(
                "klepaas_leader",
                "1 while this replica holds the leader lease (singleton background work)",
                registry=registry,
            ),
            deploys=Counter(
                "klepaas_deploys_total",
                "Deploys from CI and the deploy webhook, by source (workflow_run, push, ci, ...) and outcome",
                ["source", "outcome"],
                registry=registry,
            ),
            deploy_rollout_seconds=Histogram(
                "klepaas_deploy_rollout_seconds",
                "Time from a deploy's change to its rollout's end, by outcome",
                ["outcome"],
                buckets=_ROLLOUT_BUCKETS,
                registry=registry,
            ),
            enrichment_seconds=Histogram(
                "klepaas_alert_enrichment_seconds",
                "Time from planning a new alert thread to its likely-cause reply being queued, by outcome",
                ["outcome"],
                buckets=_ACK_BUCKETS,
                registry=registry,
            ),
            enrichments=Counter(
                "klepaas_alert_enrichments_total",
                "Likely-cause replies, by outcome (found, nothing, no_workload, failed, claimed_elsewhere)",
                ["outcome"],
                registry=registry,
            ),
            uploads=Counter(
                "klepaas_slack_uploads_total",
                "Files uploaded to Slack (logs, graphs), by kind and outcome",
                ["kind", "outcome"],
                registry=registry,
            ),
            graph_render_seconds=Histogram(
                "klepaas_graph_render_seconds",
                "Time to draw one chart (PNG), by kind (alert, usage)",
                ["kind"],
                buckets=_ACK_BUCKETS,
                registry=registry,
            ),
        )
