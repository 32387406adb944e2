"""Block Kit messages rendered from Jinja2 templates, one template per message kind."""

from templates.message import Message
from templates.rendering import mrkdwn, render, template_names

__all__ = ["Message", "mrkdwn", "render", "template_names"]
