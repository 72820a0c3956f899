// Rendering: connection status, errors, the conversation log and the home state.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

const UI = {
  turns: new Map(), // item id → turn element
  current: null,

  status(text, kind) { const s = $("status"); s.textContent = text; s.className = `pill ${kind}`; },
  mic(text, kind) { const s = $("mic"); s.textContent = text; s.className = `pill ${kind}`; },
  error(message) { const e = $("error"); e.textContent = message; e.hidden = !message; },
  partial(text) { $("partial").textContent = text ? `${text}…` : ""; },
  played(seconds) { $("played").textContent = seconds.toFixed(1); },
  level(peak) { $("level").value = Math.min(1, peak * 2); },

  turn(itemId) {
    if (itemId && this.turns.has(itemId)) return this.turns.get(itemId);
    if (!itemId && this.current) return this.current;
    const li = el("li", "turn");
    for (const part of ["user", "action", "reply", "latency"]) li.appendChild(el("div", part));
    $("log").appendChild(li);
    if (itemId) this.turns.set(itemId, li);
    this.current = li;
    return li;
  },

  rings: new Map(), // what rings ("timer:3") → its row

  announcement(ring, stop) {
    // Said unprompted (a timer ended): its own row, not the current turn's. A ring is said
    // again until stopped: one row, its text said anew, with a button that stops it.
    const again = ring && this.rings.get(ring);
    if (again) { again.querySelector(".reply").textContent = ""; return again; }
    const li = el("li", "turn announcement");
    li.appendChild(el("div", "reply"));
    if (ring) {
      const button = el("button", "stop-ring", "Stop");
      button.addEventListener("click", stop);
      li.appendChild(button);
      this.rings.set(ring, li);
    }
    $("log").appendChild(li);
    return li;
  },

  ringsStopped(keys) {
    for (const key of keys || [...this.rings.keys()]) {
      const li = this.rings.get(key);
      if (!li) continue;
      li.querySelector(".stop-ring").remove();
      li.classList.add("stopped");
      this.rings.delete(key);
    }
  },

  existing(itemId) { return (itemId && this.turns.get(itemId)) || this.current || this.turn(itemId); },

  userText(itemId, text) { this.turn(itemId).querySelector(".user").textContent = text; },

  intent(itemId, intent, slots) {
    const line = this.existing(itemId).querySelector(".action");
    const args = Object.entries(slots || {}).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`);
    line.textContent = intent ? `intent ${intent}${args.length ? ` (${args.join(", ")})` : ""}` : "no intent matched";
  },

  action(itemId, ev) {
    const line = this.existing(itemId).querySelector(".action");
    const changes = (ev.changes || []).map((c) => `${c.target}.${c.attribute}: ${c.old} → ${c.new}`);
    const status = ev.success ? "done" : `failed (${ev.error_code || "error"})`;
    line.textContent = `${ev.intent}: ${status}${changes.length ? ` — ${changes.join("; ")}` : ""}`;
    line.className = `action ${ev.success ? "ok" : "failed"}`;
  },

  replyText(turnEl, text) {
    const r = turnEl.querySelector(".reply");
    r.textContent = r.textContent ? `${r.textContent} ${text}` : text;
  },

  latency(itemId, ms) {
    // Headline: what the user waited (end of speech → first reply audio), then the main stages.
    const stages = [["asr", "asr_after_endpoint"], ["understanding", "understanding"],
      ["action", "action"], ["tts", "tts_first_audio"]];
    const parts = stages.filter(([, k]) => ms[k] !== undefined).map(([n, k]) => `${n} ${Math.round(ms[k])}`);
    const wait = ms.response_gap !== undefined ? ms.response_gap : ms.end_to_first_audio;
    const line = this.existing(itemId).querySelector(".latency");
    line.textContent = `${wait !== undefined ? `reply after ${Math.round(wait)} ms` : "latency"} (${parts.join(" · ")} ms)`;
    line.title = Object.entries(ms).map(([k, v]) => `${k}: ${Math.round(v)} ms`).join("\n");
  },

  home(devices, changed) {
    const byArea = new Map();
    for (const d of devices) {
      const area = d.area || "Other";
      if (!byArea.has(area)) byArea.set(area, []);
      byArea.get(area).push(d);
    }
    const root = $("home");
    root.replaceChildren();
    for (const [area, list] of [...byArea.entries()].sort()) {
      const box = el("div", "area");
      box.appendChild(el("h3", "", area));
      for (const d of list) {
        const row = el("div", `device${changed.has(d.entity_id) ? " changed" : ""}`);
        row.appendChild(el("span", "name", d.name));
        const extra = d.attributes && d.attributes.brightness !== undefined && d.state === "on"
          ? ` ${Math.round(d.attributes.brightness)}%` : "";
        row.appendChild(el("span", `state ${d.state}`, `${d.state_with_unit || d.state}${extra}`));
        box.appendChild(row);
      }
      root.appendChild(box);
    }
  },
};

window.SaysoUI = UI;
