"""The garbage corpus: noise, fragments and one-word inputs must change nothing (issue 14).

Text inputs (single words, digits, punctuation, Whisper's noise hallucinations, partial phrases,
random word pairs) run through `Assistant.run_text`, audio inputs (generated noise, bursts, hum,
tones, and a few fragments spoken by the TTS) through `Assistant.run_turn` — the same pipelines
users run, with the LLM when it is loaded. Each input gets its own session, and the state tables
(devices, timers, alarms, outbox, lists, custom actions) are compared before and after it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

import numpy as np

from sayso.app.assistant import Assistant
from sayso.constants import SAMPLE_RATE
from sayso.errors import SaysoError

STATE_TABLES: Final = ("devices", "timers", "alarms", "outbox", "list_items", "custom_actions")
"""Tables that hold the world's state; any difference in them is a state change."""

WORDS: Final = (
    "kitchen", "bedroom", "light", "lights", "lamp", "time", "weather", "music", "alice", "milk",
    "tomorrow", "hello", "yes", "no", "okay", "thanks", "please", "what", "why", "the", "and",
    "you", "um", "uh", "hmm", "oh", "wow", "cat", "banana", "purple", "garden", "door",
    "tv", "television", "window", "shopping", "list", "morning", "night", "coffee",
    "dog", "seven", "twenty", "france", "paris", "watch", "maybe", "really", "sure", "great",
    "fine", "table", "chair", "blue", "green", "red", "water", "pizza", "news"
)  # fmt: skip
"""Single words: none of them names an action ("pause" or "stop" alone are real commands)."""
NUMBERS: Final = (
    "0", "1", "2", "3", "5", "7", "10", "12", "20", "42", "100", "one.", "two.", "ten",
    "fifteen", "7:30", "3.5", "-1", "Eight.", "Twenty one.",
)  # fmt: skip
PUNCTUATION: Final = (".", "...", "?", "!", ",", "-", "—", "'", '"', "…", "?!", "()", "*")
HALLUCINATIONS: Final = (
    "you", "Thank you.", "Thanks for watching!", "Bye.", "[Music]", "(applause)", "Okay.",
    "Oh.", "Hmm.", "Yeah.", "So.", "I.", "The end.", "Subtitles by the Amara.org community",
    "Thank you very much.", "Please subscribe.", "Huh?", "Mm-hmm.", "Uh-huh.", "Wow.",
)  # fmt: skip
"""What Whisper writes for noise and silence."""
PARTIALS: Final = (
    "turn the", "set a", "set the", "send a", "add to", "what time", "the kitchen",
    "in the bedroom", "for ten", "remind me", "turn off the", "switch the", "at seven", "to my",
    "watch time.", "temperature to", "the lights in", "message to", "can you", "I want",
    "please the", "kitchen light", "one more", "it's the", "and then", "the front door",
)  # fmt: skip
"""Partial phrases: the beginning of a command with no target, or a target with no action."""
RANDOM_PAIRS: Final = 80
"""Random two-word inputs drawn from `WORDS` and `NUMBERS` (seeded)."""
SPOKEN: Final = ("one.", "watch time.", "TV.", "Thank you.", "seven")
"""Fragments spoken by the TTS for the audio part."""


@dataclasses.dataclass(frozen=True)
class GarbageRow:
    """One input and what it did."""

    kind: str
    """"text" or "audio"."""
    input: str
    """The text, or the name of the clip."""
    heard: str | None
    """The transcript (None when no speech was found)."""
    intent: str | None
    """The fast path's intent, if any."""
    action: str | None
    """The intent of the action result (a tool's intent on the LLM path), if any."""
    reply: str
    """What sayso said."""
    changes: int
    """State rows that differ after the input (must be 0)."""


def text_corpus(seed: int = 0) -> list[str]:
    """Every text input: words, numbers, punctuation, hallucinations, partials, random pairs."""
    rng = random.Random(seed)
    pool = [*WORDS, *NUMBERS]
    pairs = [f"{rng.choice(pool)} {rng.choice(pool)}" for _ in range(RANDOM_PAIRS)]
    return [*WORDS, *NUMBERS, *PUNCTUATION, *HALLUCINATIONS, *PARTIALS, *pairs]


