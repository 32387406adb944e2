"""
deploys/: GitHub and generic CI webhooks -> the deploys to run. Pure: no Slack, no Kubernetes.

The bot checks a request with `verify_github_signature` or `bearer_matches`,
parses it with `parse_event` or `parse_ci_body`, and turns it into
`DeployRequest`s with `requests_for` (GitHub) or `CiDeployBody.request` (any CI),
under the `DeployRules` loaded from `KLEPAAS_DEPLOYS`.
"""

from deploys import errors
from deploys.auth import bearer_matches, github_signature, verify_github_signature
from deploys.generic import CiDeployBody, parse_ci_body
from deploys.github import GitHubEvent, PingEvent, parse_event
from deploys.mapping import Facts, Mapped, facts_of, requests_for
from deploys.request import Approval, DeployRequest, Source
from deploys.rules import DeployRule, DeployRules, EventName

__all__ = [
    "Approval",
    "CiDeployBody",
    "DeployRequest",
    "DeployRule",
    "DeployRules",
    "EventName",
    "Facts",
    "GitHubEvent",
    "Mapped",
    "PingEvent",
    "Source",
    "bearer_matches",
    "errors",
    "facts_of",
    "github_signature",
    "parse_ci_body",
    "parse_event",
    "requests_for",
    "verify_github_signature",
]
