"""
The local playground: a Slack-like web page, the Slack Web API stand-in it shares
with the tests, and a demo Kubernetes cluster (an emulator seeded as a small shop).

Nothing here is used by `klepaas serve`, and nothing in bot/ imports it: `klepaas playground`
(playground/launch.py, registered through the `klepaas.commands` entry point) starts the bot
against it. Its page takes requests only from itself (playground/guard.py).
"""
