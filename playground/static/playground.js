// The playground page: long-polls the channel's state from the Slack stand-in, draws it like
// a Slack channel (threads folded under their parents, edits in place, ephemeral answers),
// and posts what the person does (messages, button clicks, test alerts) to the playground API.
"use strict";

(() => {
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("composer-input");
  const alertButton = document.getElementById("test-alert");
  const notice = document.getElementById("notice");
  const expanded = new Set();
  const drafts = {};
  const ALERT_LABELS = { firing: "Send a test alert", update: "Update the test alert", resolved: "Resolve the test alert" };
  // The session's token: only this page has it (the playground embeds it when serving the page).
  const TOKEN = document.querySelector('meta[name="playground-token"]').content;
  let state = null;

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Playground-Token": TOKEN },
      body: JSON.stringify(body || {}),
    });
    return response.json().catch(() => ({}));
  }

  function time(ts) {
    const date = new Date(parseFloat(ts) * 1000);
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function initials(name) {
    return (name || "?").slice(0, 2).toUpperCase();
  }

  function messageHtml(msg, replies) {
    const user = state.users[msg.user] || { name: msg.user, real_name: msg.user };
    const isBot = Boolean(msg.bot_id);
    const classes = ["message", isBot ? "from-bot" : "from-person", msg.ephemeral_to ? "ephemeral" : ""];
    const badge = isBot ? `<span class="app-badge">APP</span>` : "";
    const edited = msg.edited ? `<span class="edited">(edited)</span>` : "";
    const ephemeral = msg.ephemeral_to ? `<div class="only-you">Only visible to you</div>` : "";
    let thread = "";
    if (replies) {
      const open = expanded.has(msg.ts);
      const count = replies.length;
      const label = count ? `${count} ${count === 1 ? "reply" : "replies"}` : "Reply in thread";
      const empty = count ? "" : " empty";
      thread = `<button type="button" class="thread-toggle${empty}" data-ts="${msg.ts}" aria-expanded="${open}">${label}</button>`;
      if (open) {
        thread += `<div class="thread" data-thread-ts="${msg.ts}">`
          + replies.map((r) => messageHtml(r, null)).join("")
          + `<form class="thread-composer" data-thread-ts="${msg.ts}"><input name="text" placeholder="Reply… (@klepaas …)" value="${Mrkdwn.escapeHtml(drafts[msg.ts] || "")}"><button type="submit">Reply</button></form>`
          + `</div>`;
      }
    }
    return `<article class="${classes.join(" ")}" data-ts="${msg.ts}">`
      + `<div class="avatar ${isBot ? "bot" : ""}">${initials(user.real_name)}</div>`
      + `<div class="body"><div class="meta"><span class="author">${Mrkdwn.escapeHtml(user.real_name)}</span>${badge}`
      + `<span class="time">${time(msg.ts)}</span>${edited}</div>${ephemeral}`
      + `<div class="content">${Blocks.message(msg, state.users)}</div>${thread}</div></article>`;
  }

  function draw() {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const parents = [];
    const replies = {};
    for (const msg of state.messages) {
      if (msg.thread_ts && msg.thread_ts !== msg.ts) (replies[msg.thread_ts] = replies[msg.thread_ts] || []).push(msg);
      else parents.push(msg);
    }
    list.innerHTML = parents.map((m) => messageHtml(m, replies[m.ts] || [])).join("");
    for (const label of document.querySelectorAll("#cluster-label, #cluster-header")) {
      // A real cluster is named in the warning colour: the buttons change it for real.
      label.textContent = state.cluster === "DEMO" ? "DEMO cluster" : `REAL cluster: ${state.cluster}`;
      label.classList.toggle("demo", state.cluster === "DEMO");
      label.classList.toggle("real", state.cluster !== "DEMO");
    }
    alertButton.hidden = !state.next_alert;
    alertButton.textContent = ALERT_LABELS[state.next_alert] || "Send a test alert";
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  async function poll() {
    let since = -1;
    for (;;) {
      try {
        const response = await fetch(`/playground/api/state?since=${since}`, { headers: { "X-Playground-Token": TOKEN } });
        if (!response.ok) {
          // Refused: most often a page left open from an earlier playground session (another token).
          const refused = await response.json().catch(() => ({}));
          notice.textContent = refused.error || `The playground answered ${response.status}; reload the page.`;
          notice.hidden = false;
          await new Promise((resolve) => setTimeout(resolve, 3000));
          continue;
        }
        notice.hidden = true;
        state = await response.json();
        since = state.version;
        draw();
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    await post("/playground/api/say", { text });
  });

  document.getElementById("examples").addEventListener("click", (event) => {
    const text = event.target.dataset && event.target.dataset.text;
    if (text) {
      input.value = text;
      input.focus();
    }
  });

  alertButton.addEventListener("click", async () => {
    alertButton.disabled = true;
    try {
      await post("/playground/api/alert");
    } finally {
      alertButton.disabled = false;
    }
  });

  list.addEventListener("input", (event) => {
    const composer = event.target.closest(".thread-composer");
    if (composer) drafts[composer.dataset.threadTs] = event.target.value;
  });

  list.addEventListener("submit", async (event) => {
    const composer = event.target.closest(".thread-composer");
    if (!composer) return;
    event.preventDefault();
    const threadTs = composer.dataset.threadTs;
    const text = (drafts[threadTs] || "").trim();
    if (!text) return;
    drafts[threadTs] = "";
    await post("/playground/api/say", { text, thread_ts: threadTs });
  });

  list.addEventListener("click", async (event) => {
    const toggle = event.target.closest(".thread-toggle");
    if (toggle) {
      if (expanded.has(toggle.dataset.ts)) expanded.delete(toggle.dataset.ts);
      else expanded.add(toggle.dataset.ts);
      draw();
      return;
    }
    const button = event.target.closest(".block-button");
    if (!button) return;
    if (button.dataset.confirm) {
      const confirm = JSON.parse(button.dataset.confirm);
      if (!window.confirm(`${confirm.title.text}\n\n${confirm.text.text}`)) return;
    }
    if (button.dataset.url) window.open(button.dataset.url, "_blank", "noopener");
    const ts = button.closest(".message").dataset.ts;
    button.disabled = true;
    await post("/playground/api/click", {
      ts,
      action_id: button.dataset.actionId,
      block_id: button.dataset.blockId,
    });  // the value is the message's own, as in Slack: the playground reads it from the message
  });

  poll();
})();
