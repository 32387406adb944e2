"""bodies.parse_json: the one bounded parse of every body from the network."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bodies import MAX_BYTES, MAX_DEPTH, InvalidJson, parse_json


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
_values = st.recursive(_scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=10)


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(st.text(), _values))
def test_an_object_within_the_bounds_reads_as_json_loads_reads_it(value):
    raw = json.dumps(value, ensure_ascii=False)
    assert parse_json(raw.encode()) == json.loads(raw) == parse_json(raw)


def test_the_depth_bound_is_exact_and_twenty_thousand_levels_are_a_sentence():
    assert parse_json("[" + nested(MAX_DEPTH - 1) + "]", top=list) == [json.loads(nested(MAX_DEPTH - 1))]
    for depth in (MAX_DEPTH + 1, 1_000, 20_000):
        with pytest.raises(InvalidJson, match=f"deeper than {MAX_DEPTH} levels"):
            parse_json(nested(depth), top=list)
    with pytest.raises(InvalidJson, match="deeper"):
        parse_json('{"a":' * 20_000 + "1" + "}" * 20_000)


def test_the_size_bound_counts_bytes():
    fits = json.dumps({"a": "x" * (MAX_BYTES - 10)}).encode()
    assert len(parse_json(fits)["a"]) == MAX_BYTES - 10
    with pytest.raises(InvalidJson, match=f"send at most {MAX_BYTES} bytes"):
        parse_json(json.dumps({"a": "가" * (MAX_BYTES // 3 + 1)}, ensure_ascii=False))


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b'{"a": "\xff"}', "not UTF-8"),
        (json.dumps({"a": 1}).encode("utf-16"), "not UTF-8"),
        (b'{"a": "\\ud800"}', "lone surrogate"),
        (b'{"\\udfff": 1}', "lone surrogate"),
        (b'{"a": NaN}', "NaN"),
        (b'{"a": -Infinity}', "-Infinity"),
        (b"[1, 2]", "not an object"),
        (b'"text"', "not an object"),
        (b"null", "not an object"),
        (b"", "not JSON"),
        (b'{"a": 1', "not JSON"),
        (b'{"a": 1}\n{"b": 2}', "not JSON"),
    ],
)
def test_each_failure_is_one_invalid_json_with_a_sentence(raw, said):
    with pytest.raises(InvalidJson) as refused:
        parse_json(raw)
    assert said in refused.value.sentence and refused.value.sentence.endswith(".")
    assert isinstance(refused.value, ValueError)  # callers that catch ValueError keep working
