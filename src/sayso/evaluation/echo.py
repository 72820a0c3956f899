"""sayso on a loudspeaker: whether it interrupts itself, and whether it still hears the user.

A simulated speaker → microphone path: the reply audio convolved with a room impulse response
(the shared RIRs), delayed, and scaled so the echo is 0, 5 or 10 dB louder at the microphone
than the user's speech. Three numbers, with and without echo cancellation (echo gating by
correlation stays on in both, as in every session):

* ERLE: echo return loss enhancement of the canceller on replies alone, offline, in dB.
* False barge-ins: replies (typed turns, so the microphone hears only the echo) interrupted by
  sayso's own voice, in real time through a live `Session`; the goal is 0.
* Barge-in detection: the user says "What time is it?" over a long reply; the share of replies
  that were interrupted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np
from scipy.signal import fftconvolve

from sayso.audio.echo_cancel import StreamingCanceller, WebRtcAec
from sayso.constants import SAMPLE_RATE
from sayso.evaluation.dialogue.sim import SimulatedCall
from sayso.events import AudioChunk, BargeIn, PlaybackPaused, PlaybackResumed, ResponseDone

Speak = Callable[[str], np.ndarray]
LEVELS_DB: Final[tuple[float, ...]] = (0.0, 5.0, 10.0)
"""Echo level above the user's speech at the microphone, dB."""
DELAY_S: Final[float] = 0.04
"""Loudspeaker → microphone delay beyond the RIR (buffers), seconds."""
REPLY_TEXTS: Final[tuple[str, ...]] = (
    "Please tell me a long story.", "What time is it?", "Turn on the kitchen light.",
    "Turn off the bedroom light.", "Open the living room curtains.",
)
EXPOSURE_S: Final[float] = 4.0
"""A false-barge-in trial listens to at most this much of a reply, then stops it (client)."""
BARGE_AFTER_S: Final[float] = 1.0
"""The user starts talking this long after the reply's first audio (default), seconds. Later
starts meet a canceller that has converged deeper, whose double-talk suppression takes more of
the user's voice (BENCHMARKS.md, "Round 8, lead")."""
BARGE_TEXT: Final[str] = "What time is it?"
TRIAL_TIMEOUT_S: Final[float] = 30.0
SETTLE_S: Final[float] = 0.6


def rms(x: np.ndarray) -> float:
    """Root mean square over the voiced part (samples above -50 dBFS)."""
    voiced = x[np.abs(x) > 10 ** (-50 / 20)]
    return float(np.sqrt(np.mean(np.square(voiced, dtype=np.float64)))) if voiced.size else 0.0


def echo_gain(reply_rms: float, user_rms: float, level_db: float) -> float:
    """Gain from the loudspeaker signal to the microphone for an echo `level_db` above the user."""
    return user_rms * 10 ** (level_db / 20) / max(reply_rms, 1e-9)


def erle(replies: Sequence[np.ndarray], rirs: Sequence[np.ndarray]) -> dict[str, Any]:
    """ERLE per RIR, in dB, over each whole reply and over its second half (converged)."""
    whole: list[float] = []
    converged: list[float] = []
    cpu = audio_s = 0.0
    for k, reply in enumerate(replies):
        rir = rirs[k % len(rirs)]
        echo = np.asarray(fftconvolve(reply, rir)[: len(reply)], np.float32)
        delay = round(DELAY_S * SAMPLE_RATE)
        echo = np.asarray(np.concatenate([np.zeros(delay), echo])[: len(reply)] * 0.3, np.float32)
        canceller = StreamingCanceller(WebRtcAec())
        t0 = time.process_time()
        out = canceller.process(echo, reply)
        cpu += time.process_time() - t0
        audio_s += len(reply) / SAMPLE_RATE
        whole.append(_db(echo, out))
        half = len(reply) // 2
        converged.append(_db(echo[half:], out[half:]))
    return {"replies": len(replies), "erle_db_mean": round(float(np.mean(whole)), 1),
            "erle_db_second_half_mean": round(float(np.mean(converged)), 1),
            "erle_db_min": round(float(np.min(whole)), 1),
            "cpu_share_percent": round(100 * cpu / max(audio_s, 1e-9), 2)}


def _db(echo: np.ndarray, residual: np.ndarray) -> float:
    # The canceller's output runs one 10 ms block behind its input.
    shifted = residual[160:]
    return 10 * float(np.log10(np.mean(echo[: len(shifted)] ** 2) /
                               max(float(np.mean(shifted**2)), 1e-12)))


