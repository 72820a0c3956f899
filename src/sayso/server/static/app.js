// The voice page: one Realtime WebSocket, hands-free (server VAD) or push-to-talk (manual commit).
"use strict";

// Microphone, Player (audio.js), UI and $ (ui.js) are globals of the scripts loaded before this.
const PLAYBACK_REPORT_MS = 250;
const RECONNECT_MAX_MS = 10000;

// Exposed for tests and curious users: what the page has seen and played.
const stats = window.saysoStats = {
  connected: false, transcripts: [], replies: [], actions: [], audioDeltas: 0, playedMs: 0,
  responses: [], errors: [],
};

const app = {
  ws: null, ctx: null, mic: null, player: null, talking: false, responseTurns: new Map(),
  reconnectMs: 1000, lastReport: -1, micOn: false,

  get mode() { return document.querySelector("input[name=mode]:checked").value; },

  token() {
    const fromUrl = new URLSearchParams(location.search).get("token");
    if (fromUrl) localStorage.setItem("sayso-token", fromUrl);
    return $("token").value || fromUrl || localStorage.getItem("sayso-token") || "";
  },

  connect() {
    const t = this.token();
    const protocols = ["realtime"].concat(t ? [`openai-insecure-api-key.${t}`] : []);
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    UI.status("connecting…", "busy");
    const ws = this.ws = new WebSocket(`${scheme}://${location.host}/v1/realtime`, protocols);
    ws.onopen = () => {
      stats.connected = true; this.reconnectMs = 1000;
      UI.status("connected", "on"); UI.error("");
      this.configure(); this.refreshHome(new Set());
    };
    ws.onmessage = (m) => this.onEvent(JSON.parse(m.data));
    ws.onclose = (e) => {
      stats.connected = false;
      UI.status("disconnected", "off");
      const why = e.code === 1008 ? `refused: ${e.reason || "not allowed"} — check the token` : `connection closed (${e.code})`;
      UI.error(`Disconnected from the server: ${why}. Reconnecting…`);
      if (e.code === 1008) $("token-row").hidden = false;
      setTimeout(() => this.connect(), this.reconnectMs);
      this.reconnectMs = Math.min(RECONNECT_MAX_MS, this.reconnectMs * 2);
    };
  },

  send(event) { if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(event)); },

  configure() {
    const wakeWord = this.mode === "wake-word";
    const handsFree = this.mode === "hands-free" || wakeWord;
    this.send({ type: "session.update", session: {
      turn_detection: handsFree ? { type: "server_vad" } : null,
      input_audio_format: "pcm16",
      input_audio_sample_rate: this.ctx ? this.ctx.sampleRate : 24000,
      // This page pauses a reply the moment the user talks over it (sayso.response.pause).
      sayso: { wake: { enabled: wakeWord }, client_pauses: true },
    } });
    $("talk").disabled = handsFree || !this.micOn;
  },

  async ensureAudio() {
    // Browsers start audio only after a user gesture, so this runs from a click or submit.
    this.ctx = this.ctx || new AudioContext();
    this.player = this.player || new Player(this.ctx);
    await this.ctx.resume();
  },

  async startMic() {
    try {
      await this.ensureAudio();
      this.mic = new Microphone(this.ctx, (b64, peak) => this.onFrame(b64, peak));
      await this.mic.start();
      this.micOn = true;
      UI.mic("mic on", "on"); UI.error("");
      $("start").textContent = "Stop microphone";
      this.configure();
    } catch (err) {
      this.micOn = false;
      const denied = err && (err.name === "NotAllowedError" || err.name === "SecurityError");
      const missing = err && err.name === "NotFoundError";
      UI.mic("mic off", "off");
      UI.error(denied ? "Microphone permission denied: allow microphone access for this page, then press Start again."
        : missing ? "No microphone found: connect one and press Start again."
        : `Cannot start the microphone: ${err && err.message ? err.message : err}`);
    }
  },

  stopMic() {
    if (this.mic) this.mic.stop();
    this.micOn = false; this.talking = false;
    UI.mic("mic off", "off"); $("start").textContent = "Start microphone"; $("talk").disabled = true;
  },

  onFrame(b64, peak) {
    UI.level(peak);
    if (this.mode !== "push-to-talk" || this.talking) this.send({ type: "input_audio_buffer.append", audio: b64 });
  },

  talk(down) {
    if (this.mode !== "push-to-talk" || !this.micOn || down === this.talking) return;
    this.talking = down;
    $("talk").classList.toggle("active", down);
    if (down) {
      this.interrupt();
      this.send({ type: "input_audio_buffer.clear" });
    } else {
      this.send({ type: "input_audio_buffer.commit" });
    }
  },

  interrupt() {
    if (this.player && this.player.playing) this.send({ type: "response.cancel" });
  },

  reportPlayback() {
    if (!this.player || !this.player.responseId) return;
    const ms = Math.round(this.player.played() * 1000);
    if (ms === this.lastReport) return;
    this.lastReport = ms;
    this.send({ type: "sayso.playback", response_id: this.player.responseId, played_ms: ms });
    stats.playedMs = Math.round(this.player.totalPlayed() * 1000);
    UI.played(stats.playedMs / 1000);
  },

  async refreshHome(changed) {
    const t = this.token();
    try {
      const r = await fetch("/v1/home", { headers: t ? { Authorization: `Bearer ${t}` } : {} });
      if (r.status === 401) { $("token-row").hidden = false; return; }
      if (r.ok) UI.home((await r.json()).devices, changed);
    } catch (e) { /* the WebSocket's close handler reports the outage */ }
  },

  onEvent(ev) {
    const handler = HANDLERS[ev.type];
    if (handler) handler.call(this, ev);
  },
};

