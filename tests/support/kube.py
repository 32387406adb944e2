"""
A kmock Kubernetes API that behaves enough like kube-apiserver for klepaas,
and functions that seed it with realistic objects.

`KubeEmulator` extends kmock's `KubernetesEmulator` with what the plain emulator
leaves out: strategic merge of `containers` by name, JSON patch, `?dryRun=All`
(nothing is stored), `metadata.generation` bumps on spec changes, the `scale`
and `log` subresources, and label/field selectors on lists. These run as
fallback reactions, so a test's own reaction (`kmock['patch', ...] << 403`)
still wins and then nothing changes, as with a refusing API server.

`roll()` is a tiny Deployment controller step: tests call it to make a rollout
progress, complete or fail.

Use it through the `kmock_options` override in a conftest:
    @pytest.fixture
    def kmock_options(kmock_options): return {**kmock_options, "cls": KubeEmulator}
"""
from __future__ import annotations

import copy
import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp.web
import kmock
from kmock._internal import apps as kmock_apps
from kmock._internal import enums as kmock_enums

from cluster import Cluster

DEPLOYMENTS = "apps/v1/deployments"
REPLICASETS = "apps/v1/replicasets"
PODS = "v1/pods"
SERVICES = "v1/services"
INGRESSES = "networking.k8s.io/v1/ingresses"
EVENTS = "v1/events"
NAMESPACES = "v1/namespaces"
REVISION = "deployment.kubernetes.io/revision"
NOW = datetime.now(UTC).replace(microsecond=0)


def stamp(ago: timedelta = timedelta(0)) -> str:
    return (NOW - ago).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# The emulator
# ---------------------------------------------------------------------------------------------


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
        ours = self.fallback ** 1  # above the emulator's own fallbacks, below any test reaction
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
            self._requests.append(kmock.Request(
                id=len(self._requests), method="GET", url=raw_request.url, params=dict(raw_request.query),
                headers=dict(raw_request.headers), action=kmock_enums.action.LIST,
                resource=kmock.resource(NAMESPACES),
            ))
            items = [obj.raw for (resource, _, _), obj in self.objects.items()
                     if resource == kmock.resource(NAMESPACES) and not obj.deleted]
            items.sort(key=lambda i: i["metadata"]["name"])
            return aiohttp.web.json_response({"kind": "NamespaceList", "apiVersion": "v1",
                                              "metadata": {"resourceVersion": "1"}, "items": items})
        return await super().__call__(raw_request)

    async def _handle(self, request: kmock.Request) -> Any:
        if request.action == kmock_enums.action.UPDATE:
            # The emulator would merge-patch the state before any reaction runs; ours do it instead.
            return await kmock_apps.RawHandler._handle(self, request)
        return await super()._handle(request)

    def _find(self, request: kmock.Request) -> kmock.Object:
        for (resource, namespace, name), obj in self.objects.items():
            if resource == request.resource and namespace == request.namespace and name == request.name:
                if not obj.deleted:
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
            raise kmock.KubernetesError(400, "BadRequest", f'{what} "{container}" in pod "{request.name}" not found')
        lines = self.pod_logs[key].splitlines(keepends=True)
        if "tailLines" in request.params:
            lines = lines[-int(request.params["tailLines"]) :] if int(request.params["tailLines"]) else []
        return kmock.Response(headers={"Content-Type": "text/plain"}, payload="".join(lines).encode())

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
        return {"kind": "List", "apiVersion": "v1", "metadata": {"resourceVersion": "1"}, "items": items}


def forbidden(verb: str, resource: str, namespace: str, *, group: str = "apps", name: str = "") -> kmock.KubernetesError:
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


# ---------------------------------------------------------------------------------------------
# Seeding
# ---------------------------------------------------------------------------------------------


def cluster_for(emulator: kmock.KubernetesEmulator, **options: Any) -> Cluster:
    """A `Cluster` on the official client, pointed at the emulator (no retries: fail fast)."""
    from kubernetes import client

    configuration = client.Configuration(host=str(emulator.url).rstrip("/"))
    configuration.retries = False
    options.setdefault("default_namespace", "default")
    return Cluster(client.ApiClient(configuration), **options)


def namespace(emulator: kmock.KubernetesEmulator, name: str, *, ago: timedelta = timedelta(days=30)) -> dict[str, Any]:
    obj = {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name, "uid": str(uuid.uuid4()), "creationTimestamp": stamp(ago)},
        "status": {"phase": "Active"},
    }
    emulator.objects[NAMESPACES, None, name] = obj
    return obj


def _template_hash(template: dict[str, Any]) -> str:
    clean = copy.deepcopy(template)
    clean.get("metadata", {}).get("labels", {}).pop("pod-template-hash", None)
    return hashlib.sha256(json.dumps(clean, sort_keys=True).encode()).hexdigest()[:10]


