"""The built-in, offline Korean/English parser, and the app resolution the bot reuses."""
from intents.builtin.apps import AppMatch, Match, resolve_app
from intents.builtin.closest import closest_intents
from intents.builtin.namespaces import resolve_namespace
from intents.builtin.parser import BuiltinParser
from intents.builtin.reading import Reading, read
from intents.language import detect_language

__all__ = [
    "AppMatch", "BuiltinParser", "Match", "Reading", "closest_intents", "detect_language", "read", "resolve_app",
    "resolve_namespace",
]
