"""
Which Deployment a person meant by an app name, inside one namespace.

People type `payment`, `Payment-API` or `api` for `payment-api`. We accept, in
order: the exact name, a case- and separator-insensitive match, then a unique
prefix, then a unique suffix. Anything else is `AppNotFound` with the closest
names (difflib), or `AmbiguousApp` when several names fit equally well.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence

from kubernetes.client import V1Deployment

from cluster import errors
from cluster._kube import Kube

__all__ = ["deployment", "match"]

MAX_CANDIDATES = 5


def _folded(name: str) -> str:
    return name.casefold().replace("_", "-")


def _squashed(name: str) -> str:
    return _folded(name).replace("-", "")


def match(wanted: str, names: Iterable[str], *, namespace: str) -> str:
    """The one name in `names` that `wanted` stands for; raises `AppNotFound` otherwise."""
    names = sorted(set(names))
    if wanted in names:
        return wanted
    steps: tuple[Callable[[str], bool], ...] = (
        lambda n: _folded(n) == _folded(wanted),
        lambda n: _squashed(n) == _squashed(wanted),
        lambda n: _folded(n).startswith(_folded(wanted)),
        lambda n: _folded(n).endswith(_folded(wanted)),
    )
    for step in steps:
        found = [n for n in names if step(n)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise errors.AmbiguousApp(app=wanted, namespace=namespace, candidates=tuple(found))
    raise errors.AppNotFound(app=wanted, namespace=namespace, candidates=_closest(wanted, names))


def _closest(wanted: str, names: Sequence[str]) -> tuple[str, ...]:
    by_folded = {_folded(n): n for n in names}
    close = difflib.get_close_matches(_folded(wanted), list(by_folded), n=MAX_CANDIDATES, cutoff=0.5)
    contained = [n for n in names if _folded(wanted) in _folded(n) and n not in close]
    return tuple(dict.fromkeys([by_folded[c] for c in close] + contained))[:MAX_CANDIDATES]


async def deployment(kube: Kube, app: str, namespace: str) -> V1Deployment:
    """Read the Deployment `app` stands for: by its exact name, else by matching the names."""
    try:
        return await kube.call(kube.apps.read_namespaced_deployment, app, namespace)
    except errors.NotFound:
        pass  # not an exact name: look at what there is
    listed = await kube.call(kube.apps.list_namespaced_deployment, namespace)
    name = match(app, (d.metadata.name for d in listed.items), namespace=namespace)
    return next(d for d in listed.items if d.metadata.name == name)
