"""A model's answer is untrusted text: it is read through the one bounded JSON parse."""

from __future__ import annotations

import pytest

from intents.prompt import AnswerRejected, read_answer
from intents.provider import Context


@pytest.mark.parametrize(
    "raw", ["[" * 20_000 + "]" * 20_000, '{"intent": "scale", "replicas": NaN}', '{"a": "\\ud800"}']
)
def test_a_hostile_answer_is_rejected_as_not_json(raw):
    with pytest.raises(AnswerRejected) as rejected:
        read_answer(raw, context=Context(apps=("web",)))
    assert str(rejected.value) == "not_json"
