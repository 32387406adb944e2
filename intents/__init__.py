"""Text -> Command: the built-in parser, the LLM providers and the chain that orders them."""

from intents.command import MUTATING, NEEDS_APP, Command, Intent
from intents.provider import Context, IntentProvider, Parsed, ProviderChain

__all__ = ["MUTATING", "NEEDS_APP", "Command", "Context", "Intent", "IntentProvider", "Parsed", "ProviderChain"]
