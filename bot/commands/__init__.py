"""
The cluster commands: queries, changes with their confirmations and pending rows, rollout watches,
cluster errors as sentences.
"""
