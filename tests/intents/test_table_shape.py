"""
The shape of the tables that hold language: no empty alternative, no accidental implicit string
concatenation, no duplicates. A table entry lost to `"…mode" "shut down|…"` (one alternative,
"modeshut down") or `||` (an empty alternative that matches everywhere) fails here, not in a chat.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLES = [
    ROOT / "intents/builtin/lexicon.py",
    ROOT / "intents/builtin/glossary.py",
    ROOT / "intents/builtin/vocabulary.py",
    ROOT / "intents/gate_words.py",
    ROOT / "intents/count_words.py",
    ROOT / "intents/discourse/words.py",
    ROOT / "intents/discourse/when.py",
    ROOT / "intents/discourse/told.py",
    ROOT / "intents/discourse/verbs.py",
    ROOT / "intents/discourse/addressing.py",
    ROOT / "intents/discourse/retraction.py",
    ROOT / "intents/advice.py",
]
_GROUP = re.compile(r"\((?:\?:)?([^()]*)\)")


def _depth(pattern: str) -> int:
    """How many groups a piece of a regular expression leaves open."""
    unescaped = re.sub(r"\\.", "", pattern)
    return unescaped.count("(") - unescaped.count(")")


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module (implicitly joined ones as Python joins them), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_implicitly_joined_literals_meet_at_an_alternative(path: Path) -> None:
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        if t.type not in (tokenize.NL, tokenize.COMMENT, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    ]
    bad = []
    for before, after in zip(tokens, tokens[1:], strict=False):
        if before.type == after.type == tokenize.STRING:
            left, right = ast.literal_eval(before.string), ast.literal_eval(after.string)
            inside_group = _depth(left) > 0  # a regular expression continued inside its group
            if not (left.endswith("|") or right.startswith("|") or inside_group):
                bad.append((before.start[0], left[-20:], right[:20]))
    assert not bad, f"literals joined in the middle of an alternative: {bad}"


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_no_alternative_is_empty(path: Path) -> None:
    bad = [
        (line, text[:40])
        for line, text in _strings(path)
        if text != "|"  # the separator of a "a|b|c".split("|") table
        and re.search(r"(?<!\\)\|\||(?<!\\)\((?:\?:)?\||(?<!\\)\|\)|^\||(?<!\\)\|$", text)
    ]
    assert not bad, f"empty alternatives: {bad}"


def _alternatives(text: str) -> list[list[str]]:
    """The lists of alternatives a table string holds: "a|b|c", and each innermost regex group."""
    if "(" not in text and "\\" not in text:
        return [[a.strip().replace(" ", "") if not a.isascii() else a.strip() for a in text.split("|")]]
    return [group.split("|") for group in _GROUP.findall(text)]


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_no_alternative_is_listed_twice(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for line, text in _strings(path):
        if "|" in text:
            for alternatives in _alternatives(text):
                twice = [a for a, n in Counter(alternatives).items() if n > 1 and a]
                if twice:
                    bad.append((line, twice))
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) for e in node.elts):
            twice = [v for v, n in Counter(e.value for e in node.elts).items() if n > 1]  # type: ignore[attr-defined]
            if twice:
                bad.append((node.lineno, twice))
    assert not bad, f"listed twice: {bad}"


def test_the_cue_tables_hold_no_empty_or_repeated_entry() -> None:
    from intents.builtin import lexicon

    for name, cues in vars(lexicon).items():
        if isinstance(cues, lexicon.Cues):
            assert "" not in cues.ko and "" not in cues.en, name


def test_every_english_cue_can_be_found_in_the_words_the_parser_makes() -> None:
    """A cue is looked up among the words normalize.py makes of the text: a single-word cue the
    tokenizer never makes ("how's" is read as "how") could never match, and is dead weight."""
    from intents.builtin import lexicon
    from intents.builtin.normalize import normalize

    dead = []
    for name, cues in vars(lexicon).items():
        if not isinstance(cues, lexicon.Cues):
            continue
        for cue in cues.words:
            if [t.text for t in normalize(cue).tokens] != [cue]:
                dead.append((name, cue))
        for phrase in cues.phrases:
            made = " " + " ".join(t.text for t in normalize(phrase.strip()).tokens) + " "
            if made != phrase:
                dead.append((name, phrase))
    assert not dead, f"cues the parser's words never hold: {dead}"
