"""
What cluster/ reports when it cannot do what a Command asks.

Only this package sees the kubernetes client's `ApiException` and urllib3's
errors: `translated()` turns them into this tree at the one boundary where
client calls happen (`cluster/_kube.py`), and chains the original with `from`,
so it stays available as `__cause__` for logs but never leaks as a type.

Errors carry fields, not prose: `bot/` writes the sentence in the user's
language (STYLE.md §9).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pydantic

if TYPE_CHECKING:  # NB: the client loads in translated(): the bot imports this tree without a cluster too
    from kubernetes.client.exceptions import ApiException

# NB: eq=False on every error keeps exceptions hashable (traceback and logging code may put them in sets).

__all__ = [
    "AmbiguousApp",
    "AmbiguousContainer",
    "AppNotFound",
    "ClusterError",
    "Conflict",
    "ContainerNotFound",
    "Deadline",
    "Forbidden",
    "Invalid",
    "Malformed",
    "MissingArgument",
    "NoPods",
    "NoRevision",
    "NotFound",
    "Paused",
    "Timeout",
    "Unconfigured",
    "Unreachable",
    "translated",
]


@dataclass(eq=False)
class ClusterError(Exception):
    """Anything cluster/ reports; the client's exception, if any, is `__cause__`."""

    def __post_init__(self) -> None:
        super().__init__(*(getattr(self, f.name) for f in dataclasses.fields(self)))

    def __str__(self) -> str:
        fields = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self))
        return f"{type(self).__name__}({fields})"


@dataclass(eq=False)
class NotFound(ClusterError):
    """The API answered 404 for an object (kind and name when the Status told them)."""

    kind: str | None = None
    name: str | None = None


@dataclass(eq=False)
class AppNotFound(ClusterError):
    """No Deployment in `namespace` matches `app`; `candidates` are the closest names."""

    app: str
    namespace: str
    candidates: tuple[str, ...] = ()


@dataclass(eq=False)
class AmbiguousApp(AppNotFound):
    """`app` matches several Deployments equally well; `candidates` are all of them."""


@dataclass(eq=False)
class Forbidden(ClusterError):
    """403: the bot's ServiceAccount lacks `verb` on `resource` (e.g. `deployments/scale`)."""

    verb: str | None = None
    resource: str | None = None
    group: str | None = None
    namespace: str | None = None


@dataclass(eq=False)
class Conflict(ClusterError):
    """409: someone else changed the object in between; retrying usually works."""

    kind: str | None = None
    name: str | None = None


@dataclass(eq=False)
class Invalid(ClusterError):
    """422 (or 400): the API refused the change; `message` is the server's own explanation."""

    message: str
    causes: tuple[str, ...] = ()


@dataclass(eq=False)
class Unreachable(ClusterError):
    """No answer from the API server: connection refused, DNS failure, TLS failure."""

    reason: str


@dataclass(eq=False)
class Unconfigured(ClusterError):
    """No usable in-cluster or kubeconfig credentials (`reason` names the problem, not secrets)."""

    reason: str


@dataclass(eq=False)
class Malformed(ClusterError):
    """The API's answer did not fit the client's model (e.g. a required field was missing)."""

    model: str | None = None


@dataclass(eq=False)
class Timeout(ClusterError):
    """The API server did not answer within the request timeout (seconds)."""

    seconds: float | None = None


@dataclass(eq=False)
class Deadline(Timeout):
    """The command's whole time budget (`seconds`, every request included) ran out.

    A `Timeout` too, so whoever handles a slow API server handles this one.
    """


@dataclass(eq=False)
class NoRevision(ClusterError):
    """Rollback target `revision` (None = the previous one) is not in the history `available`."""

    revision: int | None
    available: tuple[int, ...] = ()


@dataclass(eq=False)
class Paused(ClusterError):
    """The Deployment is paused: kubectl refuses restart and undo until `rollout resume`."""

    app: str
    namespace: str


