"""
Plumbing every room stands on: settings, the Slack Web API client and the bot's Slack identity,
cache (in-process or Redis), background tasks, metrics, logging, the clock.
"""
