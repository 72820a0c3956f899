"""Endpointing: turn per-frame speech probabilities into utterances. Pure and synchronous.

States: silence → candidate (voiced, not yet `min_speech_ms` long) → speech → hangover (unvoiced,
waiting `min_silence_ms`) → silence. Hysteresis: a frame starts speech at p >= threshold, keeps a
started run going while p >= threshold - `HYSTERESIS`, and only p >= threshold ends a hangover.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable

import numpy as np

from sayso.config import VadConfig
from sayso.constants import FRAME_SAMPLES, MS_PER_SECOND, SAMPLE_RATE
from sayso.events import Event, SpeechSegment, SpeechStarted, SpeechStopped
from sayso.vad.base import VadEngine

HYSTERESIS: float = 0.15
"""How far below the threshold a probability may fall before a voiced run counts as broken."""
MIN_OFF_THRESHOLD: float = 0.01
"""Lowest exit threshold, so a threshold near 0 still has a working exit."""


class _State(enum.Enum):
    SILENCE = "silence"
    CANDIDATE = "candidate"
    SPEECH = "speech"
    HANGOVER = "hangover"


class Segmenter:
    """Feed frames and probabilities; get `SpeechStarted`, `SpeechStopped` and `SpeechSegment`."""

    def __init__(
        self,
        config: VadConfig | None = None,
        *,
        frame_samples: int = FRAME_SAMPLES,
        sample_rate: int = SAMPLE_RATE,
    ) -> None:
        self.config = config or VadConfig()
        self.frame_samples = frame_samples
        self.sample_rate = sample_rate
        self.on_threshold = self.config.threshold
        self.off_threshold = max(self.config.threshold - HYSTERESIS, MIN_OFF_THRESHOLD)
        self._min_speech = self._ms_to_frames(self.config.min_speech_ms)
        self._min_silence = self._ms_to_frames(self.config.min_silence_ms)
        self._pad = int(self.config.speech_pad_ms * sample_rate // MS_PER_SECOND)
        self.reset()

    def reset(self, origin_s: float = 0.0) -> None:
        """Forget everything; the next frame starts at stream time `origin_s`."""
        self._origin_s = origin_s
        self._state = _State.SILENCE
        self._n = 0  # frames seen
        self._run_start = 0  # first frame of the current voiced run
        self._run_frames = 0  # voiced frames in the candidate run
        self._voiced_end = 0  # frame index after the last voiced frame
        self._silent_frames = 0
        self._audio: list[np.ndarray] = []
        self._audio_start = 0  # frame index of self._audio[0]

    @property
    def in_speech(self) -> bool:
        """True between `SpeechStarted` and `SpeechStopped`."""
        return self._state in (_State.SPEECH, _State.HANGOVER)

    def push(
        self,
        frame: np.ndarray,
        probability: float,
        *,
        turn_id: str = "",
        t_source: float | None = None,
    ) -> list[Event]:
        """Add one frame and its speech probability; return the events it completes."""
        self._audio.append(np.asarray(frame, dtype=np.float32))
        index, self._n = self._n, self._n + 1
        events: list[Event] = []
        if self._step(index, probability):
            start_s = self._time(self._run_start)
            events.append(SpeechStarted(start_s=start_s, turn_id=turn_id, t_source=t_source))
        if self._state is _State.HANGOVER and self._silent_frames >= self._min_silence:
            events.extend(self._close(turn_id, t_source))
        if self._state is _State.SILENCE:
            self._trim_preroll()
        return events

    def _step(self, index: int, p: float) -> bool:
        """Advance the state machine by one frame; True when speech has just started."""
        if self._state is _State.SILENCE and p >= self.on_threshold:
            self._state, self._run_start, self._run_frames = _State.CANDIDATE, index, 0
        if self._state is _State.CANDIDATE:
            if p < self.off_threshold:
                self._state = _State.SILENCE  # too short: a click or a breath, not speech
                return False
            self._run_frames += 1
            self._voiced_end = index + 1
            if self._run_frames >= self._min_speech:
                self._state = _State.SPEECH
                return True
        elif self._state is _State.SPEECH:
            if p >= self.off_threshold:
                self._voiced_end = index + 1
            else:
                self._state, self._silent_frames = _State.HANGOVER, 1
        elif self._state is _State.HANGOVER:
            if p >= self.on_threshold:
                self._state, self._voiced_end = _State.SPEECH, index + 1
            else:
                self._silent_frames += 1
        return False

    def finish(self, *, turn_id: str = "", t_source: float | None = None) -> list[Event]:
        """End of stream: close an open utterance (a too-short candidate is dropped)."""
        if self.in_speech:
            return self._close(turn_id, t_source)
        self._state = _State.SILENCE
        return []

    def _close(self, turn_id: str, t_source: float | None) -> list[Event]:
        end_s = self._time(self._voiced_end)
        segment = self._cut(self._run_start, self._voiced_end)
        pad_s = self._pad_before(self._run_start) / self.sample_rate
        seg_start = self._time(self._run_start) - pad_s
        self._state = _State.SILENCE
        self._trim_preroll()
        return [
            SpeechStopped(end_s=end_s, turn_id=turn_id, t_source=t_source),
            SpeechSegment(
                samples=segment,
                start_s=seg_start,
                end_s=seg_start + len(segment) / self.sample_rate,
                sample_rate=self.sample_rate,
                turn_id=turn_id,
                t_source=t_source,
            ),
        ]

    def _cut(self, start_frame: int, end_frame: int) -> np.ndarray:
        """Cut `start_frame`..`end_frame`, padded with whatever held audio lies around them."""
        audio = np.concatenate(self._audio) if self._audio else np.zeros(0, np.float32)
        offset = self._audio_start * self.frame_samples
        first = start_frame * self.frame_samples - self._pad_before(start_frame) - offset
        last = end_frame * self.frame_samples + self._pad - offset
        return audio[max(first, 0) : min(last, len(audio))].copy()

    def _pad_before(self, start_frame: int) -> int:
        held = (start_frame - self._audio_start) * self.frame_samples
        return min(self._pad, max(held, 0))

    def _trim_preroll(self) -> None:
        keep = math.ceil(self._pad / self.frame_samples) + 1
        if len(self._audio) > keep:
            drop = len(self._audio) - keep
            del self._audio[:drop]
            self._audio_start += drop

    def _time(self, frame_index: int) -> float:
        return self._origin_s + frame_index * self.frame_samples / self.sample_rate

    def _ms_to_frames(self, ms: int) -> int:
        return max(1, math.ceil(ms * self.sample_rate / MS_PER_SECOND / self.frame_samples))


def find_speech(
    samples: np.ndarray, engine: VadEngine, config: VadConfig | None = None
) -> list[tuple[float, float]]:
    """Offline: (onset, offset) in seconds of each utterance, unpadded; `engine` must be loaded."""
    from sayso.audio.framing import frames  # local: keeps vad importable without the audio extras

    engine.reset()
    segmenter = Segmenter(config, frame_samples=engine.capabilities.frame_samples)
    events: list[Event] = []
    for frame in frames(samples, engine.capabilities.frame_samples):
        events.extend(segmenter.push(frame, engine.probability(frame)))
    events.extend(segmenter.finish())
    return _spans(events)


def _spans(events: Iterable[Event]) -> list[tuple[float, float]]:
    spans: list[tuple[float, float]] = []
    onset = 0.0
    for event in events:
        if isinstance(event, SpeechStarted):
            onset = event.start_s
        elif isinstance(event, SpeechStopped):
            spans.append((onset, event.end_s))
    return spans
