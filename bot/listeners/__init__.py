"""Bolt listeners: thin bound methods that ack first and hand off."""
from bot.listeners.choices import ChoiceListeners
from bot.listeners.commands import CommandListeners

__all__ = ["ChoiceListeners", "CommandListeners"]
