"""
The `deploy` intent: set the image of the app's container.

People often give only a tag (`1.27`, `:1.27`, `@sha256:…`): that keeps the
container's current repository. A strategic-merge patch names the container,
because the API merges the containers list by name.
"""

from __future__ import annotations

from kubernetes.client import V1Deployment

from cluster import errors, progress
from cluster._kube import Kube
from cluster.changes import ChangeApplied, ChangePlan
from intents.command import Intent

__all__ = ["apply", "choose_container", "plan", "reference", "repository"]


def repository(image: str) -> str:
    """`ghcr.io:443/acme/api:1.4@sha256:…` -> `ghcr.io:443/acme/api` (a registry port is not a tag)."""
    name = image.split("@", 1)[0]
    colon, slash = name.rfind(":"), name.rfind("/")
    return name[:colon] if colon > slash else name


def reference(current: str, given: str) -> str:
    """The full image reference `given` means for a container now running `current`.

    `:1.27` and `@sha256:…` keep the repository. So does a bare token like `1.27`
    or `canary` (no `/`, `:` or `@`), unless it is the repository's own last name
    (`nginx` for `nginx:1.25`), which means that image without a tag.
    """
    repo = repository(current)
    if given.startswith((":", "@")):
        return repo + given
    if not any(sep in given for sep in "/:@") and given != repo.rsplit("/", 1)[-1]:
        return f"{repo}:{given}"
    return given


def choose_container(deployment: V1Deployment, given: str, container: str | None) -> str:
    """The named container; the only one; or the one already running `given`'s repository."""
    containers = deployment.spec.template.spec.containers
    names: tuple[str, ...] = tuple(c.name for c in containers)
    if container is not None:
        if container not in names:
            raise errors.ContainerNotFound(container=container, containers=names)
        return container
    if len(containers) == 1:
        return names[0]
    if any(sep in given for sep in "/:@") and not given.startswith((":", "@")):
        same_repo: list[str] = [c.name for c in containers if repository(c.image) == repository(given)]
        if len(same_repo) == 1:
            return same_repo[0]
    raise errors.AmbiguousContainer(containers=names)


def _body(container: str, image: str) -> dict[str, object]:
    return {"spec": {"template": {"spec": {"containers": [{"name": container, "image": image}]}}}}


def _image_of(deployment: V1Deployment, container: str) -> str:
    containers = deployment.spec.template.spec.containers
    for c in containers:
        if c.name == container:
            image: str = c.image
            return image
    raise errors.ContainerNotFound(container=container, containers=tuple(c.name for c in containers))


async def plan(kube: Kube, deployment: V1Deployment, given: str, *, container: str | None = None) -> ChangePlan:
    """Work out the container and the full reference, and dry-run the change."""
    chosen = choose_container(deployment, given, container)
    current = _image_of(deployment, chosen)
    target = reference(current, given)
    if target != current:
        await kube.patch_deployment(deployment, _body(chosen, target), dry_run=True)
    return ChangePlan(
        intent=Intent.DEPLOY,
        app=deployment.metadata.name,
        namespace=deployment.metadata.namespace,
        revision_from=progress.revision_of(deployment.metadata.annotations),
        container=chosen,
        image_from=current,
        image_to=target,
        noop=target == current,
    )


async def apply(kube: Kube, deployment: V1Deployment, change: ChangePlan) -> ChangeApplied:
    """Set the plan's image on the plan's container."""
    assert change.container is not None and change.image_to is not None, "a deploy plan names both"
    before = _image_of(deployment, change.container)
    generation = deployment.metadata.generation
    if before != change.image_to:
        patched = await kube.patch_deployment(deployment, _body(change.container, change.image_to), dry_run=False)
        generation = patched.metadata.generation
    return ChangeApplied(
        plan=change,
        revision_before=progress.revision_of(deployment.metadata.annotations),
        image_before=before,
        generation=generation,
    )
