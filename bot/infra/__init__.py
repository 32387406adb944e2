"""Plumbing every room uses: cache (in-process or Redis), background tasks, metrics, logging, the clock."""
