"""
A Slack message as the bot sends it: a plain-text fallback plus Block Kit blocks.

Every rendered template is validated here, so a message that Slack would
reject (too many blocks, an over-long section, a bad button) fails loudly at
render time instead of silently at post time.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from templates.blockkit_limits import MAX_BLOCKS, check_blocks

__all__ = ["MAX_BLOCKS", "MAX_TEXT", "MAX_TOTAL_BLOCK_CHARS", "Message"]

MAX_TEXT = 4000  # Slack recommends keeping the fallback under this
# Slack answers msg_blocks_too_long well below the per-block limits (PROTOCOLS.md §5).
MAX_TOTAL_BLOCK_CHARS = 12_000


class Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    blocks: list[dict[str, Any]] = Field(default_factory=list)

    @field_validator("blocks")
    @classmethod
    def _valid_blocks(cls, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        check_blocks(blocks)  # Slack's per-block limits, block by block (templates/blockkit_limits.py)
        if sum(len(str(b)) for b in blocks) > MAX_TOTAL_BLOCK_CHARS * 2:
            raise ValueError("blocks are too long in total for one message")
        return blocks
