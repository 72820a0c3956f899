// Microphone capture (AudioWorklet → pcm16 base64) and gapless playback of reply audio.
"use strict";

const REPLY_RATE = 24000; // OpenAI Realtime pcm16 output rate

function pcm16Base64(floats) {
  const bytes = new Uint8Array(floats.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < floats.length; i++) {
    const s = Math.max(-1, Math.min(1, floats[i]));
    view.setInt16(i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function base64Floats(b64) {
  const binary = atob(b64);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float32Array(binary.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 0x8000;
  return out;
}

class Microphone {
  // onFrame(base64Pcm16, level) is called every ~40 ms at `this.rate` Hz.
  constructor(ctx, onFrame) { this.ctx = ctx; this.onFrame = onFrame; this.stream = null; }

  get rate() { return this.ctx.sampleRate; }

  async start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new Error("this browser cannot capture audio (a secure context — https or localhost — is required)");
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
    await this.ctx.audioWorklet.addModule("/static/mic-worklet.js");
    const source = this.ctx.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.ctx, "mic-frames");
    this.node.port.onmessage = (e) => {
      const frame = e.data;
      let peak = 0;
      for (let i = 0; i < frame.length; i++) peak = Math.max(peak, Math.abs(frame[i]));
      this.onFrame(pcm16Base64(frame), peak);
    };
    source.connect(this.node);
    // Not connected to the speakers: a muted sink keeps the graph pulling in every browser.
    const sink = this.ctx.createGain();
    sink.gain.value = 0;
    this.node.connect(sink).connect(this.ctx.destination);
  }

  stop() {
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    if (this.node) this.node.disconnect();
    this.stream = null;
  }
}

class Player {
  // Schedules reply chunks back to back; knows how much of a response has been heard. A pause
  // (the user started talking over the reply) stops the sound at once and keeps every chunk, so
  // `resume` plays on from the same sample.
  constructor(ctx) { this.ctx = ctx; this.earlier = 0; this.chunks = []; this.reset(null); }

  reset(responseId) {
    this.earlier += this.played(); // seconds heard of previous responses
    this.responseId = responseId;
    this.chunks = []; // {start, duration, node, buffer, heard}
    this.nextStart = 0;
    this.paused = false;
  }

  source(buffer) {
    const node = this.ctx.createBufferSource();
    node.buffer = buffer;
    node.connect(this.ctx.destination);
    return node;
  }

  play(responseId, b64) {
    if (responseId !== this.responseId) this.reset(responseId);
    const floats = base64Floats(b64);
    if (!floats.length) return;
    const buffer = this.ctx.createBuffer(1, floats.length, REPLY_RATE);
    buffer.copyToChannel(floats, 0);
    if (this.paused) { // kept for resume(); the server holds audio while paused, so rarely
      this.chunks.push({ start: Infinity, duration: buffer.duration, node: null, buffer, heard: 0 });
      return;
    }
    const node = this.source(buffer);
    const start = Math.max(this.ctx.currentTime + 0.02, this.nextStart);
    node.start(start);
    this.nextStart = start + buffer.duration;
    this.chunks.push({ start, duration: buffer.duration, node, buffer, heard: 0 });
  }

  heardOf(c, now) { return this.paused ? c.heard : Math.max(0, Math.min(c.duration, now - c.start)); }

  played() {
    const now = this.ctx.currentTime;
    return this.chunks.reduce((s, c) => s + this.heardOf(c, now), 0);
  }

  totalPlayed() { return this.earlier + this.played(); }

  get playing() { return this.chunks.length > 0 && (this.paused || this.ctx.currentTime < this.nextStart); }

  pause(responseId) {
    if (this.paused || responseId !== this.responseId) return;
    const now = this.ctx.currentTime;
    for (const c of this.chunks) {
      c.heard = Math.max(0, Math.min(c.duration, now - c.start));
      if (c.node) { try { c.node.stop(now); } catch (e) { /* already ended */ } }
    }
    this.paused = true;
  }

  resume(responseId) {
    if (!this.paused || responseId !== this.responseId) return;
    this.paused = false;
    let t = this.ctx.currentTime + 0.02;
    for (const c of this.chunks) {
      if (c.heard >= c.duration) continue;
      c.node = this.source(c.buffer);
      c.node.start(t, c.heard); // from the sample it stopped at
      c.start = t - c.heard;
      t += c.duration - c.heard;
    }
    this.nextStart = t;
  }

  stop() {
    const heard = this.played();
    const now = this.ctx.currentTime;
    for (const c of this.chunks) {
      if (c.node) { try { c.node.stop(now); } catch (e) { /* already ended */ } }
    }
    this.chunks = this.chunks.map((c) => ({ ...c, start: now - this.heardOf(c, now), duration: this.heardOf(c, now) }));
    this.nextStart = now;
    this.paused = false;
    return heard;
  }
}

window.SaysoAudio = { Microphone, Player, pcm16Base64 };

// The wake-word chime: two short rising notes, so the user knows sayso is listening.
function chime(ctx) {
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  [880, 1320].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const start = ctx.currentTime + i * 0.08;
    osc.frequency.value = hz;
    osc.connect(gain);
    gain.gain.setValueAtTime(0.2, start);
    osc.start(start);
    osc.stop(start + 0.08);
  });
}