async def live_trials(assistant: Any, config: Any, rirs: Sequence[np.ndarray], gains: list[float],
                      user: np.ndarray, false_trials: int, barge_trials: int,
                      barge_after_s: float = BARGE_AFTER_S) -> dict[str, Any]:
    """False barge-ins over `false_trials` replies; detected barge-ins over `barge_trials`."""
    from sayso.session import Session

    false = detected = false_paused = 0
    paused_ms: list[float] = []
    for k in range(false_trials + barge_trials):
        session = Session(assistant, config)
        call = SimulatedCall(session, echo_gain=gains[k % len(gains)], echo_delay_s=DELAY_S,
                             rir=rirs[k % len(rirs)])
        async with call:
            barging = k >= false_trials
            text = REPLY_TEXTS[0] if barging else REPLY_TEXTS[k % len(REPLY_TEXTS)]
            hit = await _trial(call, session, text, user if barging else None, barge_after_s)
        if barging:
            detected += hit
        else:
            false += hit
            # Two-stage barge-in (`session.barge_in_pause_ms`): the reply's own echo must not
            # pause it either; a pause it resumed from is a stutter, counted with its length.
            false_paused += call.count(PlaybackPaused) > 0
            paused_ms += [e.paused_ms for _, e in call.events if isinstance(e, PlaybackResumed)]
    return {"false_barge_ins": false, "replies": false_trials,
            "barge_ins_detected": detected, "barge_in_trials": barge_trials,
            "detection_rate_percent": round(100 * detected / max(barge_trials, 1), 1),
            "replies_paused": false_paused, "paused_ms": [round(v) for v in paused_ms]}


async def _trial(call: SimulatedCall, session: Any, text: str, user: np.ndarray | None,
                 barge_after_s: float) -> bool:
    await call.silence(0.3)
    await session.respond_to_text(text)
    started = await call.say(np.zeros(0, np.float32), until=lambda: call.count(AudioChunk) > 0,
                             timeout_s=TRIAL_TIMEOUT_S)
    if not started:
        return False
    if user is None:
        await call.say(np.zeros(0, np.float32), until=lambda: call.count(ResponseDone) > 0,
                       timeout_s=EXPOSURE_S)
        session.cancel_response("client")
    else:
        await call.silence(barge_after_s)
        await call.say(user, until=lambda: call.count(ResponseDone) > 0,
                       timeout_s=TRIAL_TIMEOUT_S)
    await call.silence(SETTLE_S)
    await asyncio.sleep(0)
    return call.count(BargeIn) > 0


REPLY_SENTENCES: Final[tuple[str, ...]] = (
    "Once upon a time there was a little robot who lived in a quiet kitchen.",
    "The kitchen light is now on.",
    "It is twenty five past three in the afternoon.",
    "Every morning it switched on the lights and made a fresh pot of coffee.",
    "Sorry, there are no lights in the garage.",
    "The map showed the way to a garden full of singing flowers.",
)
"""Replies in sayso's voice for the offline ERLE measurement."""


def markdown(result: dict[str, Any]) -> str:
    """The report's table."""
    e = result["erle"]
    levels = ", ".join(map(str, result["levels_db"]))
    rows = ["| | false barge-ins (own voice) | user barge-ins detected | replies paused by their "
            "own voice (pause lengths, ms) |", "|---|---|---|---|"]
    for name in ("without_cancellation", "with_cancellation"):
        r = result.get(name)
        if r:
            rows.append(f"| {name.replace('_', ' ')} | {r['false_barge_ins']} / {r['replies']} "
                        f"| {r['barge_ins_detected']} / {r['barge_in_trials']} "
                        f"({r['detection_rate_percent']} %) | {r.get('replies_paused')} / "
                        f"{r['replies']} ({r.get('paused_ms')}) |")
    return (f"ERLE (WebRTC AEC3, {e['replies']} replies through the shared RIRs): mean "
            f"{e['erle_db_mean']} dB over whole replies, {e['erle_db_second_half_mean']} dB "
            f"over their second halves, worst {e['erle_db_min']} dB; the canceller takes "
            f"{e['cpu_share_percent']} % of one core.\n\nEcho {levels}"
            " dB louder than the user at the microphone (cycled):\n\n" + "\n".join(rows) + "\n")
