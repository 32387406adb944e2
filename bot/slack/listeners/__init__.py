"""Bolt listeners: thin bound methods that ack first and hand off."""

from collections.abc import Callable

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners.choices import ChoiceListeners
from bot.slack.listeners.commands import CommandListeners

Registrar = Callable[[AsyncApp], None]
"""What a part hands the Bolt app: a function that registers its listeners."""

__all__ = ["ChoiceListeners", "CommandListeners", "Registrar"]
