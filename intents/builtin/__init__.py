"""The built-in, offline Korean/English parser."""
from intents.builtin.parser import BuiltinParser

__all__ = ["BuiltinParser"]
