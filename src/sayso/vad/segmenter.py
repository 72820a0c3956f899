"""Utterances from a stream of frames: the endpointer plus the audio it points into. Pure, sync.

The state machine is `vad.endpointer.Endpointer` (the same one live sessions run); this adds the
audio: a short pre-roll held while nothing is said, the utterance itself, and the events a file
turn needs (`SpeechStarted`, `SpeechStopped`, `SpeechSegment` padded by `speech_pad_ms` before the
onset and `trail_pad_ms` after the last voiced frame).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from sayso.config import VadConfig
from sayso.constants import FRAME_SAMPLES, MS_PER_SECOND, SAMPLE_RATE
from sayso.events import Event, SpeechSegment, SpeechStarted, SpeechStopped
from sayso.vad.base import VadEngine
from sayso.vad.endpointer import Endpointer, Signal, State, Thresholds
from sayso.vad.voiced import warm_up


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
        self._frame_ms = frame_samples * MS_PER_SECOND / sample_rate
        self._thresholds = Thresholds.from_config(self.config, frame_ms=self._frame_ms)
        self._pad = int(self.config.speech_pad_ms * sample_rate // MS_PER_SECOND)
        self.reset()

    def reset(self, origin_s: float = 0.0) -> None:
        """Forget everything; the next frame starts at stream time `origin_s`."""
        self._origin_s = origin_s
        self._endpointer = Endpointer(self._thresholds)
        self._audio: list[np.ndarray] = []
        self._audio_start = 0  # frame index of self._audio[0]

    @property
    def in_speech(self) -> bool:
        """True between `SpeechStarted` and `SpeechStopped`."""
        return self._endpointer.in_speech

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
        events: list[Event] = []
        for signal in self._endpointer.step(probability):
            if signal is Signal.STARTED:
                start_s = self._time(self._endpointer.onset)
                events.append(SpeechStarted(start_s=start_s, turn_id=turn_id, t_source=t_source))
            elif signal is Signal.ENDPOINT:
                events.extend(self._close(turn_id, t_source))
        if self._endpointer.state is State.SILENCE:
            self._trim_preroll()
        return events

    def finish(self, *, turn_id: str = "", t_source: float | None = None) -> list[Event]:
        """End of stream: close an open utterance (a too-short candidate is dropped)."""
        if self._endpointer.force_endpoint():
            return self._close(turn_id, t_source)
        return []

    def _close(self, turn_id: str, t_source: float | None) -> list[Event]:
        ep = self._endpointer
        end_s = self._time(ep.voiced_end)
        segment = self._cut(ep.onset, ep.segment_end)
        lead_in_s = self._pad_before(ep.onset) / self.sample_rate
        seg_start = self._time(ep.onset) - lead_in_s
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
                voiced_ms=ep.voiced_frames * self._frame_ms,
                lead_in_s=lead_in_s,
            ),
        ]

    def _cut(self, start_frame: int, end_frame: int) -> np.ndarray:
        """Cut `start_frame`..`end_frame`, with the held pre-roll before it."""
        audio = np.concatenate(self._audio) if self._audio else np.zeros(0, np.float32)
        offset = self._audio_start * self.frame_samples
        first = start_frame * self.frame_samples - self._pad_before(start_frame) - offset
        last = end_frame * self.frame_samples - offset
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


def find_speech(
    samples: np.ndarray, engine: VadEngine, config: VadConfig | None = None
) -> list[tuple[float, float]]:
    """Offline: (onset, offset) in seconds of each utterance, unpadded; `engine` must be loaded."""
    from sayso.audio.framing import frames  # local: keeps vad importable without the audio extras

    warm_up(engine)
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