def deployment(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    image: str = "nginx:1.25",
    containers: list[dict[str, Any]] | None = None,
    replicas: int = 2,
    ready: int | None = None,
    revisions: list[str] | None = None,
    paused: bool = False,
    ago: timedelta = timedelta(days=3),
    annotations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A settled Deployment with its ReplicaSet history; `revisions` are the images of 1..N."""
    labels = {"app": name}
    history = revisions or [image]
    current = containers or [{"name": name, "image": history[-1], "ports": [{"containerPort": 80}]}]
    ready = replicas if ready is None else ready
    dep = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": name,
            "namespace": ns,
            "uid": str(uuid.uuid4()),
            "generation": len(history),
            "creationTimestamp": stamp(ago),
            "labels": dict(labels),
            "annotations": {REVISION: str(len(history)), **(annotations or {})},
        },
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": current}},
            "paused": paused,
            "progressDeadlineSeconds": 600,
        },
        "status": {
            "observedGeneration": len(history),
            "replicas": replicas,
            "updatedReplicas": replicas,
            "readyReplicas": ready,
            "availableReplicas": ready,
            "conditions": [
                _condition("Available", "True" if ready >= replicas else "False",
                           "MinimumReplicasAvailable" if ready >= replicas else "MinimumReplicasUnavailable"),
                _condition("Progressing", "True", "NewReplicaSetAvailable",
                           f'ReplicaSet "{name}" has successfully progressed.'),
            ],
        },
    }
    if not paused:
        del dep["spec"]["paused"]
    emulator.objects[DEPLOYMENTS, ns, name] = dep
    for number, revision_image in enumerate(history, start=1):
        template = copy.deepcopy(dep["spec"]["template"])
        if containers is None:
            template["spec"]["containers"][0]["image"] = revision_image
        replica_set(emulator, dep, template, revision=number, replicas=replicas if number == len(history) else 0,
                    ago=ago - timedelta(hours=number))
    return dep


def _condition(kind: str, status: str, reason: str, message: str = "") -> dict[str, Any]:
    return {"type": kind, "status": status, "reason": reason, "message": message,
            "lastUpdateTime": stamp(timedelta(minutes=5)), "lastTransitionTime": stamp(timedelta(minutes=5))}


def replica_set(
    emulator: kmock.KubernetesEmulator,
    dep: dict[str, Any],
    template: dict[str, Any],
    *,
    revision: int,
    replicas: int,
    ago: timedelta = timedelta(hours=1),
) -> dict[str, Any]:
    """A ReplicaSet controlled by `dep` (ownerReference controller=true, uid) at `revision`."""
    meta = dep["metadata"]
    pod_hash = _template_hash(template)
    template = copy.deepcopy(template)
    template["metadata"].setdefault("labels", {})["pod-template-hash"] = pod_hash
    name = f"{meta['name']}-{pod_hash}"
    rs = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": name,
            "namespace": meta["namespace"],
            "uid": str(uuid.uuid4()),
            "creationTimestamp": stamp(max(ago, timedelta(0))),
            "labels": dict(template["metadata"]["labels"]),
            "annotations": {REVISION: str(revision), "deployment.kubernetes.io/desired-replicas": str(replicas)},
            "ownerReferences": [
                {"apiVersion": "apps/v1", "kind": "Deployment", "name": meta["name"], "uid": meta["uid"],
                 "controller": True, "blockOwnerDeletion": True}
            ],
        },
        "spec": {"replicas": replicas, "selector": {"matchLabels": dict(template["metadata"]["labels"])},
                 "template": template},
        "status": {"replicas": replicas, "readyReplicas": replicas},
    }
    emulator.objects[REPLICASETS, meta["namespace"], name] = rs
    return rs


def _container_status(name: str, image: str, state: str, restarts: int) -> dict[str, Any]:
    running = {"running": {"startedAt": stamp(timedelta(minutes=30))}}
    crashed = {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": stamp(timedelta(minutes=1))}}
    oom = {"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": stamp(timedelta(minutes=1))}}
    states: dict[str, tuple[dict[str, Any], dict[str, Any], bool]] = {
        "running": (running, {}, True),
        "crashloop": ({"waiting": {"reason": "CrashLoopBackOff",
                                   "message": f"back-off 5m0s restarting failed container={name}"}}, crashed, False),
        "oomkilled": ({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off"}}, oom, False),
        "imagepull": ({"waiting": {"reason": "ImagePullBackOff",
                                   "message": f'Back-off pulling image "{image}"'}}, {}, False),
        "creating": ({"waiting": {"reason": "ContainerCreating"}}, {}, False),
    }
    current, last, ready = states[state]
    return {"name": name, "image": image, "imageID": f"docker.io/library/{image}@sha256:{'0' * 64}",
            "containerID": f"containerd://{uuid.uuid4().hex}", "ready": ready, "restartCount": restarts, "started": ready,
            "state": current, "lastState": last}


def pod(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    labels: dict[str, str] | None = None,
    containers: list[dict[str, Any]] | None = None,
    state: str = "running",
    restarts: int = 0,
    ago: timedelta = timedelta(hours=1),
    owner: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A pod in `state`: running, crashloop, oomkilled, imagepull, creating or pending (unschedulable)."""
    containers = containers or [{"name": "app", "image": "nginx:1.25"}]
    obj: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "uid": str(uuid.uuid4()), "labels": labels or {},
                     "creationTimestamp": stamp(ago)},
        "spec": {"containers": copy.deepcopy(containers), "nodeName": None if state == "pending" else "node-1"},
    }
    if owner is not None:
        obj["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "controller": True,
                                               "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"]}]
    if state == "pending":
        obj["status"] = {"phase": "Pending", "conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
             "message": "0/3 nodes are available: 3 Insufficient cpu."}]}
    else:
        statuses = [_container_status(c["name"], c["image"], state, restarts) for c in containers]
        obj["status"] = {"phase": "Running" if state != "creating" else "Pending", "podIP": "10.0.0.12",
                         "containerStatuses": statuses}
    emulator.objects[PODS, ns, name] = obj
    return obj


