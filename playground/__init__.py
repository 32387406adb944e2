"""
The local playground: a Slack-like web page, the Slack Web API stand-in it shares
with the tests, and a demo Kubernetes cluster (an emulator seeded as a small shop).

Nothing here is used by `klepaas serve`; `klepaas playground` composes it with the bot.
"""