def noise_clips(seed: int = 0) -> list[tuple[str, np.ndarray]]:
    """Generated noise: white, brown, a 100 ms burst, mains hum, clicks, a tone, babble-like."""
    rng = np.random.default_rng(seed)

    def seconds(s: float) -> np.ndarray:
        return np.arange(round(s * SAMPLE_RATE)) / SAMPLE_RATE

    white = rng.normal(0, 0.1, round(1.0 * SAMPLE_RATE))
    brown = np.cumsum(rng.normal(0, 0.01, round(2.0 * SAMPLE_RATE)))
    brown = 0.3 * brown / (np.abs(brown).max() + 1e-9)
    burst = np.concatenate([np.zeros(8000), rng.normal(0, 0.3, 1600), np.zeros(8000)])
    hum = 0.2 * np.sin(2 * np.pi * 50 * seconds(1.0))
    clicks = np.zeros(round(1.5 * SAMPLE_RATE))
    clicks[:: SAMPLE_RATE // 8] = 0.8
    tone = 0.3 * np.sin(2 * np.pi * 440 * seconds(0.5))
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 4 * seconds(1.5))  # syllable-rate modulation
    babble = rng.normal(0, 0.15, envelope.size) * envelope
    clips = {"white_1s": white, "brown_2s": brown, "burst_100ms": burst, "hum_50hz": hum,
             "clicks": clicks, "tone_440hz": tone, "babble_like": babble}  # fmt: skip
    return [(name, np.clip(x, -1, 1).astype(np.float32)) for name, x in clips.items()]


def snapshot(assistant: Assistant) -> set[tuple[Any, ...]]:
    """Every row of every state table, tagged with its table."""
    if assistant.actions is None:
        raise SaysoError("the assistant is not loaded")
    store = assistant.actions.store
    return {(t, *tuple(r)) for t in STATE_TABLES for r in store.rows(f"SELECT * FROM {t}")}


def run_garbage(
    assistant: Assistant,
    texts: Sequence[str],
    clips: Sequence[tuple[str, np.ndarray]] = (),
    progress: Callable[[GarbageRow], None] | None = None,
    after: str = "",
) -> list[GarbageRow]:
    """Run every input in its own session and count the state rows each one changed.

    `after`: a command said first in each session ("turn on the kitchen light"), so the input
    is a turn that could lean on it ("it", "too", the answer to "which one?"); only the input's
    own changes are counted.
    """
    rows = []
    inputs = [("text", t, t) for t in texts] + [("audio", n, c) for n, c in clips]
    for i, (kind, name, value) in enumerate(inputs):
        session = f"garbage-{i}"
        if after:
            asyncio.run(assistant.run_text(after, session_id=session))
        before = snapshot(assistant)
        try:
            if isinstance(value, str):
                result = asyncio.run(assistant.run_text(value, session_id=session))
            else:
                result = asyncio.run(assistant.run_turn(value, session_id=session))
        except SaysoError as exc:  # "no speech found" is the right answer to noise
            changes = len(snapshot(assistant) ^ before)
            row = GarbageRow(kind, name, None, None, None, exc.code, changes)
        else:
            row = GarbageRow(
                kind, name, result.transcript.text if result.transcript else None,
                result.intent.intent if result.intent else None,
                result.action.intent if result.action else None, result.reply_text,
                len(snapshot(assistant) ^ before),
            )
        rows.append(row)
        if progress is not None:
            progress(row)
    return rows


def summarize(rows: Sequence[GarbageRow], seconds: float) -> dict[str, Any]:
    """Counts per kind, the inputs that changed state, and what the fast path read."""
    changed = [dataclasses.asdict(r) for r in rows if r.changes]
    return {
        "inputs": len(rows),
        "text_inputs": sum(r.kind == "text" for r in rows),
        "audio_inputs": sum(r.kind == "audio" for r in rows),
        "state_changes": sum(r.changes for r in rows),
        "inputs_that_changed_state": changed,
        "fast_path_intents": sum(r.intent is not None for r in rows),
        "actions_attempted": sum(r.action is not None for r in rows),
        "seconds": round(seconds, 1),
    }


def timed_run(
    assistant: Assistant, texts: Sequence[str], clips: Sequence[tuple[str, np.ndarray]],
    progress: Callable[[GarbageRow], None] | None = None, after: str = "",
) -> tuple[list[GarbageRow], dict[str, Any]]:
    """`run_garbage` and its summary (with the wall time, a benchmark number)."""
    start = time.monotonic()
    rows = run_garbage(assistant, texts, clips, progress, after)
    return rows, summarize(rows, time.monotonic() - start)
