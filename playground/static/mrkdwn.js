// Slack's mrkdwn to safe HTML: <@U…> mentions, <url|label> links, <!here>, *bold*, _italic_,
// ~strike~, `code`, ```pre```, > quotes, :emoji: shortcodes, and line breaks. Text arrives with & < > escaped by the
// sender (as Slack requires), so every "<" left in it starts a control sequence.
"use strict";

const Mrkdwn = (() => {
  // The shortcodes the bot uses, and a few common ones; unknown ones stay as typed, as in Slack.
  const EMOJI = {
    white_check_mark: "\u2705", x: "\u274C", warning: "\u26A0\uFE0F", hourglass: "\u231B",
    hourglass_flowing_sand: "\u23F3", rocket: "\u{1F680}", raised_hand: "\u270B", no_entry: "\u26D4",
    no_entry_sign: "\u{1F6AB}", information_source: "\u2139\uFE0F", fast_forward: "\u23E9", eyes: "\u{1F440}",
    white_circle: "\u26AA", red_circle: "\u{1F534}", large_yellow_circle: "\u{1F7E1}",
    large_green_circle: "\u{1F7E2}", large_blue_circle: "\u{1F535}", double_vertical_bar: "\u23F8\uFE0F",
    fire: "\u{1F525}", rotating_light: "\u{1F6A8}", bell: "\u{1F514}", mute: "\u{1F507}", tada: "\u{1F389}",
    arrows_counterclockwise: "\u{1F504}", thumbsup: "\u{1F44D}", "+1": "\u{1F44D}", wave: "\u{1F44B}",
  };

  function emoji(html) {
    return html.replace(/:([a-z0-9_+-]+):/g, (code, name) => EMOJI[name] || code);
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function unescapeSlack(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function safeUrl(url) {
    return /^(https?:|mailto:)/i.test(url) ? url : null;
  }

  function control(inner, users) {
    const [target, label] = inner.split("|", 2);
    if (target.startsWith("@")) {
      const user = users[target.slice(1)];
      return `<span class="mention">@${escapeHtml(label || (user ? user.name : target.slice(1)))}</span>`;
    }
    if (target.startsWith("#")) {
      return `<span class="mention">#${escapeHtml(label || target.slice(1))}</span>`;
    }
    if (target.startsWith("!")) {
      const name = target.slice(1).split("^")[0];
      return `<span class="mention">@${escapeHtml(label || name)}</span>`;
    }
    const url = safeUrl(unescapeSlack(target));
    const text = escapeHtml(unescapeSlack(label || target));
    return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text}</a>` : text;
  }

  function styles(html) {
    return emoji(html)
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,!?:;])/g, "$1<strong>$2</strong>")
      .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?:;])/g, "$1<em>$2</em>")
      .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,!?:;])/g, "$1<del>$2</del>");
  }

  // Code first (nothing inside code is formatted), then control sequences, then styles.
  function render(text, users = {}) {
    const parts = [];
    const code = /```([\s\S]*?)```|`([^`\n]+)`/g;
    let last = 0;
    let match;
    while ((match = code.exec(text)) !== null) {
      parts.push(inline(text.slice(last, match.index), users));
      if (match[1] !== undefined) {
        parts.push(`<pre>${escapeHtml(unescapeSlack(match[1].replace(/^\n/, "")))}</pre>`);
      } else {
        parts.push(`<code>${escapeHtml(unescapeSlack(match[2]))}</code>`);
      }
      last = code.lastIndex;
    }
    parts.push(inline(text.slice(last), users));
    return parts.join("");
  }

  function inline(text, users) {
    const out = [];
    const controls = /<([^<>]+)>/g;
    let last = 0;
    let match;
    while ((match = controls.exec(text)) !== null) {
      out.push(styles(escapeHtml(unescapeSlack(text.slice(last, match.index)))));
      out.push(control(match[1], users));
      last = controls.lastIndex;
    }
    out.push(styles(escapeHtml(unescapeSlack(text.slice(last)))));
    return out
      .join("")
      .split("\n")
      .map((line) => (line.startsWith("&gt; ") ? `<blockquote>${line.slice(5)}</blockquote>` : line))
      .join("<br>");
  }

  return { render, escapeHtml };
})();
