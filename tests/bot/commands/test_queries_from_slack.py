"""Read-only commands typed in Slack, answered from kmock: what was asked of the API, what Slack got.

Why the emulator: logs need a kubelet to serve `pods/log` (the control plane has none), and a refusal is
asserted as "Kubernetes was not asked", which only a recording server shows. Status, endpoint, overview
and the listings are run against the real server under the chart's RBAC in
tests/chart/test_chart_on_a_real_server.py.
"""

from __future__ import annotations

import json
from datetime import timedelta

import kmock as kmocklib
from sqlalchemy import select

from bot.storage import AuditEntry
from playground.cluster import emulator, network, objects, pods, resources


def blocks_text(args: dict) -> str:
    return json.dumps(args.get("blocks"), ensure_ascii=False)


async def ask(bot, fake_slack, text: str, **kwargs) -> dict:
    await bot.sender.slash(text, response_url=fake_slack.hook_url(), **kwargs)
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1)
    await bot.settle()
    return fake_slack.hooks[-1].args


async def test_status_reads_the_deployment_and_answers_through_response_url(start, kmock, fake_slack, shop):
    bot = await start()
    reply = await ask(bot, fake_slack, "status web")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("shop/web: 2/2 ready")
    assert "nginx:1.25" in blocks_text(reply) and "*Revision*\\n3" in blocks_text(reply)
    assert "GET /apis/apps/v1/namespaces/shop/deployments/web" in emulator.requests_of(kmock)
    async with bot.clients.db.session() as session:
        audit = (await session.execute(select(AuditEntry))).scalars().all()
    assert [(a.action, a.outcome, a.target) for a in audit] == [("status", "ok", "shop/web")]


async def test_logs_tail_is_asked_for_and_hostile_lines_stay_inert(start, kmock, fake_slack, shop):
    seeded = [p for (r, ns, name), p in kmock.objects.items() if r == kmocklib.resource(resources.PODS)]
    newest = max((p.raw for p in seeded), key=lambda p: p["metadata"]["creationTimestamp"])
    pods.logs(kmock, newest, "GET / 200\n<!channel> <http://evil|click> & done\n")
    bot = await start()
    reply = await ask(bot, fake_slack, "logs web --tail 100")
    log_requests = [r for r in emulator.requests_of(kmock) if r.startswith("GET") and "/log?" in r]
    assert len(log_requests) == 1 and "tailLines=100" in log_requests[0]
    body = blocks_text(reply)
    assert "&lt;!channel&gt; &lt;http://evil|click&gt; &amp; done" in body
    assert "<!channel>" not in body and "<http" not in body


def thread_text(parts: list[dict]) -> str:
    return "".join(
        (json.loads(p["blocks"]) if isinstance(p["blocks"], str) else p["blocks"])[1]["text"]["text"].strip("`")
        for p in parts
    )


async def test_long_logs_are_previewed_and_the_full_text_is_uploaded_as_a_file_in_the_thread(
    start, kmock, fake_slack, shop
):
    # NB: log content needs a kubelet, which the real control plane lacks: the emulator serves it here.
    pod = pods.pods_for(kmock, shop, count=1)[0]
    pod["metadata"]["creationTimestamp"] = resources.stamp(timedelta(seconds=-60))  # the newest pod
    kmock.objects[resources.PODS, "shop", pod["metadata"]["name"]] = pod
    lines = [f"line {i:04d} " + "x" * 60 for i in range(100)] + ["db password=hunter2 connected"]
    pods.logs(kmock, pod, "\n".join(lines) + "\n")
    bot = await start()
    await bot.sender.slash("logs web --tail 500", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.files.shared()) >= 1)
    await bot.settle()
    (main,) = fake_slack.posts()
    assert main["channel"] == "C0OPS0001" and main.get("thread_ts") is None
    assert "the full text is the file" in blocks_text(main) and len(blocks_text(main)) < 1500
    main_ts = next(ts for (channel, ts), m in fake_slack.messages.items() if m["text"] == main["text"])
    assert [c.method for c in fake_slack.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    complete = fake_slack.called("files.completeUploadExternal")[0].args
    assert (complete["channel_id"], complete["thread_ts"]) == ("C0OPS0001", main_ts)
    (upload,) = fake_slack.files.shared("C0OPS0001")
    name = pod["metadata"]["name"]
    assert (upload.filename, upload.thread_ts) == (f"{name}.log", main_ts)
    expected = "\n".join(lines[:-1]) + "\ndb password=«redacted» connected\n"
    assert upload.content.decode() == expected  # everything, secrets masked
    assert "hunter2" not in json.dumps(main) and fake_slack.hooks == []
    shown = fake_slack.shown("C0OPS0001")[-1]
    assert shown["thread_ts"] == main_ts and shown["files"][0]["preview"].startswith("line 0000")
    assert metric(bot, "klepaas_slack_uploads_total", kind="logs", outcome="ok") == 1


async def test_logs_go_to_the_thread_as_messages_when_slack_refuses_the_upload(start, kmock, fake_slack, shop):
    pod = pods.pods_for(kmock, shop, count=1)[0]
    pod["metadata"]["creationTimestamp"] = resources.stamp(timedelta(seconds=-60))
    kmock.objects[resources.PODS, "shop", pod["metadata"]["name"]] = pod
    lines = [f"line {i:04d} " + "x" * 60 for i in range(400)]
    pods.logs(kmock, pod, "\n".join(lines) + "\n")
    fake_slack.fail("files.getUploadURLExternal", "missing_scope")  # the app was installed without files:write
    bot = await start()
    await bot.sender.slash("logs web --tail 500", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) >= 4)
    await bot.settle()
    main, *parts = fake_slack.posts()
    assert len(parts) == 3
    text = thread_text(parts)
    assert text.endswith(lines[-1] + "\n") and lines[0] not in text
    assert "are too long" in blocks_text(parts[0]) and "kubectl logs" in blocks_text(parts[0])


