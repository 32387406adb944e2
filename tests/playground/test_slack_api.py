"""The Slack Web API stand-in answers as Slack does, judged by an oracle that is not the bot's own code."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from playground import blockkit
from playground.slack_api import HookContext, SlackWebApi


@pytest.fixture
async def slack() -> SlackWebApi:
    api = await SlackWebApi().start()
    yield api
    await api.stop()


def client(api: SlackWebApi, token: str | None = None) -> AsyncWebClient:
    return AsyncWebClient(token=token or api.token, base_url=api.api_url)


SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*web* is fine"}}


async def test_a_posted_message_can_be_updated_in_place(slack):
    posted = await client(slack).chat_postMessage(channel="C1", text="one", blocks=[SECTION])
    await client(slack).chat_update(channel="C1", ts=posted["ts"], text="two", blocks=[SECTION])
    assert slack.messages[("C1", posted["ts"])]["text"] == "two"
    assert slack.shown("C1")[0]["edited"] is True


@pytest.mark.parametrize(
    ("blocks", "error"),
    [
        ([SECTION] * 51, "invalid_blocks"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "invalid_blocks"),
        ([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}], "invalid_blocks"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "a",
                            "style": "green",
                            "text": {"type": "plain_text", "text": "Go"},
                        }
                    ],
                }
            ],
            "invalid_blocks",
        ),
        ([{"type": "no_such_block"}], "invalid_blocks"),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 2900}}] * 5, "msg_blocks_too_long"),
    ],
    ids=["51 blocks", "long header", "long field", "button style", "unknown block", "too much block text"],
)
async def test_a_message_slack_would_reject_is_refused_and_recorded(slack, blocks, error):
    with pytest.raises(SlackApiError) as refused:
        await client(slack).chat_postMessage(channel="C1", text="fallback", blocks=blocks)
    assert refused.value.response["error"] == error
    assert len(slack.violations) == 1
    slack.violations.clear()


def test_the_oracle_imports_nothing_of_the_bots_own_message_code():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(blockkit))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in imported if m.split(".")[0] in ("templates", "bot", "alerts")}
    assert blockkit.judge("text", [SECTION]) is None


async def test_a_wrong_token_gets_invalid_auth_and_a_rate_limit_gets_429_with_retry_after(slack):
    with pytest.raises(SlackApiError) as refused:
        await client(slack, token="xoxb-wrong").auth_test()
    assert refused.value.response["error"] == "invalid_auth"
    slack.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as limited:
        await client(slack).chat_postMessage(channel="C1", text="hi")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "7"


async def test_response_urls_post_replace_and_delete_where_slack_would(slack):
    await slack.say("C1", "U1", "/klepaas status web")
    hook = slack.open_hook(HookContext(channel="C1", user="U1"))
    async with aiohttp.ClientSession() as http:
        await http.post(hook, json={"text": "just for you", "blocks": [SECTION]})
        ephemeral = slack.shown("C1")[-1]
        assert ephemeral["ephemeral_to"] == "U1"
        button = slack.open_hook(HookContext(channel="C1", user="U1", message_ts=ephemeral["ts"]))
        await http.post(button, json={"replace_original": True, "text": "replaced", "blocks": [SECTION]})
        assert slack.shown("C1")[-1]["text"] == "replaced" and len(slack.shown("C1")) == 2
        await http.post(button, json={"delete_original": True})
    assert [m["text"] for m in slack.shown("C1")] == ["/klepaas status web"]
    assert len(slack.hooks) == 3


async def test_usergroups_users_list_answers_members_and_slacks_errors(slack):
    slack.usergroups["S0PLATFORM"] = ["U0ALICE01", "W0BOB0001"]
    answer = await client(slack).usergroups_users_list(usergroup="S0PLATFORM")
    assert answer["users"] == ["U0ALICE01", "W0BOB0001"]
    with pytest.raises(SlackApiError) as unknown:
        await client(slack).usergroups_users_list(usergroup="S0NOSUCH1")
    assert unknown.value.response["error"] == "no_such_subteam"
    slack.usergroups_in_plan = False
    with pytest.raises(SlackApiError) as free:
        await client(slack).usergroups_users_list(usergroup="S0PLATFORM")
    assert free.value.response["error"] == "plan_upgrade_required"


async def test_usergroups_list_names_each_group_by_id_and_handle(slack):
    slack.usergroups["S0PLATFORM"] = ["U0ALICE01"]
    slack.usergroup_handles["S0PLATFORM"] = "platform"
    (group,) = (await client(slack).usergroups_list())["usergroups"]
    assert (group["id"], group["handle"], group["user_count"]) == ("S0PLATFORM", "platform", 1)