@dataclass(eq=False)
class AmbiguousContainer(ClusterError):
    """The pod template has several containers and nothing says which one is meant."""

    containers: tuple[str, ...]


@dataclass(eq=False)
class ContainerNotFound(ClusterError):
    """The named container is not one of the app's `containers`."""

    container: str
    containers: tuple[str, ...]


@dataclass(eq=False)
class NoPods(ClusterError):
    """The app has no pods to read logs from (scaled to zero, or not scheduled yet)."""

    app: str
    namespace: str


@dataclass(eq=False)
class MissingArgument(ClusterError):
    """The Command lacks a value its intent needs (e.g. `replicas` for scale)."""

    intent: str
    argument: str


# kube-apiserver's RBAC denial, e.g.:
# deployments.apps "api" is forbidden: User "system:serviceaccount:shop:bot" cannot patch
# resource "deployments" in API group "apps" in the namespace "shop"
_FORBIDDEN = re.compile(
    r'cannot (?P<verb>[\w-]+) resource "(?P<resource>[^"]+)"'
    r'(?: in API group "(?P<group>[^"]*)")?'
    r'(?: in the namespace "(?P<namespace>[^"]+)")?'
)


def _status(exc: ApiException) -> dict[str, object]:
    """The JSON `Status` body of an API error, or an empty dict when there is none."""
    try:
        body = json.loads(exc.body) if exc.body else {}
    except (TypeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def from_api_exception(exc: ApiException) -> ClusterError:
    """Map an `ApiException` to our tree by its HTTP status, keeping the Status's fields."""
    status = _status(exc)
    details = status.get("details") if isinstance(status.get("details"), dict) else {}
    assert isinstance(details, dict)
    message = str(status.get("message") or exc.reason or "")
    kind, name = details.get("kind"), details.get("name")
    match exc.status:
        case 403:
            found = _FORBIDDEN.search(message)
            return Forbidden(**found.groupdict()) if found else Forbidden(resource=kind)
        case 404:
            return NotFound(kind=kind, name=name)
        case 409:
            return Conflict(kind=kind, name=name)
        case 400 | 422:
            causes = details.get("causes")
            return Invalid(message=message, causes=_causes(causes if isinstance(causes, list) else []))
        case 0:  # the client's own failures, e.g. TLS: there was no HTTP answer at all
            return Unreachable(reason=str(exc.reason))
        case 504:
            return Timeout()
        case _:
            return ClusterError()


def _causes(causes: Sequence[object]) -> tuple[str, ...]:
    return tuple(
        f"{cause.get('field', '')}: {cause.get('message', '')}".strip(": ")
        for cause in causes
        if isinstance(cause, dict)
    )


def _is_timeout(exc: BaseException | None) -> bool:
    import urllib3.exceptions

    # NB: urllib3's NewConnectionError (refused, DNS) subclasses ConnectTimeoutError: not a timeout.
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return False
    return isinstance(exc, (TimeoutError, urllib3.exceptions.TimeoutError))


@contextlib.contextmanager
def translated(*, timeout: float | None = None) -> Iterator[None]:
    """Re-raise client and transport errors as `ClusterError`s, chained with `from`."""
    import urllib3.exceptions
    from kubernetes.client.exceptions import ApiException

    try:
        yield
    except ApiException as exc:
        raise from_api_exception(exc) from exc
    except pydantic.ValidationError as exc:
        raise Malformed(model=exc.title) from exc
    except urllib3.exceptions.MaxRetryError as exc:
        if _is_timeout(exc.reason):
            raise Timeout(seconds=timeout) from exc
        raise Unreachable(reason=type(exc.reason).__name__ if exc.reason else "MaxRetryError") from exc
    except (urllib3.exceptions.HTTPError, ConnectionError, TimeoutError) as exc:
        if _is_timeout(exc):
            raise Timeout(seconds=timeout) from exc
        raise Unreachable(reason=type(exc).__name__) from exc
