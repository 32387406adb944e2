"""An app guessed from how a short everyday word sounds is offered, never changed."""

from __future__ import annotations

from intents.builtin import read
from intents.builtin.parser import parse_text
from intents.command import Intent
from intents.provider import Context

CLUSTER = Context(apps=("fraud-scorer", "session-store", "promo-engine", "web"), namespaces=("default",))


def test_a_change_to_an_app_guessed_by_sound_names_no_app():
    # "폴더" (folder) sounds like "fraud", "사진" (photo) like "session": everyday words, not app names
    for text in ("폴더 재시작해줘", "사진 3개로 늘려줘", "바람 롤백해"):
        command = parse_text(text, CLUSTER)
        assert command.app is None, text


def test_the_guess_is_offered_as_an_alternative_to_confirm():
    reading = read("폴더 재시작해줘", CLUSTER)
    assert reading.command.intent is Intent.RESTART and reading.command.app is None
    assert [alt.app for alt in reading.alternatives] == ["fraud-scorer"]
    assert reading.confidence == 0.5


def test_a_question_may_still_use_the_guess_and_a_longer_transliteration_is_trusted():
    assert parse_text("프로모 엔진 상태 어때", CLUSTER).app == "promo-engine"
    assert parse_text("세션 스토어 재시작해줘", CLUSTER).app == "session-store"