def pods_for(
    emulator: kmock.KubernetesEmulator,
    dep: dict[str, Any],
    *,
    count: int | None = None,
    state: str = "running",
    restarts: int = 0,
) -> list[dict[str, Any]]:
    """Pods of the Deployment's current ReplicaSet, oldest first (one minute apart)."""
    meta, spec = dep["metadata"], dep["spec"]
    rs = current_replica_set(emulator, dep)
    labels = dict(rs["spec"]["template"]["metadata"]["labels"])
    made = []
    for i in range(spec["replicas"] if count is None else count):
        name = f"{rs['metadata']['name']}-{i:05d}"
        made.append(pod(emulator, name, meta["namespace"], labels=labels, containers=spec["template"]["spec"]["containers"],
                        state=state, restarts=restarts, ago=timedelta(minutes=30 - i), owner=rs))
    return made


def current_replica_set(emulator: kmock.KubernetesEmulator, dep: dict[str, Any]) -> dict[str, Any]:
    owned = replica_sets_of(emulator, dep)
    return max(owned, key=lambda rs: int(rs["metadata"]["annotations"][REVISION]))


def replica_sets_of(emulator: kmock.KubernetesEmulator, dep: dict[str, Any]) -> list[dict[str, Any]]:
    uid = dep["metadata"]["uid"]
    return [
        obj.raw
        for (resource, ns, _), obj in emulator.objects.items()
        if resource == kmock.resource(REPLICASETS) and ns == dep["metadata"]["namespace"] and not obj.deleted
        if any(ref.get("uid") == uid for ref in obj.raw["metadata"].get("ownerReferences", []))
    ]


def service(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    type: str = "ClusterIP",
    selector: dict[str, str] | None = None,
    ports: list[dict[str, Any]] | None = None,
    cluster_ip: str = "10.96.12.34",
    lb_ingress: list[dict[str, str]] | None = None,
    external_name: str | None = None,
) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": type}
    if type == "ExternalName":
        spec["externalName"] = external_name or "db.example.com"
    else:
        spec |= {"clusterIP": cluster_ip, "selector": selector or {"app": name},
                 "ports": ports or [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}
    if type in ("NodePort", "LoadBalancer"):
        for i, port in enumerate(spec["ports"]):
            port.setdefault("nodePort", 30080 + i)
    obj = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": name, "namespace": ns, "uid": str(uuid.uuid4()), "creationTimestamp": stamp(timedelta(days=2))},
           "spec": spec, "status": {"loadBalancer": {"ingress": lb_ingress} if lb_ingress else {}}}
    emulator.objects[SERVICES, ns, name] = obj
    return obj


