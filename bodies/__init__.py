"""
The one door every JSON body passes: Slack's, Alertmanager's, GitHub's, any CI's, the playground's.

Below every other package (pyproject's layer contract), so each part that reads a body from
the network can use it without importing another part.
"""

from bodies.json_body import MAX_BYTES, MAX_DEPTH, InvalidJson, parse_json

__all__ = ["MAX_BYTES", "MAX_DEPTH", "InvalidJson", "parse_json"]
