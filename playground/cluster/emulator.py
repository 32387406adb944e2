"""
The Kubernetes API server of the playground and the tests: kmock's emulator with the
API-server semantics klepaas depends on.

`KubeEmulator` extends kmock's `KubernetesEmulator` with what the plain emulator
leaves out: strategic merge of `containers` by name, JSON patch, `?dryRun=All`
(nothing is stored), `metadata.generation` bumps on spec changes, the `scale`
and `log` subresources, and label/field selectors on lists. These run as
fallback reactions, so a test's own reaction (`kmock['patch', ...] << 403`)
still wins and then nothing changes, as with a refusing API server.

NB: this extends kmock's internals (`_internal.apps`, `_internal.enums`, `fallback`, `_requests`),
so pyproject pins kmock to the minor version it was written against.

Tests use it through the `kmock_options` override in a conftest:
    @pytest.fixture
    def kmock_options(kmock_options): return {**kmock_options, "cls": KubeEmulator}
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import aiohttp.web
import kmock
from kmock._internal import apps as kmock_apps
from kmock._internal import enums as kmock_enums
from kmock._internal import rendering as kmock_rendering

from cluster import Cluster
from playground.cluster.resources import NAMESPACES

__all__ = ["KubeEmulator", "cluster_for", "forbidden", "requests_of"]


def _strategic_merge(old: Any, patch: Any) -> Any:
    """Strategic merge for what we send: dicts merge, `containers` lists merge by `name`."""
    if isinstance(old, dict) and isinstance(patch, dict):
        merged = dict(old)
        for key, value in patch.items():
            if value is None:
                merged.pop(key, None)
            elif key in ("containers", "initContainers") and isinstance(value, list):
                by_name = {c["name"]: c for c in old.get(key, [])}
                order = [c["name"] for c in old.get(key, [])]
                for item in value:
                    by_name[item["name"]] = _strategic_merge(by_name.get(item["name"], {}), item)
                    if item["name"] not in order:
                        order.append(item["name"])
                merged[key] = [by_name[n] for n in order]
            else:
                merged[key] = _strategic_merge(old.get(key), value)
        return merged
    return copy.deepcopy(patch)


def _selected(labels: dict[str, str], selector: str) -> bool:
    """Equality-based label selectors (`a=b,c!=d,e`), which is all klepaas sends."""
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if "!=" in term:
            key, value = term.split("!=", 1)
            if labels.get(key) == value:
                return False
        elif "=" in term:
            key, value = term.split("=", 1)
            if labels.get(key.rstrip("=")) != value:
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def _field(obj: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        obj = obj.get(part, {}) if isinstance(obj, dict) else {}
    return obj if obj != {} else None


def _fields_selected(obj: dict[str, Any], selector: str) -> bool:
    for term in filter(None, (t.strip() for t in selector.split(","))):
        key, _, value = term.partition("=")
        if str(_field(obj, key.rstrip("=!"))) != value:
            return False
    return True


def _scale_of(deployment: dict[str, Any]) -> dict[str, Any]:
    meta = deployment["metadata"]
    labels = deployment.get("spec", {}).get("selector", {}).get("matchLabels", {})
    return {
        "apiVersion": "autoscaling/v1",
        "kind": "Scale",
        "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion", "generation") if k in meta},
        "spec": {"replicas": deployment.get("spec", {}).get("replicas", 1)},
        "status": {
            "replicas": deployment.get("status", {}).get("replicas", 0),
            "selector": ",".join(f"{k}={v}" for k, v in labels.items()),
        },
    }


class KubeEmulator(kmock.KubernetesEmulator):
    """kmock's emulator with the API-server semantics klepaas depends on (see module doc)."""

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        # (pod namespace, pod name, container, previous) -> log text
        self.pod_logs: dict[tuple[str, str, str, bool], str] = {}
        ours = self.fallback**1  # above the emulator's own fallbacks, below any test reaction
        ours[kmock_enums.action.UPDATE] << self._serve_patch
        ours[kmock_enums.action.LIST] << self._serve_selected_list
        ours[kmock_enums.action.FETCH, kmock.subresource("scale")] << self._serve_scale
        ours[kmock_enums.action.FETCH, kmock.subresource("log")] << self._serve_log
        # The official client asks for `/version/`; kmock serves only `/version`.
        ours["get /version/"] << self._serve_server_version

    async def __call__(self, raw_request: aiohttp.web.BaseRequest) -> aiohttp.web.StreamResponse:
        # NB: kmock 0.8 cannot parse `/api/v1/namespaces` (it reads "namespaces" as the namespace
        # prefix and fails), so the namespace list is served here, and still recorded.
        if raw_request.method == "GET" and raw_request.path.rstrip("/") == "/api/v1/namespaces":
            await raw_request.read()
            self._requests.append(
                kmock.Request(
                    id=len(self._requests),
                    method="GET",
                    url=raw_request.url,
                    params=dict(raw_request.query),
                    headers=dict(raw_request.headers),
                    action=kmock_enums.action.LIST,
                    resource=kmock.resource(NAMESPACES),
                )
            )
            items = [
                obj.raw
                for (resource, _, _), obj in self.objects.items()
                if resource == kmock.resource(NAMESPACES) and not obj.deleted
            ]
            items.sort(key=lambda i: i["metadata"]["name"])
            return aiohttp.web.json_response(
                {
                    "kind": "NamespaceList",
                    "apiVersion": "v1",
                    "metadata": {"resourceVersion": "1"},
                    "items": items,
                }
            )
        return await super().__call__(raw_request)

    async def _handle(self, request: kmock.Request) -> Any:
        if request.action == kmock_enums.action.UPDATE:
            # The emulator would merge-patch the state before any reaction runs; ours do it instead.
            return await kmock_apps.RawHandler._handle(self, request)
        return await super()._handle(request)

    def _find(self, request: kmock.Request) -> kmock.Object:
        for (resource, namespace, name), obj in self.objects.items():
            same = resource == request.resource and namespace == request.namespace and name == request.name
            if same and not obj.deleted:
                return obj
        raise kmock.KubernetesObjectNotFoundError()

    async def _serve_patch(self, request: kmock.Request) -> Any:
        obj = self._find(request)
        old = copy.deepcopy(obj.raw)
        content_type = request.headers.get("Content-Type", "")
        body = request.data
        if request.subresource == "scale":
            body = {"spec": {"replicas": body["spec"]["replicas"]}}
        if "json-patch" in content_type:
            import jsonpatch

            new = jsonpatch.apply_patch(old, body)
        elif "strategic-merge-patch" in content_type:
            new = _strategic_merge(old, body)
        else:
            new = kmock.Object(old)
            new.patch(body)
            new = new.raw
        if new.get("spec") != old.get("spec"):
            new.setdefault("metadata", {})["generation"] = old.get("metadata", {}).get("generation", 1) + 1
        _record_manager(new, request.params.get("fieldManager"), body, request.subresource)
        if request.params.get("dryRun") != "All":
            obj.history.append(new)
        return _scale_of(new) if request.subresource == "scale" else new

    async def _serve_scale(self, request: kmock.Request) -> Any:
        return _scale_of(self._find(request).raw)

    async def _serve_log(self, request: kmock.Request) -> Any:
        self._find(request)
        container = request.params.get("container", "")
        previous = request.params.get("previous") == "true"
        key = (request.namespace, request.name, container, previous)
        if key not in self.pod_logs:
            what = "previous terminated container" if previous else "container"
            raise kmock.KubernetesError(
                400,
                "BadRequest",
                f'{what} "{container}" in pod "{request.name}" not found',
            )
        lines = self.pod_logs[key].splitlines(keepends=True)
        if "tailLines" in request.params:
            lines = lines[-int(request.params["tailLines"]) :] if int(request.params["tailLines"]) else []
        return kmock_rendering.Response(headers={"Content-Type": "text/plain"}, payload="".join(lines).encode())

    async def _serve_selected_list(self, request: kmock.Request) -> Any:
        labels = request.params.get("labelSelector", "")
        fields = request.params.get("fieldSelector", "")
        items = [
            obj.raw
            for (resource, namespace, _), obj in self.objects.items()
            if resource == request.resource and not obj.deleted
            if request.namespace is None or namespace == request.namespace
        ]
        items = [
            i
            for i in items
            if _selected(i.get("metadata", {}).get("labels", {}) or {}, labels) and _fields_selected(i, fields)
        ]
        items.sort(key=lambda i: i["metadata"]["name"])
        return {
            "kind": "List",
            "apiVersion": "v1",
            "metadata": {"resourceVersion": "1"},
            "items": items,
        }