def ingress(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    rules: list[tuple[str | None, str, str, int | str]],
    tls_hosts: list[str] | None = None,
    class_name: str | None = "nginx",
    lb_ingress: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """An Ingress; `rules` are (host, path, service, port number or name)."""
    by_host: dict[str | None, list[dict[str, Any]]] = {}
    for host, path, svc, port in rules:
        port_ref = {"number": port} if isinstance(port, int) else {"name": port}
        by_host.setdefault(host, []).append(
            {"path": path, "pathType": "Prefix", "backend": {"service": {"name": svc, "port": port_ref}}})
    spec: dict[str, Any] = {"rules": [({"host": h} if h else {}) | {"http": {"paths": p}} for h, p in by_host.items()]}
    if class_name:
        spec["ingressClassName"] = class_name
    if tls_hosts:
        spec["tls"] = [{"hosts": tls_hosts, "secretName": f"{name}-tls"}]
    obj = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
           "metadata": {"name": name, "namespace": ns, "uid": str(uuid.uuid4()), "creationTimestamp": stamp(timedelta(days=1))},
           "spec": spec, "status": {"loadBalancer": {"ingress": lb_ingress} if lb_ingress else {}}}
    emulator.objects[INGRESSES, ns, name] = obj
    return obj


def event(
    emulator: kmock.KubernetesEmulator,
    ns: str,
    *,
    reason: str,
    message: str,
    kind: str = "Pod",
    name: str = "web",
    type: str = "Warning",
    ago: timedelta = timedelta(minutes=1),
    count: int = 1,
) -> dict[str, Any]:
    event_name = f"{name}.{uuid.uuid4().hex[:12]}"
    obj = {"apiVersion": "v1", "kind": "Event",
           "metadata": {"name": event_name, "namespace": ns, "creationTimestamp": stamp(ago)},
           "involvedObject": {"kind": kind, "name": name, "namespace": ns},
           "reason": reason, "message": message, "type": type, "count": count,
           "firstTimestamp": stamp(ago + timedelta(minutes=10)), "lastTimestamp": stamp(ago)}
    emulator.objects[EVENTS, ns, event_name] = obj
    return obj


def logs(emulator: KubeEmulator, pod_obj: dict[str, Any], text: str, *, container: str | None = None,
         previous: bool = False) -> None:
    """What `GET …/pods/<pod>/log?container=…[&previous=true]` returns."""
    meta = pod_obj["metadata"]
    container = container or pod_obj["spec"]["containers"][0]["name"]
    emulator.pod_logs[(meta["namespace"], meta["name"], container, previous)] = text


def roll(emulator: kmock.KubernetesEmulator, name: str, ns: str = "default", *, outcome: str = "complete") -> dict[str, Any]:
    """One Deployment-controller step after a spec change: `progressing`, `complete` or `failed`.

    The current template gets a ReplicaSet: an existing one with the same template is reused
    and takes the next revision (that is what makes an undo a new revision), else a new one.
    """
    obj = emulator.objects[DEPLOYMENTS, ns, name]
    dep = copy.deepcopy(obj.raw)
    owned = replica_sets_of(emulator, dep)
    next_revision = max(int(rs["metadata"]["annotations"][REVISION]) for rs in owned) + 1 if owned else 1
    wanted = _template_hash(dep["spec"]["template"])
    same = [rs for rs in owned if _template_hash(rs["spec"]["template"]) == wanted]
    if same:
        rs = same[0]
        current = int(dep["metadata"]["annotations"].get(REVISION, "0"))
        if int(rs["metadata"]["annotations"][REVISION]) != current:
            rs_obj = emulator.objects[REPLICASETS, ns, rs["metadata"]["name"]]
            rs_obj.patch({"metadata": {"annotations": {REVISION: str(next_revision)}}})
        revision = int(emulator.objects[REPLICASETS, ns, rs["metadata"]["name"]].raw["metadata"]["annotations"][REVISION])
    else:
        replica_set(emulator, dep, copy.deepcopy(dep["spec"]["template"]), revision=next_revision,
                    replicas=dep["spec"]["replicas"], ago=timedelta(0))
        revision = next_revision
    desired = dep["spec"].get("replicas", 1)
    dep["metadata"].setdefault("annotations", {})[REVISION] = str(revision)
    dep["status"]["observedGeneration"] = dep["metadata"].get("generation", 1)
    if outcome == "complete":
        dep["status"] |= {"replicas": desired, "updatedReplicas": desired, "readyReplicas": desired,
                          "availableReplicas": desired}
        progressing = _condition("Progressing", "True", "NewReplicaSetAvailable")
    elif outcome == "progressing":
        dep["status"] |= {"replicas": desired + 1, "updatedReplicas": min(1, desired)}
        progressing = _condition("Progressing", "True", "ReplicaSetUpdated")
    elif outcome == "failed":
        dep["status"] |= {"replicas": desired + 1, "updatedReplicas": min(1, desired)}
        progressing = _condition("Progressing", "False", "ProgressDeadlineExceeded",
                                 f'ReplicaSet "{name}" has timed out progressing.')
    else:
        raise ValueError(outcome)
    dep["status"]["conditions"] = [c for c in dep["status"].get("conditions", []) if c["type"] != "Progressing"]
    dep["status"]["conditions"].append(progressing)
    obj.history.append(dep)
    return dep

