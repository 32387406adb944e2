"""
A GitHub event and the deploy rules -> the deploys to run.

Each event is first reduced to `Facts` (branch, sha, tag, who, where to read
more); each rule for the repository then either yields a `DeployRequest` or a
reason it did not, so the bot can log why an event deployed nothing. Only the
actions that mean "a build is ready" count: a workflow run completed with
success, a push that did not delete the ref, a published release (not a
draft), a published container package with a tag, a created deployment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from deploys import github
from deploys.request import DeployRequest, Source
from deploys.rules import IMAGE, DeployRule, DeployRules, EventName

__all__ = ["Facts", "Mapped", "facts_of", "requests_for"]

_SHA = re.compile(r"[0-9a-f]{40}")  # with fullmatch: a whole sha, nothing after it
_ZERO_SHA = "0" * 40


@dataclass(frozen=True, slots=True)
class Facts:
    """What one event says about a build, in the terms the rules use."""

    event: EventName
    repo: str
    ready: bool  # the event means a build is ready to deploy
    why_not: str = ""  # when not ready
    branch: str | None = None
    sha: str | None = None
    tag: str | None = None
    digest: str | None = None
    workflow: str | None = None
    environment: str | None = None
    author: str | None = None
    url: str | None = None
    message: str | None = None

    def values(self) -> dict[str, str]:
        return {
            "sha": self.sha or "",
            "short_sha": (self.sha or "")[:7],
            "tag": self.tag or "",
            "digest": self.digest or "",
        }


@dataclass(frozen=True, slots=True)
class Mapped:
    """The deploys an event asks for, and why the other rules (or the event) asked for none."""

    requests: tuple[DeployRequest, ...]
    skipped: tuple[str, ...] = ()


def _first_line(text: str | None) -> str | None:
    return text.strip().splitlines()[0][:200] if text and text.strip() else None


def _login(account: github.Account | None) -> str | None:
    return account.login if account else None


def _workflow_run(e: github.WorkflowRunEvent) -> Facts:
    run = e.workflow_run
    ready = e.action == "completed" and run.conclusion == "success"
    return Facts(
        event=EventName.WORKFLOW_RUN,
        repo=e.repository.full_name,
        ready=ready,
        why_not=""
        if ready
        else f"workflow run is {e.action}/{run.conclusion or 'no conclusion'}, not completed/success",
        branch=run.head_branch,
        sha=run.head_sha,
        workflow=(e.workflow.name if e.workflow and e.workflow.name else None) or run.name,
        author=_login(run.actor) or _login(e.sender),
        url=run.html_url,
        message=_first_line(run.head_commit.message if run.head_commit else None),
    )


def _push(e: github.PushEvent) -> Facts:
    deleted = e.deleted or e.after == _ZERO_SHA
    return Facts(
        event=EventName.PUSH,
        repo=e.repository.full_name,
        ready=not deleted,
        why_not="the push deleted the ref" if deleted else "",
        branch=e.branch,
        tag=e.tag,
        sha=None if deleted else e.after,
        author=_login(e.sender) or (e.pusher.name if e.pusher else None),
        url=(e.head_commit.url if e.head_commit else None) or e.compare,
        message=_first_line(e.head_commit.message if e.head_commit else None),
    )


def _release(e: github.ReleaseEvent) -> Facts:
    r = e.release
    ready = e.action == "published" and not r.draft
    target = r.target_commitish or ""
    return Facts(
        event=EventName.RELEASE,
        repo=e.repository.full_name,
        ready=ready,
        why_not="" if ready else f"release action is {e.action}, not published",
        tag=r.tag_name,
        sha=target if _SHA.fullmatch(target) else None,
        author=_login(r.author) or _login(e.sender),
        url=r.html_url,
        message=_first_line(r.name) or r.tag_name,
    )


def _registry_package(e: github.RegistryPackageEvent) -> Facts:
    package = e.registry_package
    version = package.package_version
    tag = version.container_metadata.tag if version and version.container_metadata else None
    if e.action != "published":
        why = f"package action is {e.action}, not published"
    elif not package.is_container:
        why = f"package {package.name} is not a container image"
    elif tag is None or not tag.name:
        # NB: GitHub sends one event per manifest; a multi-arch image's platform manifests have no tag.
        why = "package version has no tag (a platform manifest of a multi-arch image)"
    else:
        why = ""
    return Facts(
        event=EventName.REGISTRY_PACKAGE,
        repo=e.repository.full_name,
        ready=not why,
        why_not=why,
        tag=tag.name if tag else None,
        digest=(tag.digest if tag and tag.digest else None) or (version.version if version else None),
        author=_login(e.sender),
        url=(version.html_url if version else None) or package.html_url,
        message=f"{package.name}:{tag.name}" if tag and tag.name else package.name,
    )


def _deployment(e: github.DeploymentEvent) -> Facts:
    d = e.deployment
    ready = e.action == "created"
    return Facts(
        event=EventName.DEPLOYMENT,
        repo=e.repository.full_name,
        ready=ready,
        why_not="" if ready else f"deployment action is {e.action}, not created",
        branch=d.ref.removeprefix("refs/heads/"),
        sha=d.sha,
        environment=d.environment,
        author=_login(d.creator) or _login(e.sender),
        url=(e.repository.html_url + "/deployments") if e.repository.html_url else None,
        message=_first_line(d.description),
    )


def facts_of(event: github.GitHubEvent) -> Facts | None:
    """The facts of an event that can deploy; None for ping."""
    match event:
        case github.WorkflowRunEvent():
            return _workflow_run(event)
        case github.PushEvent():
            return _push(event)
        case github.ReleaseEvent():
            return _release(event)
        case github.RegistryPackageEvent():
            return _registry_package(event)
        case github.DeploymentEvent():
            return _deployment(event)
    return None


def _why_rule_skips(rule: DeployRule, facts: Facts) -> str | None:
    branched = facts.event in (EventName.PUSH, EventName.WORKFLOW_RUN, EventName.DEPLOYMENT)
    if rule.branch is not None and branched and facts.branch != rule.branch:
        return f"branch {facts.branch or '(a tag)'} is not {rule.branch}"
    if rule.workflow is not None and facts.event is EventName.WORKFLOW_RUN and facts.workflow != rule.workflow:
        return f"workflow {facts.workflow!r} is not {rule.workflow!r}"
    if rule.environment is not None and facts.event is EventName.DEPLOYMENT and facts.environment != rule.environment:
        return f"environment {facts.environment!r} is not {rule.environment!r}"
    return None


def _request(rule: DeployRule, facts: Facts, deploy_rules: DeployRules) -> DeployRequest | str:
    if (why := _why_rule_skips(rule, facts)) is not None:
        return why
    image = rule.fill(facts.values())
    if image is None:
        return f"image {rule.image} needs a value this {facts.event.value} event does not give"
    if not IMAGE.fullmatch(image):
        return f"image {image[:80]!r} is not an image reference"
    request = DeployRequest(
        app=rule.app,
        namespace=rule.namespace,
        image=image,
        source=Source(facts.event.value),
        repo=facts.repo,
        container=rule.container,
        channel=rule.channel or deploy_rules.default_channel,
        commit=facts.sha,
        author=facts.author,
        author_slack=deploy_rules.slack_user(facts.author),
        url=facts.url,
        message=facts.message,
        approval=rule.approval,
        two_person=rule.two_person,
    )
    try:
        request.command()
    except ValidationError:
        return f"image {image[:80]!r} is not accepted as a deploy"
    return request


def requests_for(event: github.GitHubEvent, deploy_rules: DeployRules) -> Mapped:
    """The deploys this event asks for under these rules (none for ping or an unmapped repo)."""
    facts = facts_of(event)
    if facts is None:
        return Mapped(requests=(), skipped=("not a deploy event",))
    matching = deploy_rules.for_repo(facts.repo, facts.event)
    if not matching:
        return Mapped(requests=(), skipped=(f"no deploy rule for {facts.repo} on {facts.event.value}",))
    if not facts.ready:
        return Mapped(requests=(), skipped=(facts.why_not,))
    requests: list[DeployRequest] = []
    skipped: list[str] = []
    for rule in matching:
        outcome = _request(rule, facts, deploy_rules)
        if isinstance(outcome, DeployRequest):
            requests.append(outcome)
        else:
            skipped.append(f"{rule.app}: {outcome}")
    return Mapped(requests=tuple(requests), skipped=tuple(skipped))
