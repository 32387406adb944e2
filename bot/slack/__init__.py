"""
Slack in: the Bolt app, its middleware and listeners, Slack's payloads read into an Invocation,
the app manifest. The only room that reads Slack payloads.
"""