async def test_endpoint_shows_service_and_ingress_urls(start, kmock, fake_slack, shop):
    network.service(kmock, "web", "shop", type="LoadBalancer", lb_ingress=[{"ip": "203.0.113.7"}])
    network.ingress(kmock, "web", "shop", rules=[("shop.example.com", "/", "web", 80)], tls_hosts=["shop.example.com"])
    bot = await start()
    reply = await ask(bot, fake_slack, "endpoint web")
    body = blocks_text(reply)
    assert "https://shop.example.com/" in body and "203.0.113.7" in body and "LoadBalancer" in body


async def test_overview_names_unready_pods_and_warnings(start, kmock, fake_slack, shop):
    api = objects.deployment(kmock, "api", "shop", replicas=2, ready=1)
    pods.pods_for(kmock, api, count=1, state="crashloop", restarts=7)
    pods.event(kmock, "shop", reason="BackOff", message="Back-off restarting failed container <!here>", name="api")
    bot = await start()
    reply = await ask(bot, fake_slack, "overview -n shop")
    body = blocks_text(reply)
    assert "CrashLoopBackOff" in body and "restarts=7" in body
    assert "BackOff" in body and "&lt;!here&gt;" in body and "<!here>" not in body


async def test_a_long_pod_list_is_paged_to_twenty_rows(start, kmock, fake_slack, shop):
    for i in range(55):
        pods.pod(kmock, f"batch-{i:03d}", "shop", labels={"app": "batch"})
    bot = await start()
    reply = await ask(bot, fake_slack, "list pods -n shop")
    table = reply["blocks"][1]["text"]["text"]
    assert table.count("\n") == 20  # header + 20 rows
    assert "20 of 57 shown" in blocks_text(reply)
    assert reply["text"] == "pods in shop: 20 of 57"


async def test_namespaces_outside_the_policy_are_not_listed(start, fake_slack, shop, policy):
    bot = await start(policy)
    reply = await ask(bot, fake_slack, "list namespaces")
    table = reply["blocks"][1]["text"]["text"]
    assert "shop" in table and "staging" in table and "kube-system" not in table


async def test_a_namespace_outside_the_policy_is_refused_without_asking_kubernetes(
    start, kmock, fake_slack, shop, policy
):
    bot = await start(policy)
    before = len(emulator.requests_of(kmock))
    reply = await ask(bot, fake_slack, "status web -n kube-system")
    assert "`kube-system`" in reply["text"] and "policy file's `namespaces`" in reply["text"]
    assert not [r for r in emulator.requests_of(kmock)[before:] if "kube-system" in r]
    async with bot.clients.db.session() as session:
        audit = (await session.execute(select(AuditEntry))).scalars().one()
    assert (audit.action, audit.outcome, audit.target) == ("status", "denied", "kube-system/web")


def metric(bot, name: str, **labels: str) -> float:
    value = bot.clients.metrics.registry.get_sample_value(name, labels)
    return value or 0.0


async def test_the_logs_button_on_an_alert_answers_in_the_alerts_thread_with_the_previous_containers_file(
    start, kmock, fake_slack, shop
):
    # NB: log content needs a kubelet, which the real control plane lacks: the emulator serves it here.
    from slack_sdk.web.async_client import AsyncWebClient

    pod = pods.pods_for(kmock, shop, count=1)[0]
    pod["metadata"]["creationTimestamp"] = resources.stamp(timedelta(seconds=-60))
    pod["status"]["containerStatuses"] = [
        {
            "name": "web",
            "ready": False,
            "restartCount": 3,
            "image": "nginx:1.25",
            "imageID": "",
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}},
        }
    ]
    kmock.objects[resources.PODS, "shop", pod["metadata"]["name"]] = pod
    crashed = "".join(f"panic {i:04d} " + "y" * 60 + "\n" for i in range(80))
    pods.logs(kmock, pod, crashed, previous=True)
    bot = await start()
    slack = AsyncWebClient(token=fake_slack.token, base_url=fake_slack.api_url)
    alert = await slack.chat_postMessage(channel="C0OPS0001", text="FIRING KubePodCrashLooping")

    await bot.sender.click(
        "logs", "shop/web", response_url=fake_slack.hook_url(), channel="C0OPS0001", message_ts=alert["ts"]
    )
    await fake_slack.wait_for(lambda s: len(s.files.shared()) >= 1)
    await bot.settle()

    preview = fake_slack.posts()[-1]
    assert preview["thread_ts"] == alert["ts"] and "previous (crashed) container" in blocks_text(preview)
    (upload,) = fake_slack.files.shared("C0OPS0001")
    tail = "".join(crashed.splitlines(keepends=True)[-50:])  # the default tail of `logs`
    assert upload.thread_ts == alert["ts"] and upload.content.decode() == tail
    assert upload.filename == f"{pod['metadata']['name']}-previous.log"
