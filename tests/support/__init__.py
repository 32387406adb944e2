"""Test support: the fake Slack Web API, signed Slack requests, real services, kmock seeding."""
