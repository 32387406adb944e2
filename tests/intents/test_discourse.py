"""The stages of reading a message: Slack markup, clauses, the mood of each, and what is asked now."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from intents.builtin.parser import parse_text
from intents.discourse import Mood, Reason, mood, plain, read_message
from intents.discourse.clauses import split
from intents.provider import Context
from intents.spelling import close_stem, close_word

ROOT = Path(__file__).resolve().parents[2]


# --- Slack text -> plain text with marks -------------------------------------------------------


def test_code_spans_and_bold_are_names_and_their_marks_go() -> None:
    marked = plain("`bet-slip-api` 세 개로 *늘려줘* :arrow_up:")
    assert marked.text == "bet-slip-api 세 개로 늘려줘"
    assert marked.names == ("bet-slip-api",)


def test_a_code_span_glued_to_other_characters_stays_backticks() -> None:
    assert "`" in plain("deploy web `whoami`:1.0").text


def test_references_say_who_is_addressed_unless_they_only_copy_someone_in() -> None:
    assert plain("<@U05LMN123> please scale web to 3").addressed == ("U05LMN123",)
    assert plain("<!subteam^S0OPS|@oncall> restart web").addressed == ("S0OPS",)
    assert plain("restart web cc <@U0QA1234>").addressed == ()
    assert plain("thanks <@U0QA1234>!").addressed == ()
    everyone = plain("<!here> web 리스타트 부탁해요")
    assert everyone.broadcast and everyone.addressed == () and everyone.text == "web 리스타트 부탁해요"


def test_links_channels_emoji_and_arrows() -> None:
    marked = plain("*donation-intake* → 8 replicas pls 🙏 <https://g.example/d/1|dashboard> in <#C0123|ops>")
    assert marked.text == "donation-intake to 8 replicas pls\nin"  # the emoji ends the sentence
    assert marked.names == ("dashboard",)


def test_an_emoji_between_sentences_ends_one_and_a_cross_takes_back_the_word_before() -> None:
    assert plain("web's new build is broken :scream: roll it back now").text == (
        "web's new build is broken\nroll it back now"
    )
    assert plain("재시작 ❌ 롤백 ⭕ web").text == "재시작 말고 롤백\nweb"


def test_quotes_struck_text_and_code_blocks_are_set_aside() -> None:
    marked = plain(
        '&gt; restart web\n~rollback~ rolling restart on siem-ingest\n```OOMKilled x4```\nhe said "roll back api"'
    )
    assert marked.text == "rolling restart on siem-ingest\nhe said"
    assert marked.withdrawn == ("rollback",)
    assert marked.quoted == ("OOMKilled x4", "restart web", "roll back api")


def test_bullets_and_lines_are_clauses() -> None:
    assert [c.text for c in split(plain("• restart `forum-api`\n• then check its logs").text)] == [
        "restart forum-api",
        "then check its logs",
    ]


# --- clauses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "롤백 말고 v2.1.1 로 새로 배포해줘 fuel-ledger",
            [("롤백 말고", True), ("v2.1.1 로 새로 배포해줘 fuel-ledger", False)],
        ),
        ("not ad-pacing, restart click-dedup", [("not ad-pacing", False), ("restart click-dedup", False)]),
        ("restart it instead of rolling back", [("restart it", False), ("instead of rolling back", True)]),
        ("web is slow; restart it", [("web is slow", False), ("restart it", False)]),
        ("deploy v1.2.3 to web. thanks", [("deploy v1.2.3 to web.", False), ("thanks", False)]),
        ("web 응답이 느려서 그런데 재시작", [("web 응답이 느려서", False), ("그런데 재시작", False)]),
    ],
)
def test_clauses_split_at_contrast_correction_and_sequence(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(c.text, c.withdrawn) for c in split(text)] == expected


# --- mood ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("nginx 재시작 부탁해", Mood.DIRECTIVE),
        ("kick log-shipper pls", Mood.DIRECTIVE),
        ("scale web to 3", Mood.TERSE),
        ("이미지리사이저재시작", Mood.TERSE),
        ("web 상태 어때?", Mood.QUESTION),
        ("견적 엔진 주소 뭐였지", Mood.QUESTION),
        ("qc-vision 아까 재시작했어요", Mood.PAST),
        ("I already restarted web", Mood.PAST),
        ("forum-api 퇴근 전에 롤백할게요", Mood.INTENTION),
        ("I'll bounce it after the demo", Mood.LATER),
        ("let's bounce number-porting after lunch", Mood.LATER),
        ("weekend 에 ota-dispatcher scale down 하자", Mood.LATER),
        ("10분 전에 배포한 거 롤백해줘", Mood.DIRECTIVE),
        ("어제 밤에 배포한 거 롤백해줘", Mood.DIRECTIVE),
        ("campaign-pages 에러율 5% 넘으면 재시작해줘", Mood.CONDITION),
        ("if cert-rotator fails again", Mood.CONDITION),
        ("원장 서비스 재부팅 해주시면 감사하겠습니다", Mood.DIRECTIVE),
        ("check if web is healthy", Mood.TERSE),
        ("don't roll back", Mood.PROHIBITION),
        ("재시작하지 마세요", Mood.PROHIBITION),
        ("it's stuck", Mood.STATEMENT),
        ("매장 3곳 결제 안 됨", Mood.STATEMENT),
        ("kyc-api broke after the deploy", Mood.STATEMENT),
    ],
)
def test_the_mood_of_a_clause_comes_from_its_closed_classes(clause: str, expected: Mood) -> None:
    assert mood(clause) is expected


# --- one reading per message ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<@U05LMN123> please scale threat-intel-feed to 3", Reason.ADDRESSED),
        ("if cert-rotator fails again, roll it back", Reason.CONDITION),
        ("restart web pls, after lunch", Reason.LATER),
        ("qc-vision 아까 재시작했어요, 지금은 괜찮음", Reason.PAST),
        ("don't restart web", Reason.PROHIBITION),
        ("> restart web", Reason.NOTHING),
        ("restart web pls, it's stuck", None),
        ("scale odds-engine to 6, kickoff in 10 min", None),
    ],
)
def test_a_message_asks_the_bot_now_or_says_why_not(text: str, reason: Reason | None) -> None:
    assert read_message(text).reason is reason


def test_what_is_asked_leaves_out_what_is_told_and_withdrawn() -> None:
    reading = read_message("don't restart it, roll back `vin-decoder` — new build decodes everything as 1999")
    assert [p.text for p in reading.asked] == ["roll back vin-decoder"]  # beside a command, a fragment tells
    assert [p.text for p in read_message("web logs, last 80 lines").asked] == ["web logs", "last 80 lines"]


# --- typos ---------------------------------------------------------------------------------------


def test_slips_are_tolerated_by_letters_not_listed() -> None:
    stems = ("재시작", "롤백", "스케일", "늘려", "줄여")
    assert [close_stem(w, stems) for w in ("재시잓", "제시작", "롤벡", "스캐일")] == [
        "재시작",
        "재시작",
        "롤백",
        "스케일",
    ]
    assert [close_stem(w, stems) for w in ("느려서", "줄어서", "재시도")] == [None, None, None]
    assert close_word("restrat", ("restart", "rollback")) == "restart"
    assert close_word("restore", ("restart", "rollback")) is None


# --- the parser reads with it ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("`courier-eta` 재시작 부탁해요 :pray:", {"intent": "restart", "app": "courier-eta"}),
        ("not parcel-scanner, restart `courier-eta`", {"intent": "restart", "app": "courier-eta"}),
        ("courier-eta is stuck, restart it", {"intent": "restart", "app": "courier-eta"}),
        ("restart courier-eta, then check its logs", {"intent": "unknown"}),
        ("show logs for courier-eta and gift-aid-claims", {"intent": "unknown"}),
        ("restart courier-etta", {"intent": "restart", "app": "courier-eta"}),
        ("restart parcel-sorter", {"intent": "unknown"}),  # no such app here: never a guess
    ],
)
def test_the_parser_reads_the_clause_that_asks(text: str, expected: dict[str, object]) -> None:
    context = Context(apps=("courier-eta", "parcel-scanner"), namespaces=("default",))
    assert {k: v for k, v in parse_text(text, context).frame().items() if v is not None} == expected


def test_the_gate_does_not_import_the_built_in_parser() -> None:
    code = "import sys, intents.gate; print([m for m in sys.modules if m.startswith('intents.builtin')])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_own_held_out_checks_stay_read_as_written() -> None:
    """Sentences written for other clusters before any tuning on them: a regression set (44, all right then)."""
    wrong = []
    for line in (Path(__file__).parent / "data/heldout_own.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        context = Context(apps=tuple(row["apps"]), namespaces=tuple(row["namespaces"]))
        got = {k: v for k, v in parse_text(row["text"], context).frame().items() if v is not None}
        if got != row["expect"]:
            wrong.append((row["text"], got))
    assert not wrong


def test_what_was_said_beside_the_command_is_read_once_with_it() -> None:
    from intents.said import read_said

    said = read_said("<!here> restart `web` in kube-system -n kube-system")
    assert said.namespaces == ("kube-system",) and said.flag_namespace == "kube-system"
    assert read_said("scale web 500").out_of_range and not read_said("scale web 5").out_of_range
    assert read_said("<@U05LMN123> restart web").reason == "addressed"
    assert read_said("restart web in <#C0123|ops>").namespaces == ()  # a channel is no namespace
