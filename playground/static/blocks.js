// Block Kit to HTML, as Slack's clients draw it: header, section (text, fields, accessory),
// context, divider, actions (buttons with primary/danger styles and confirm dialogs), image,
// rich_text and markdown. Unknown blocks are shown as such, never dropped silently.
"use strict";

const Blocks = (() => {
  const { render: mrkdwn, escapeHtml } = Mrkdwn;

  function text(obj, users) {
    if (!obj) return "";
    if (obj.type === "mrkdwn") return mrkdwn(obj.text || "", users);
    return escapeHtml(obj.text || "").replace(/\n/g, "<br>");
  }

  function button(el, blockId) {
    const style = el.style === "primary" || el.style === "danger" ? ` ${el.style}` : "";
    const attrs = [
      `class="block-button${style}"`,
      `type="button"`,
      `data-action-id="${escapeHtml(el.action_id || "")}"`,
      `data-block-id="${escapeHtml(blockId || "")}"`,
      `data-value="${escapeHtml(el.value || "")}"`,
    ];
    if (el.url) attrs.push(`data-url="${escapeHtml(el.url)}"`);
    if (el.confirm) attrs.push(`data-confirm="${escapeHtml(JSON.stringify(el.confirm))}"`);
    return `<button ${attrs.join(" ")}>${escapeHtml((el.text && el.text.text) || "")}</button>`;
  }

  function element(el, blockId, users) {
    if (el.type === "button") return button(el, blockId);
    if (el.type === "image") return `<img class="context-image" src="${escapeHtml(el.image_url)}" alt="${escapeHtml(el.alt_text || "")}">`;
    if (el.type === "mrkdwn" || el.type === "plain_text") return `<span>${text(el, users)}</span>`;
    if (el.type === "overflow" || el.type.endsWith("_select")) {
      const options = (el.options || []).map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.text.text)}</option>`);
      return `<select class="block-select" disabled>${options.join("")}</select>`;
    }
    return `<span class="unknown">[${escapeHtml(el.type)}]</span>`;
  }

  function richText(node, users) {
    if (Array.isArray(node)) return node.map((n) => richText(n, users)).join("");
    if (!node || typeof node !== "object") return "";
    switch (node.type) {
      case "rich_text_section": return `<div>${richText(node.elements, users)}</div>`;
      case "rich_text_preformatted": return `<pre>${richText(node.elements, users)}</pre>`;
      case "rich_text_quote": return `<blockquote>${richText(node.elements, users)}</blockquote>`;
      case "rich_text_list": return `<ul>${(node.elements || []).map((e) => `<li>${richText(e.elements, users)}</li>`).join("")}</ul>`;
      case "text": {
        let html = escapeHtml(node.text || "").replace(/\n/g, "<br>");
        const s = node.style || {};
        if (s.code) html = `<code>${html}</code>`;
        if (s.bold) html = `<strong>${html}</strong>`;
        if (s.italic) html = `<em>${html}</em>`;
        return html;
      }
      case "link": return `<a href="${escapeHtml(node.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(node.text || node.url)}</a>`;
      case "user": return `<span class="mention">@${escapeHtml((users[node.user_id] || {}).name || node.user_id)}</span>`;
      default: return "";
    }
  }

  function block(b, users) {
    const id = escapeHtml(b.block_id || "");
    switch (b.type) {
      case "header":
        return `<div class="block block-header" data-block-id="${id}">${text(b.text, users)}</div>`;
      case "section": {
        const fields = (b.fields || []).map((f) => `<div class="field">${text(f, users)}</div>`).join("");
        const accessory = b.accessory ? `<div class="accessory">${element(b.accessory, b.block_id, users)}</div>` : "";
        return `<div class="block block-section" data-block-id="${id}"><div class="section-body">`
          + (b.text ? `<div class="section-text">${text(b.text, users)}</div>` : "")
          + (fields ? `<div class="fields">${fields}</div>` : "")
          + `</div>${accessory}</div>`;
      }
      case "context":
        return `<div class="block block-context" data-block-id="${id}">${(b.elements || []).map((e) => element(e, b.block_id, users)).join("")}</div>`;
      case "divider":
        return `<hr class="block block-divider">`;
      case "actions":
        return `<div class="block block-actions" data-block-id="${id}">${(b.elements || []).map((e) => element(e, b.block_id, users)).join("")}</div>`;
      case "image":
        return `<div class="block block-image"><img src="${escapeHtml(b.image_url)}" alt="${escapeHtml(b.alt_text || "")}"></div>`;
      case "rich_text":
        return `<div class="block block-rich-text">${richText(b.elements, users)}</div>`;
      case "markdown":
        return `<div class="block block-markdown">${mrkdwn(b.text || "", users)}</div>`;
      default:
        return `<div class="block unknown">[unsupported block: ${escapeHtml(b.type)}]</div>`;
    }
  }

  // A shared file, as Slack shows it: an image inline, a text snippet as its first lines.
  function file(f) {
    const title = `<div class="file-title">${escapeHtml(f.title || f.name || "")}</div>`;
    if ((f.mimetype || "").startsWith("image/")) {
      return `<div class="file file-image">${title}<img src="${escapeHtml(f.url_private)}" alt="${escapeHtml(f.title || "")}"></div>`;
    }
    const more = f.lines > 5 ? `<div class="file-more">${f.lines - 5} more lines · ${escapeHtml(f.name)}</div>` : "";
    return `<div class="file file-snippet">${title}<pre>${escapeHtml(f.preview || "")}</pre>${more}</div>`;
  }

  function message(msg, users) {
    const blocks = typeof msg.blocks === "string" ? JSON.parse(msg.blocks) : msg.blocks || [];
    const files = (msg.files || []).map(file).join("");
    if (!blocks.length) {
      const text = msg.text ? `<div class="block block-text">${mrkdwn(msg.text, users)}</div>` : "";
      return text + files;
    }
    return blocks.map((b) => block(b, users)).join("") + files;
  }

  return { message };
})();
