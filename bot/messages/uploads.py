"""
Files in Slack: a snippet (logs) or an image (a chart) uploaded into a thread.

Slack's current upload is three calls (files.upload is retired): files.getUploadURLExternal
reserves a file, its bytes are POSTed to the URL Slack returned, and files.completeUploadExternal
shares it with `channel_id` and `thread_ts`. slack_sdk's `files_upload_v2` makes exactly those
three calls; this wrapper names what is uploaded and counts it (klepaas_slack_uploads_total).
The bot needs the `files:write` scope for it.
"""

from __future__ import annotations

import structlog
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.infra.metrics import Metrics

log = structlog.get_logger(__name__)

__all__ = ["Uploader", "UploadFailed"]


class UploadFailed(Exception):
    """Slack refused the file or the upload URL failed; `error` is Slack's error code or the HTTP status."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class Uploader:
    """Uploads one file into a channel's thread; `kind` labels the metric (logs, graph, usage)."""

    def __init__(self, *, slack: AsyncWebClient, metrics: Metrics) -> None:
        self._slack = slack
        self._metrics = metrics

    async def upload(
        self,
        *,
        channel: str,
        thread_ts: str | None,
        content: str | bytes,
        filename: str,
        title: str,
        kind: str,
        snippet_type: str | None = None,
        alt_txt: str | None = None,
    ) -> str:
        """Share the file in `channel` (in the thread of `thread_ts`); returns its file id."""
        try:
            response = await self._slack.files_upload_v2(
                channel=channel,
                thread_ts=thread_ts,
                content=content if isinstance(content, str) else None,
                file=content if isinstance(content, bytes) else None,
                filename=filename,
                title=title,
                snippet_type=snippet_type,
                alt_txt=alt_txt,
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error") or exc.response.status_code)
            self._failed(kind, error)
            raise UploadFailed(error) from exc
        except SlackRequestError as exc:  # the POST to the upload URL did not answer 200
            self._failed(kind, "upload_url")
            raise UploadFailed("upload_url") from exc
        self._metrics.uploads.labels(kind=kind, outcome="ok").inc()
        file_id = str((response.get("file") or {}).get("id") or "")
        log.info("slack.uploaded", kind=kind, channel=channel, file=file_id, bytes=len(content))
        return file_id

    def _failed(self, kind: str, error: str) -> None:
        self._metrics.uploads.labels(kind=kind, outcome="failed").inc()
        log.warning("slack.upload_failed", kind=kind, error=error)
