"""The DEMO cluster: a small shop whose rollouts finish by themselves and whose pods log.

On the emulator: the DEMO cluster is the playground's emulator by design; these tests are of it.
"""

from __future__ import annotations

import asyncio

from intents.command import Command, Intent
from playground.cluster.shop import running_demo


async def test_the_demo_shop_has_apps_services_and_an_ingress():
    async with running_demo() as demo:
        assert await demo.cluster.apps("shop") == ["api", "cart", "web", "worker"]
        assert "shop" in await demo.cluster.namespaces()
        endpoint = await demo.cluster.query(Command(intent=Intent.ENDPOINT, app="web", namespace="shop"))
        assert "shop.example.com" in str(endpoint)


async def test_a_scaled_deployment_rolls_out_within_a_few_steps_and_its_new_pods_log():
    async with running_demo(step_seconds=0.2) as demo:
        demo.controller.tick_seconds = 0.05
        await demo.cluster.apply(Command(intent=Intent.SCALE, app="web", namespace="shop", replicas=3))
        messages = []
        async with asyncio.timeout(5):
            while not messages or "successfully rolled out" not in messages[-1]:
                messages.append((await demo.cluster.rollout("web", "shop")).message)
                await asyncio.sleep(0.05)
        assert any("new replicas have been updated" in m for m in messages)
        dep = demo.emulator.objects["apps/v1/deployments", "shop", "web"].raw
        assert dep["status"]["readyReplicas"] == 3
        listed = await demo.cluster.query(Command(intent=Intent.LIST_PODS, namespace="shop"))
        web_pods = [row for row in listed.rows if row[0].startswith("web-")]
        assert len(web_pods) == 3 and all(row[-1].endswith("s") for row in web_pods)  # just started: seconds old
        demo.controller.log_once()
        logs = await demo.cluster.query(Command(intent=Intent.LOGS, app="web", namespace="shop"))
        assert '"GET ' in str(logs)
