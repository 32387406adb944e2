"""
Files in the Slack stand-in: the three-step upload Slack documents (docs.slack.dev, "Working with files").

1. `files.getUploadURLExternal` (filename, length in bytes) reserves a file id and an upload URL;
2. the file's bytes are POSTed to that URL (raw, or as a multipart form), answered `200 OK - <bytes>`;
3. `files.completeUploadExternal` (files=[{"id", "title"}], channel_id, thread_ts) shares them: a
   message with the files appears in the channel (in the thread), as a Slack client shows it.

Errors are Slack's (HTTP 200, ok=false): `invalid_arguments`, `missing_argument` (length 0),
`file_upload_size_restricted`, `alt_txt_too_large`, `file_not_found` (a file never uploaded, or
completed twice). `files.upload` is retired and answers `unknown_method` like any unknown method.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["MAX_FILE_BYTES", "SlackFiles", "Upload"]

MAX_FILE_BYTES = 1024 * 1024 * 1024  # Slack's limit for one file (1 GB)
PREVIEW_LINES = 5  # lines of a text file a client shows before "show more"


@dataclass
class Upload:
    """One file on its way through the three calls: reserved, then its bytes, then shared (or not)."""

    file_id: str
    filename: str
    length: int
    snippet_type: str | None = None
    alt_txt: str | None = None
    content: bytes | None = None  # None until POSTed to the upload URL
    title: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    completed: bool = False


@dataclass
class SlackFiles:
    """The uploads the stand-in knows, by file id, in the order they were reserved."""

    uploads: dict[str, Upload] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def get(self, file_id: str) -> Upload | None:
        return self.uploads.get(file_id)

    def shared(self, channel: str | None = None) -> list[Upload]:
        """Files shared by files.completeUploadExternal (into `channel` when given), in order."""
        return [u for u in self.uploads.values() if u.completed and (channel is None or u.channel == channel)]

    # ---- files (docs.slack.dev/messaging/working-with-files: the three-step upload) ---------------
    def reserve(self, args: dict[str, Any], *, base_url: str) -> dict[str, Any]:
        """files.getUploadURLExternal: `filename` and `length` (bytes) are required."""
        filename, raw_length = args.get("filename"), args.get("length")
        if not filename or raw_length in (None, ""):
            return {"ok": False, "error": "invalid_arguments"}
        try:
            length = int(raw_length)
        except (TypeError, ValueError):
            return {"ok": False, "error": "invalid_arguments"}
        if length <= 0:
            return {"ok": False, "error": "missing_argument"}  # Slack: "typically only when length is 0"
        if length > MAX_FILE_BYTES:
            return {"ok": False, "error": "file_upload_size_restricted"}
        alt_txt = args.get("alt_txt")
        if alt_txt and len(alt_txt) > 1000:
            return {"ok": False, "error": "alt_txt_too_large"}
        file_id = f"F{next(self._ids):010d}"
        self.uploads[file_id] = Upload(file_id, filename, length, args.get("snippet_type"), alt_txt)
        return {"ok": True, "upload_url": f"{base_url}/upload/v1/{file_id}", "file_id": file_id}

    async def receive(self, request: web.Request) -> web.Response:
        """The upload URL: raw bytes or a multipart form with the file; 200 "OK - <bytes>" as Slack answers."""
        upload = self.uploads.get(request.match_info["file_id"])
        if upload is None or upload.completed:
            return web.Response(status=404, text="Not Found")
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            part = next((v for v in form.values() if hasattr(v, "file")), None)
            data = part.file.read() if part is not None else b""
        else:
            data = await request.read()
        upload.content = data
        return web.Response(text=f"OK - {len(data)}")

    def complete(
        self, args: dict[str, Any], *, base_url: str, known: Callable[[str, str], bool], share: Callable[..., object]
    ) -> dict[str, Any]:
        """`known(channel, ts)`: is there such a message; `share(channel, text=, thread_ts=, files=)` shows it."""
        try:
            wanted = json.loads(args.get("files") or "")
        except ValueError:
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(wanted, list) or not wanted or not all(isinstance(f, dict) and f.get("id") for f in wanted):
            return {"ok": False, "error": "invalid_arguments"}
        uploads = [self.uploads.get(str(f["id"])) for f in wanted]
        if any(u is None or u.content is None or u.completed for u in uploads):
            return {"ok": False, "error": "file_not_found"}
        channel, thread_ts = args.get("channel_id") or None, args.get("thread_ts") or None
        if thread_ts and (channel is None or not known(channel, thread_ts)):
            return {"ok": False, "error": "invalid_arguments"}  # a thread needs its channel, and must exist
        shared = []
        for f, upload in zip(wanted, uploads, strict=True):
            assert upload is not None and upload.content is not None
            upload.title, upload.channel, upload.thread_ts = f.get("title") or upload.filename, channel, thread_ts
            upload.completed = True
            shared.append(self._info(upload, base_url=base_url))
        if channel is not None:
            share(channel, text=args.get("initial_comment") or "", thread_ts=thread_ts, files=shared)
        return {"ok": True, "files": shared}

    def _info(self, upload: Upload, *, base_url: str) -> dict[str, Any]:
        image = upload.filename.lower().endswith((".png", ".jpg", ".jpeg", ".gif"))
        info: dict[str, Any] = {
            "id": upload.file_id,
            "name": upload.filename,
            "title": upload.title,
            "size": len(upload.content or b""),
            "mimetype": "image/png" if image else "text/plain",
            "filetype": "png" if image else (upload.snippet_type or "text"),
            "url_private": f"{base_url}/files-pri/{upload.file_id}/{upload.filename}",
        }
        if not image:
            lines = (upload.content or b"").decode("utf-8", "replace").splitlines()
            info["preview"] = "\n".join(lines[:PREVIEW_LINES])
            info["lines"] = len(lines)
        return info

    async def serve(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["file_id"])
        if upload is None or not upload.completed or upload.content is None:
            return web.Response(status=404, text="Not Found")
        image = upload.filename.lower().endswith(".png")
        return web.Response(body=upload.content, content_type="image/png" if image else "text/plain")