def _fields_v1(body: Any) -> dict[str, Any]:
    """managedFields' FieldsV1 for a patch body, roughly: the dict keys it sets, as `f:` keys."""
    if isinstance(body, list):  # JSON patch: the paths it replaces
        fields: dict[str, Any] = {}
        for op in body:
            target = fields
            for part in str(op.get("path", "")).strip("/").split("/"):
                target = target.setdefault(f"f:{part}", {})
        return fields
    if isinstance(body, dict):
        return {f"f:{k}": _fields_v1(v) for k, v in body.items()}
    return {}


def _record_manager(obj: dict[str, Any], manager: str | None, body: Any, subresource: str | None) -> None:
    """Who wrote what, as kube-apiserver keeps it in metadata.managedFields (one entry per manager)."""
    entries = [e for e in obj.setdefault("metadata", {}).get("managedFields", []) if e.get("manager") != manager]
    entry = {
        "manager": manager or "unknown",
        "operation": "Update",
        "apiVersion": "apps/v1",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "fieldsType": "FieldsV1",
        "fieldsV1": _fields_v1(body),
    }
    if subresource:
        entry["subresource"] = subresource
    obj["metadata"]["managedFields"] = [*entries, entry]


def forbidden(
    verb: str, resource: str, namespace: str, *, group: str = "apps", name: str = ""
) -> kmock.KubernetesError:
    """The 403 kube-apiserver sends when RBAC denies `verb` (PROTOCOLS.md §10)."""
    plain = resource.split("/")[0]
    message = (
        f'{plain}{"." + group if group else ""} "{name}" is forbidden: User '
        f'"system:serviceaccount:{namespace}:klepaas" cannot {verb} resource "{resource}"'
        f'{f" in API group {json.dumps(group)}" if group else ""} in the namespace "{namespace}"'
    )
    return kmock.KubernetesError(403, "Forbidden", message, {"name": name, "group": group, "kind": plain})


def requests_of(emulator: kmock.KubernetesEmulator) -> list[str]:
    """`METHOD /path?query` of every request the emulator received, in order."""
    return [f"{r.method.value.upper()} {r.url.path_qs}" for r in emulator]


def cluster_for(emulator: kmock.KubernetesEmulator, **options: Any) -> Cluster:
    """A `Cluster` on the official client, pointed at the emulator (no retries: fail fast)."""
    from kubernetes import client

    configuration = client.Configuration(host=str(emulator.url).rstrip("/"))
    configuration.retries = False
    options.setdefault("default_namespace", "default")
    return Cluster(client.ApiClient(configuration), **options)
