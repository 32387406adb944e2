"""
Slack text -> plain text with marks: the first stage of reading a message.

Slack sends mrkdwn: `code` and *bold* around names, <https://…|links>, <@U…> and
<#C…|channel> references, :emoji:, quoted lines ("> …", sent as "&gt; …"),
~struck-through~ text, bullets and line breaks. What people mean by each:

- a code span or bold text is a literal name (or an image); the marks go, the text stays;
- a code block is pasted output (a log, an error): kept aside with what is quoted, and so are the
  lines of a pasted alert notification ("[FIRING:1] …", " - namespace = shop", "Annotations:");
- a link is a reference: its label is kept aside with the names, and is no word of the request;
- a user or user-group reference says who is addressed, unless it only copies them in ("cc
  <@U…>", "from <@U…>", "thanks <@U…>") or, past the request, talks about them ("… <@U…> says …");
  <!here>/<!channel> address everyone;
- struck-through text is withdrawn, and a quoted line or quoted speech is someone else's words:
  neither is a request, and both are kept aside as marks;
- emoji are tone, not words, and stand where a sentence ends (❌ takes back the word before it);
- an arrow ("→", "->") means "to";
- every line and every bullet is a clause of its own (the text keeps them as line breaks).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from intents.lazy_pattern import LazyPattern

_CODE_BLOCK = re.compile(r"```(.*?)```", re.DOTALL)
# A code span stands apart from the words around it; "`whoami`:1.0" is no code span but backticks.
_CODE = re.compile(r"(?<![\w:@/])`([^`\n]+)`(?![A-Za-z0-9_:@/])")  # a Korean particle may follow: "`web`을"
_LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_GROUP = re.compile(r"<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>")
_BROADCAST = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_OTHER_REF = re.compile(r"<![^>]*>")
# Words before a reference that copy someone in rather than write to them.
_COPIED = LazyPattern(
    r"(?:\b(?:cc|fyi|from|by|via|per|thanks|thx|thank you|with|and|h/t|제보|출처|참고|공유)|/|\()\W*$", re.IGNORECASE
)
# Words after a reference, past the request, that talk about the person rather than to them: "…? <@U…> says
# refunds hang", "…, <@U…>가 확인해 줬어요". (Opening the message, "<@U…> said …" or "<@U…> is x up?" is written
# to them.)
_REFERRED = re.compile(
    r"(?:\s+(?:says|said|reports|reported|mentioned|noticed|thinks|thought|found|confirmed)\b|'s\b"
    r"|(?:\s?님)?(?:이|가|께서|도|은|는|한테서|의)(?![\uac00-\ud7a3]))",
    re.IGNORECASE,
)
# Lines of a pasted alert notification (Alertmanager's or Grafana's text): output, like a code block.
# "[FIRING:1] KubePodCrashLooping …", " - namespace = shop", "container=web pod=web-7f9 namespace=shop",
# "Annotations:", "Dashboard: <https://…>", "`rate(errors[5m])` = 4.2".
_PASTED_ALERT = re.compile(
    r"^[ \t]*((?:"
    r"[*_]*\[(?:FIRING|RESOLVED|Alerting|OK|No ?Data|Pending|Alert)\b[^\]\n]*\].*"
    r"|[-•*][ \t]*[\w.-]+[ \t]+=[ \t]+\S.*"
    r"|[\w.-]+=\S+(?:[ \t]+[\w.-]+=\S+)+[ \t]*"
    r"|(?:Labels|Annotations|Source|Dashboard|Panel|Runbook|Silence|Details)[ \t]*:.*"
    r"|`[^`\n]+`[ \t]*(?:=|>|<)[ \t]*\S.*"
    r"))$",
    re.MULTILINE | re.IGNORECASE,
)
_QUOTE_LINE = re.compile(r"^\s*>+ ?(.*)$", re.MULTILINE)
# An aside that rules something out: "restart web (NOT api, that one's fine)", "(api 말고)"
_NOT_ASIDE = re.compile(
    r"\(\s*(?:not|never|but not)\b([^)\n]*)\)|\(([^)\n]*\s(?:말고|아니고|빼고))\s*\)", re.IGNORECASE
)
_STRUCK = re.compile(r"(?<![\w~])~([^~\n]+)~(?![\w~])")
# a Korean particle may follow, as after a code span: "*다섯 개*로"
_BOLD = re.compile(r"(?<![\w*])\*{1,2}([^*\n]+?)\*{1,2}(?![A-Za-z0-9_*])")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![A-Za-z0-9_])")
# Quoted speech of two words or more: someone else's words. One quoted word is a name.
_SPEECH = re.compile(r"[\"“„”]([^\"“”„\n]*\s[^\"“”„\n]*)[\"”“]|[「『]([^」』\n]+)[」』]")
_EMOJI_CODE = re.compile(r"(?<![\w/]):[a-z0-9+][a-z0-9_+'-]*:(?::skin-tone-\d:)?", re.IGNORECASE)
_CROSSED = re.compile(r"\s*(?:❌|✖|🚫|⛔|:x:|:no_entry:|:no_entry_sign:|:heavy_multiplication_x:)(?:\ufe0f)?")
_SLASHED = re.compile(r"(?<![\w./:@-])([A-Za-z]{2,})/([A-Za-z]{2,})(?![\w./:@-])")
_ARROW = re.compile(r"\s*(?:→|⟶|➡|->|=>|⇒)\s*")
# The bot called by its name as typed (not a Slack mention): the rest is written to the bot.
_BOT_NAME = re.compile(r"(?<![\w/-])@?klepaas(?![\w-])[\s,:!]*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•◦▪‣●○·*-]|\d{1,2}[.)])\s+", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Marked:
    """A message as plain text, and what its markup said about it."""

    text: str  # plain text; one line per clause the layout made
    addressed: tuple[str, ...] = ()  # user and user-group ids the message is written to
    broadcast: bool = False  # <!here>, <!channel>, <!everyone>
    withdrawn: tuple[str, ...] = ()  # struck-through text
    quoted: tuple[str, ...] = ()  # quoted lines and quoted speech: someone else's words
    names: tuple[str, ...] = ()  # the contents of code spans: literal names


def _symbol(ch: str) -> bool:
    """An emoji or pictograph: tone, not words (Hangul, letters, digits and punctuation stay)."""
    if ch.isascii():
        return False  # "`", "^", "|": markup and shell characters stay for what reads them
    return unicodedata.category(ch) in ("So", "Sk", "Cs", "Co") or 0x1F000 <= ord(ch) <= 0x1FAFF


# NFKC turns the letters people type alone ("ㄱㄱ", "ㅠㅠ") into conjoining jamo; they are read as typed.
_COMPAT_JAMO = {
    ord(unicodedata.normalize("NFKC", chr(c))): chr(c)
    for c in range(0x3131, 0x318F)
    if len(unicodedata.normalize("NFKC", chr(c))) == 1
}
# Crying and laughing in letters ("ㅠㅠ", "ㅋㅋ", "ㅎㅎ"): tone, like an emoji, and where a sentence ends.
_TONE_JAMO = re.compile(r"(?<![\uac00-\ud7a3])[ㅠㅜㅋㅎ]+(?![\uac00-\ud7a3])")


def plain(text: str) -> Marked:
    """The plain text of a Slack message and its marks (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_COMPAT_JAMO).replace("\r\n", "\n")
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    names: list[str] = []
    addressed: list[str] = []
    withdrawn: list[str] = []
    quoted: list[str] = []

    def quote(match: re.Match[str]) -> str:
        quoted.append(match.group(1).strip())
        return ""

    def keep_name(match: re.Match[str]) -> str:
        names.append(match.group(1).strip())
        return f" {match.group(1).strip()} "

    def address(match: re.Match[str]) -> str:
        before = match.string[: match.start()]
        referred = bool(before.strip()) and _REFERRED.match(match.string, match.end()) is not None
        if not _COPIED.search(before) and not referred:
            addressed.append(match.group(1))
        return " "

    text = _CODE_BLOCK.sub(lambda m: quote(m) + "\n", text)
    text = _PASTED_ALERT.sub(quote, text)
    text = _CODE.sub(keep_name, text)
    text = _LINK.sub(lambda m: _label(m, names), text)
    text = _QUOTE_LINE.sub(quote, _unescaped(text))  # Slack escapes &, <, > people type: "&gt; quoted"
    text = _USER.sub(address, text)
    text = _GROUP.sub(address, text)
    broadcast = bool(_BROADCAST.search(text))
    text = _BROADCAST.sub(" ", text)
    text = _CHANNEL.sub(" ", text)
    text = _OTHER_REF.sub(" ", text)

    def withdraw(match: re.Match[str]) -> str:
        withdrawn.append(match.group(1).strip())
        return " "

    def rule_out(match: re.Match[str]) -> str:
        withdrawn.append((match.group(1) or match.group(2) or "").strip())
        return " "

    text = _STRUCK.sub(withdraw, text)
    text = _NOT_ASIDE.sub(rule_out, text)
    text = _SPEECH.sub(lambda m: _speech(m, quoted), text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _CROSSED.sub(" 말고 ", text)  # "재시작 ❌ 롤백 ⭕": the crossed-out word is taken back, as with 말고
    text = _EMOJI_CODE.sub("\n", text)  # an emoji between two sentences stands for the full stop
    text = "".join("\n" if _symbol(ch) else ch for ch in text)
    text = _TONE_JAMO.sub("\n", text)
    text = _ARROW.sub(" to ", text)
    text = _SLASHED.sub(r"\1 \2", text)  # "host/port", "image/tag": two words, not a path or an image
    text = _BULLET.sub("", text)
    text = _BOT_NAME.sub(" ", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return Marked(
        text="\n".join(line for line in lines if line),
        addressed=tuple(dict.fromkeys(addressed)),
        broadcast=broadcast,
        withdrawn=tuple(withdrawn),
        quoted=tuple(q for q in quoted if q),
        names=tuple(dict.fromkeys(n for n in names if n)),
    )


def _label(match: re.Match[str], names: list[str]) -> str:
    """A link's label is a reference, not words of the request: kept aside with the names."""
    if match.group(2):
        names.append(match.group(2).strip())
    return " "


def _speech(match: re.Match[str], quoted: list[str]) -> str:
    quoted.append((match.group(1) or match.group(2)).strip())
    return " "


def _unescaped(text: str) -> str:
    """`html.unescape`, whose entity table is loaded only for a message that holds an '&'."""
    if "&" not in text:
        return text
    import html

    return html.unescape(text)