const HANDLERS = {
  "input_audio_buffer.speech_started"() { UI.mic("hearing you", "busy"); },
  "input_audio_buffer.speech_stopped"() { UI.mic(this.micOn ? "mic on" : "mic off", this.micOn ? "on" : "off"); },
  "conversation.item.created"(ev) {
    const part = ev.item && ev.item.content && ev.item.content[0];
    if (part && part.type === "input_text") UI.userText(ev.item.id, part.text);
  },
  "conversation.item.input_audio_transcription.delta"(ev) { UI.partial(ev.text || ev.delta); },
  "conversation.item.input_audio_transcription.completed"(ev) {
    UI.partial(""); UI.userText(ev.item_id, ev.transcript); stats.transcripts.push(ev.transcript);
  },
  "sayso.intent"(ev) { UI.intent(ev.item_id, ev.intent, ev.slots); },
  "sayso.action"(ev) {
    UI.action(ev.item_id, ev); stats.actions.push(ev);
    const stopped = (ev.changes || []).filter((c) => c.attribute === "ringing").map((c) => c.target);
    if (stopped.length) UI.ringsStopped(stopped); // "stop" said while it rang
    this.refreshHome(new Set((ev.changes || []).map((c) => c.target)));
  },
  "response.created"(ev) {
    const extra = ev.response.sayso || {}; // an announcement (a timer ended): a row of its own
    const stop = () => this.send({ type: "sayso.ring.stop" });
    if (extra.announcement) stats.announcements = (stats.announcements || 0) + 1;
    if (extra.ring && this.ctx) chime(this.ctx); // a ringing timer chimes before it speaks
    this.responseTurns.set(ev.response.id, extra.announcement ? UI.announcement(extra.ring, stop) : UI.current || UI.turn(null));
  },
  "sayso.ring.stopped"(ev) { UI.ringsStopped(ev.ring ? [ev.ring] : undefined); }, // one ended, or all the client stopped
  "response.audio_transcript.delta"(ev) {
    UI.replyText(this.responseTurns.get(ev.response_id) || UI.turn(null), ev.delta);
  },
  "response.audio.delta"(ev) {
    if (this.player && this.player.responseId !== ev.response_id) this.lastReport = -1;
    if (this.player) this.player.play(ev.response_id, ev.delta);
    stats.audioDeltas += 1;
  },
  "response.done"(ev) {
    const r = ev.response;
    stats.responses.push(r.status);
    const turn = this.responseTurns.get(r.id);
    if (r.status === "cancelled") {
      if (this.player) this.player.stop();
      this.reportPlayback();
      if (turn) turn.classList.add("cancelled");
    } else if (r.output && r.output[0] && r.output[0].content[0]) {
      stats.replies.push(r.output[0].content[0].transcript);
    }
  },
  "sayso.wake_word.detected"() { if (this.ctx) chime(this.ctx); UI.mic("listening", "busy"); },
  "sayso.listening"(ev) { if (!ev.listening) UI.mic("say the wake word", "on"); },
  "sayso.barge_in"() { if (this.player) this.player.stop(); this.reportPlayback(); },
  "sayso.response.pause"(ev) { if (this.player) this.player.pause(ev.response_id); stats.pauses = (stats.pauses || 0) + 1; },
  "sayso.response.resume"(ev) { if (this.player) this.player.resume(ev.response_id); this.reportPlayback(); },
  "sayso.turn.latency"(ev) { UI.latency(`item_${ev.turn_id}`, ev.latency_ms); },
  error(ev) {
    stats.errors.push(ev.error.code);
    UI.error(`Server error (${ev.error.code}): ${ev.error.message}`);
    setTimeout(() => UI.error(""), 6000);
  },
};

$("start").addEventListener("click", () => (app.micOn ? app.stopMic() : app.startMic()));
for (const radio of document.querySelectorAll("input[name=mode]")) radio.addEventListener("change", () => app.configure());
const talkButton = $("talk");
talkButton.addEventListener("pointerdown", () => app.talk(true));
for (const type of ["pointerup", "pointerleave", "pointercancel"]) talkButton.addEventListener(type, () => app.talk(false));
document.addEventListener("keydown", (e) => { if (e.code === "Space" && e.target.tagName !== "INPUT") { e.preventDefault(); app.talk(true); } });
document.addEventListener("keyup", (e) => { if (e.code === "Space" && e.target.tagName !== "INPUT") app.talk(false); });
$("text-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  app.ensureAudio();
  app.interrupt();
  app.send({ type: "conversation.item.create", item: { type: "message", role: "user", content: [{ type: "input_text", text }] } });
  app.send({ type: "response.create" });
  $("text").value = "";
});
$("token").addEventListener("change", () => { localStorage.setItem("sayso-token", $("token").value); app.ws && app.ws.close(); });
setInterval(() => app.reportPlayback(), PLAYBACK_REPORT_MS);
app.connect();
