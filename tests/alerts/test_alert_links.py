"""An alert's Source and Runbook links become buttons only when Slack will take them as links.

Slack refuses a whole message whose button url is invalid, and a url that carries `|`, `<`
or `>` can forge a mrkdwn link: either would drop or poison the alert, so such a link gets no
button and the rest of the message stays.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import ButtonElement

from alerts.render import render_parent
from tests.alerts.builders import alert
from tests.alerts.test_alert_render import record_for

# The oracle, written apart from the code under test: an absolute http(s) URL of printable
# non-space ASCII or letters, without the characters of mrkdwn's link syntax, within 3000.
_ACCEPTABLE = re.compile(r"https?://[^\s|<>\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+", re.IGNORECASE)

HOSTILE_URLS = [
    "https://evil.example/|<!channel>",
    "https://evil.example/<!channel>",
    "https://evil.example/a>b",
    "https://ok.example/ path",
    "https://ok.example/\tpath",
    "https://ok.example/\npath",
    "https://ok.example/\u202egnp.exe",  # right-to-left override: reads as another link
    "https://ok.example/\u200bzero-width",
    "https://ok.example/\x00",
    "javascript:alert(1)",
    "ftp://files.example/x",
    "//no-scheme.example/x",
    "https://",
    "https://:443/x",
    "http://host.example:99999/x",
    "https://runbooks.example/" + "x" * 2976,  # 3001 characters
]


def _link_buttons(group_of, now, url: str) -> dict[str, str]:
    first = alert("api-0")
    first["generatorURL"] = url
    group = group_of(first, commonAnnotations={"summary": "Pod is crash looping", "runbook_url": url})
    message = render_parent(group, record_for(group, now), now=now)
    buttons = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    return {b["action_id"]: b["url"] for b in buttons if "url" in b}


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=lambda u: repr(u[:40]))
def test_a_link_slack_would_refuse_or_that_breaks_mrkdwn_gets_no_button(group_of, now, url) -> None:
    assert _link_buttons(group_of, now, url) == {}


@pytest.mark.parametrize(
    "url",
    [
        "http://prometheus.example:9090/graph?g0.expr=up%7Bjob%3D%22api%22%7D&g0.tab=1",
        "https://runbooks.example.com/crashloop#steps",
        "https://runbooks.example/" + "x" * 2975,  # exactly 3000 characters
    ],
    ids=["prometheus", "fragment", "3000-characters"],
)
def test_a_plain_http_link_becomes_both_buttons(group_of, now, url) -> None:
    assert _link_buttons(group_of, now, url) == {"link:source": url, "link:runbook": url}


_urls = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda scheme, rest: scheme + rest,
        st.sampled_from(["http://", "https://", "HTTP://", ""]),
        st.text(max_size=60),
    ),
    st.builds(lambda n: "https://a.example/" + "x" * n, st.integers(2970, 2990)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=_urls)
def test_any_link_button_is_one_slack_accepts_and_cannot_forge_mrkdwn(group_of, now, url) -> None:
    for found in _link_buttons(group_of, now, url).values():
        assert found == url and len(found) <= 3000 and _ACCEPTABLE.fullmatch(found), found
        ButtonElement(text="Source", action_id="link:source", url=found).to_dict()  # slack_sdk's own checks
