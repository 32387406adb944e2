"""`history`: an app's recent revisions, asked plainly or in Korean and English."""

from __future__ import annotations

import pytest

CASES = [
    ("history web", {"intent": "history", "app": "web"}),
    ("history web -n staging", {"intent": "history", "app": "web", "namespace": "staging"}),
    ("show the deploy history of web", {"intent": "history", "app": "web"}),
    ("what are the revisions of web", {"intent": "history", "app": "web"}),
    ("web 배포 이력 보여줘", {"intent": "history", "app": "web"}),
    ("web 히스토리", {"intent": "history", "app": "web"}),
    ("web 변경 이력 좀", {"intent": "history", "app": "web"}),
    # A revision number is a rollback target, not a history question.
    ("web 리비전 3으로 롤백", {"intent": "rollback", "app": "web", "revision": 3}),
    ("rollback web --to 3", {"intent": "rollback", "app": "web", "revision": 3}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_history_is_asked_in_both_languages(parse_frame, text, expected):
    assert parse_frame(text, apps=("web", "api"), namespaces=("default", "staging")) == expected
