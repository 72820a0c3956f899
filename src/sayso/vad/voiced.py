"""How much of a recording is voiced, by the loaded VAD engine: the speech gate's measure.

Where the grammar is all that can be said (a single custom domain, an expected answer), the
constrained search reads any audio as a grammar sentence, and nothing in its scores tells a quiet
one-word command from noise (BENCHMARKS.md, "Speech gate before the only domain"). The VAD can:
an utterance with less voiced audio than starts a live turn is no speech, and the understanding
step reads it as no command (`understanding.heard.NO_SPEECH_BELOW_MS`).

Silero's recurrent state starts at zero, and over a recording that starts on the word (the Free
Spoken Digit Dataset cuts each digit tight) its first frames score low: read cold, "four"
(FSDD 4_nicolas_4) peaks at 0.38 and 4 of 300 digits have no voiced run a turn could start on;
after `LEAD_IN_MS` of silence every digit has at least 4 voiced frames. A live session's VAD has
heard the room before anyone speaks; a recording gets the same start (`warm_up`).
"""

from __future__ import annotations

import numpy as np

from sayso.constants import MS_PER_SECOND, SAMPLE_RATE, VAD_THRESHOLD
from sayso.vad.base import VadEngine

LEAD_IN_MS: float = 320.0
"""Silence fed to a reset engine before a recording's first frame, ms (10 Silero frames)."""


def frame_ms(engine: VadEngine) -> float:
    """Duration of one of `engine`'s frames, ms."""
    return engine.capabilities.frame_samples * MS_PER_SECOND / SAMPLE_RATE


def warm_up(engine: VadEngine) -> None:
    """Reset `engine` and feed it `LEAD_IN_MS` of silence, as a stream would have before speech."""
    engine.reset()
    silence = np.zeros(engine.capabilities.frame_samples, np.float32)
    for _ in range(round(LEAD_IN_MS / frame_ms(engine))):
        engine.probability(silence)


def voiced_ms(
    samples: np.ndarray, engine: VadEngine, threshold: float = VAD_THRESHOLD
) -> float:
    """Voiced audio in `samples` (16 kHz mono float32), ms: frames at or above `threshold`.

    `engine` must be loaded; it is reset and warmed up first (its state is not the caller's
    afterwards). A last partial frame is padded with zeros, as the VAD stage pads it.
    """
    from sayso.audio.framing import frames  # local: keeps vad importable without the audio extras

    warm_up(engine)
    size = engine.capabilities.frame_samples
    voiced = sum(engine.probability(f) >= threshold for f in frames(samples, size))
    return voiced * frame_ms(engine)
