"""The stand-in's file upload, judged by slack_sdk's own `files_upload_v2` (the three calls) and Slack's errors."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from playground.slack_api import SlackWebApi


@pytest.fixture
async def client(fake_slack: SlackWebApi):
    web = AsyncWebClient(token=fake_slack.token, base_url=fake_slack.api_url)
    yield web
    if web.session is not None:
        await web.session.close()


async def test_files_upload_v2_makes_the_three_calls_and_shares_the_file_in_the_thread(fake_slack, client):
    parent = await client.chat_postMessage(channel="C0OPS0001", text="alert")

    done = await client.files_upload_v2(
        channel="C0OPS0001", thread_ts=parent["ts"], content="a\nb\n", filename="web.log", title="Logs of web"
    )

    assert [c.method for c in fake_slack.calls] == [
        "chat.postMessage",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    reserve = fake_slack.called("files.getUploadURLExternal")[0].args
    assert (reserve["filename"], reserve["length"]) == ("web.log", "4")
    (upload,) = fake_slack.files.shared("C0OPS0001")
    assert (upload.content, upload.title, upload.thread_ts) == (b"a\nb\n", "Logs of web", parent["ts"])
    assert done["file"]["id"] == upload.file_id
    shown = fake_slack.shown("C0OPS0001")[-1]
    assert shown["thread_ts"] == parent["ts"] and shown["files"][0]["preview"] == "a\nb"
    async with aiohttp.ClientSession() as session, session.get(shown["files"][0]["url_private"]) as response:
        assert await response.read() == b"a\nb\n"


async def test_a_file_reserved_but_never_uploaded_is_not_found_and_nothing_is_shared(fake_slack, client):
    reserved = await client.files_getUploadURLExternal(filename="x.log", length=3)

    with pytest.raises(SlackApiError) as failed:
        await client.files_completeUploadExternal(files=[{"id": reserved["file_id"]}], channel_id="C0OPS0001")

    assert failed.value.response["error"] == "file_not_found"
    assert fake_slack.files.shared() == [] and fake_slack.shown("C0OPS0001") == []


@pytest.mark.parametrize(
    ("args", "error"),
    [({"filename": "x.log"}, "invalid_arguments"), ({"filename": "x.log", "length": 0}, "missing_argument")],
    ids=["no length", "length 0"],
)
async def test_reserving_without_a_length_is_refused_as_slack_does(fake_slack, client, args, error):
    with pytest.raises(SlackApiError) as failed:
        await client.api_call("files.getUploadURLExternal", params=args)
    assert failed.value.response["error"] == error


async def test_a_thread_that_does_not_exist_is_refused(fake_slack, client):
    reserved = await client.files_getUploadURLExternal(filename="x.log", length=1)
    async with aiohttp.ClientSession() as session:
        await session.post(reserved["upload_url"], data=b"x")

    with pytest.raises(SlackApiError) as failed:
        await client.files_completeUploadExternal(
            files=[{"id": reserved["file_id"]}], channel_id="C0OPS0001", thread_ts="1.000001"
        )

    assert failed.value.response["error"] == "invalid_arguments"


async def test_the_retired_files_upload_is_an_unknown_method(fake_slack, client):
    with pytest.raises(SlackApiError) as failed:
        await client.api_call("files.upload", params={"channels": "C0OPS0001", "content": "x"})
    assert failed.value.response["error"] == "unknown_method"
