"""Bolt listeners: thin bound methods that ack first and hand off."""
from bot.slack.listeners.choices import ChoiceListeners
from bot.slack.listeners.commands import CommandListeners

__all__ = ["ChoiceListeners", "CommandListeners"]
