"""Endpointing: who is talking, as a pure frame-by-frame state machine over speech probabilities.

The one endpointer of sayso: file turns (`vad.segmenter`, around `VadStage`) and live sessions
(`session.listener`) both run it, with the same `vad:` settings.

States: silence → candidate (voiced, shorter than `min_speech`) → speech → hangover (unvoiced,
waiting for `silence` frames) → silence. The machine signals what the engine must do:

* `STARTED` once a voiced run is long enough to be speech;
* `SEGMENT_READY` once the trailing silence has covered the trailing pad: the utterance audio is
  complete, so the engine starts a *speculative* transcription;
* `RESUMED` when speech comes back during the hangover (the speculation is stale);
* `ENDPOINT` once the trailing silence reaches `silence` frames: the user's turn is over.

While reply audio is playing (live sessions), the speech threshold is raised, and frames the echo
check marks as the assistant's own voice count as unvoiced. Frame indices count from the start of
the stream.
"""

from __future__ import annotations

import dataclasses
import enum
import math

from sayso.config import VadConfig
from sayso.constants import FRAME_MS

HYSTERESIS: float = 0.15
"""How far below the start threshold a voiced run may dip before it counts as broken."""
MIN_OFF_THRESHOLD: float = 0.01
"""Lowest exit threshold, so a threshold near 0 still has a working exit."""


class Signal(enum.Enum):
    """What one frame completed."""

    STARTED = "started"
    SEGMENT_READY = "segment_ready"
    RESUMED = "resumed"
    ENDPOINT = "endpoint"


class State(enum.Enum):
    """Where the machine is."""

    SILENCE = "silence"
    CANDIDATE = "candidate"
    SPEECH = "speech"
    HANGOVER = "hangover"


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """Frame counts and probabilities the machine works with."""

    threshold: float
    """Speech probability that starts speech when nothing is playing."""
    playing_threshold: float
    """Speech probability that starts speech while reply audio plays."""
    min_speech_frames: int
    """Voiced frames needed before a candidate becomes speech."""
    silence_frames: int
    """Unvoiced frames that end the turn."""
    trail_frames: int
    """Unvoiced frames after which the utterance audio is complete (speculation starts)."""

    @classmethod
    def from_config(
        cls,
        config: VadConfig,
        *,
        playing_threshold: float | None = None,
        frame_ms: float = FRAME_MS,
    ) -> Thresholds:
        """Build from the `vad:` settings (milliseconds rounded up to whole frames)."""
        silence = _frames(config.min_silence_ms, frame_ms)
        threshold = config.threshold
        return cls(
            threshold=threshold,
            playing_threshold=max(threshold, playing_threshold or threshold),
            min_speech_frames=_frames(config.min_speech_ms, frame_ms),
            silence_frames=silence,
            trail_frames=min(_frames(config.trail_pad_ms, frame_ms), silence),
        )


def _frames(ms: float, frame_ms: float) -> int:
    return max(1, math.ceil(ms / frame_ms))


class Endpointer:
    """Feed one probability per frame; read the signals and the current utterance's extent."""

    def __init__(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self.state = State.SILENCE
        self.frame = 0
        """Index of the next frame."""
        self.onset = 0
        """First frame of the current (or last) utterance."""
        self.voiced_end = 0
        """Frame index after the last voiced frame of the current utterance."""
        self.voiced_frames = 0
        """Voiced frames in the current utterance."""
        self._silent = 0

    @property
    def in_speech(self) -> bool:
        """True between `STARTED` and `ENDPOINT`."""
        return self.state in (State.SPEECH, State.HANGOVER)

    @property
    def segment_end(self) -> int:
        """Frame index after the utterance audio (last voiced frame plus the trailing pad)."""
        return self.voiced_end + self.thresholds.trail_frames

    def step(
        self, probability: float, *, playing: bool = False, echo: bool = False
    ) -> list[Signal]:
        """Advance by one frame."""
        p = 0.0 if echo else probability
        on = self.thresholds.playing_threshold if playing else self.thresholds.threshold
        off = max(on - HYSTERESIS, MIN_OFF_THRESHOLD)
        index, self.frame = self.frame, self.frame + 1
        if self.state is State.SILENCE and p >= on:
            self.state, self.onset, self.voiced_frames = State.CANDIDATE, index, 0
        if self.state is State.CANDIDATE:
            return self._candidate(index, p, off)
        if self.state is State.SPEECH:
            if p >= off:
                self._voiced(index)
            else:
                self.state, self._silent = State.HANGOVER, 1
                return self._hangover_signals()
        elif self.state is State.HANGOVER:
            if p >= on:
                resumed = self._silent >= self.thresholds.trail_frames
                self.state = State.SPEECH
                self._voiced(index)
                return [Signal.RESUMED] if resumed else []
            self._silent += 1
            return self._hangover_signals()
        return []

    def _candidate(self, index: int, p: float, off: float) -> list[Signal]:
        if p < off:
            self.state = State.SILENCE  # too short: a click or a breath, not speech
            return []
        self._voiced(index)
        if self.voiced_frames >= self.thresholds.min_speech_frames:
            self.state = State.SPEECH
            return [Signal.STARTED]
        return []

    def _voiced(self, index: int) -> None:
        self.voiced_frames += 1
        self.voiced_end = index + 1

    def _hangover_signals(self) -> list[Signal]:
        signals: list[Signal] = []
        if self._silent == self.thresholds.trail_frames:
            signals.append(Signal.SEGMENT_READY)
        if self._silent >= self.thresholds.silence_frames:
            self.state = State.SILENCE
            signals.append(Signal.ENDPOINT)
        return signals

    @property
    def silent_frames(self) -> int:
        """Unvoiced frames since the last voiced one, while in the hangover (else 0)."""
        return self._silent if self.state is State.HANGOVER else 0

    def force_endpoint(self) -> bool:
        """End the utterance now (manual commit, length cap); False when none was open."""
        if not self.in_speech:
            self.state = State.SILENCE
            return False
        self.state = State.SILENCE
        return True

    def reset(self) -> None:
        """Drop the utterance in progress (frame numbering continues)."""
        self.state = State.SILENCE
        self.voiced_frames = 0
        self._silent = 0
