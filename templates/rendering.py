"""
Jinja2 environment that renders Block Kit JSON safely.

Every dynamic value goes through `tojson`, so quotes and newlines in alert or
cluster text cannot break the JSON; untrusted text goes through `mrkdwn` first,
so `<!channel>` and `<http://x|y>` arrive as inert characters. Credentials are redacted from
the rendered JSON before it is validated (templates/redaction.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import markupsafe

from templates.message import Message
from templates.redaction import redact

_HERE = Path(__file__).parent


def mrkdwn(value: object) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(value: object, length: int = 200, end: str = "…") -> str:
    text = str(value)
    return text if len(text) <= length else text[: max(0, length - len(end))] + end


def plain(value: object, length: int = 75) -> str:
    """Text for plain_text fields (buttons, headers): no escaping, but bounded."""
    return truncate(" ".join(str(value).split()), length)


def _tojson(value: object) -> str:
    return markupsafe.Markup(json.dumps(value, ensure_ascii=False))


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_HERE),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_env.filters["mrkdwn"] = mrkdwn
_env.filters["tojson"] = _tojson
_env.filters["truncate_text"] = truncate
_env.filters["plain"] = plain
_env.filters["format_example"] = lambda text: f"• `{text}`"


def render(name: str, **values: object) -> Message:
    """Render `templates/<name>.json.j2` and validate it as a Slack message; raises on bad output.

    Credentials in any value (log lines, events, error texts) leave as «redacted» (templates/redaction.py).
    """
    raw = redact(_env.get_template(f"{name}.json.j2").render(**values))
    return Message.model_validate_json(raw)


def template_names() -> list[str]:
    return sorted(p.name.removesuffix(".json.j2") for p in _HERE.glob("*.json.j2"))
