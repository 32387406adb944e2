"""Slack in: the Bolt app, its middleware and listeners, action ids and button values, the app manifest. The only room that reads Slack payloads."""
