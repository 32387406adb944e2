"""
Reading a chat message as people write it: Slack markup, clauses, and the mood of each.

Shared by every parser and by the safety gate (intents/gate.py): a change is proposed only
for a clause that asks the bot, now. See message.py for the stages.
"""

from intents.discourse.markup import Marked, plain
from intents.discourse.message import ASKING, Discourse, Part, Reason, read_message
from intents.discourse.mood import Mood, mood
from intents.discourse.timing import when_of_request

__all__ = [
    "ASKING",
    "Discourse",
    "Marked",
    "Mood",
    "Part",
    "Reason",
    "mood",
    "plain",
    "read_message",
    "when_of_request",
]
