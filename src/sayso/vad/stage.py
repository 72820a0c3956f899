"""The VAD stage: `AudioFrame` in; `SpeechStarted`, `SpeechStopped`, `SpeechSegment` out."""

from __future__ import annotations

from collections.abc import AsyncIterator

import numpy as np

from sayso.config import VadConfig
from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput
from sayso.events import AudioFrame, Cancel, Event, SpeechSegment, SpeechStarted, SpeechStopped
from sayso.runtime.stage import Stage
from sayso.vad.base import VadEngine
from sayso.vad.segmenter import Segmenter
from sayso.vad.voiced import warm_up


class VadStage(Stage):
    """Runs a VAD engine per frame and endpoints the stream with a `Segmenter`.

    Streaming mode emits a segment at each endpoint. `single_utterance` mode (a whole command from a
    file) emits one segment from the first onset to the last offset at end of stream, so pauses
    inside the command do not split it; with no speech at all it emits nothing.
    Incoming frames of any length are re-cut to the engine's frame size. The per-frame model call
    (~1 ms) runs on the loop: moving it to a thread would cost more than it saves.
    """

    consumes = (AudioFrame,)
    forward_consumed = False  # frames are bulk audio; downstream wants segments
    name = "vad"

    def __init__(
        self, engine: VadEngine, config: VadConfig, *, single_utterance: bool = False
    ) -> None:
        self.engine = engine
        self.config = config
        self.single_utterance = single_utterance
        self._frame_samples = engine.capabilities.frame_samples
        self._segmenter = Segmenter(config, frame_samples=self._frame_samples)
        self._reset()

    async def process(self, event: Event) -> AsyncIterator[Event]:
        """Feed one `AudioFrame`; yield the events it completes."""
        if not isinstance(event, AudioFrame):
            return
        for out in self._feed(event):
            yield out

    async def flush(self) -> AsyncIterator[Event]:
        """End of stream: close an open utterance (or, in single-utterance mode, emit the one)."""
        for out in self._finish():
            yield out

    def on_cancel(self, event: Cancel) -> None:
        """Drop the utterance in progress."""
        self._reset()

    def _reset(self) -> None:
        self.engine.reset()
        self._started = False
        self._pending = np.zeros(0, dtype=np.float32)
        self._turn_id = ""
        self._t_source: float | None = None
        self._held: list[np.ndarray] = []  # every frame, kept only in single-utterance mode
        self._received = 0  # samples received, without the zero padding of the last frame
        self._origin_s = 0.0
        self._first: SpeechStarted | None = None
        self._last: SpeechSegment | None = None
        self._last_stop: SpeechStopped | None = None
        self._voiced_ms = 0.0  # single-utterance mode: the voiced audio of every segment

    def _feed(self, frame: AudioFrame) -> list[Event]:
        if frame.sample_rate != SAMPLE_RATE:
            raise BadInput(
                f"VAD needs {SAMPLE_RATE} Hz audio, got {frame.sample_rate} Hz", code="audio_format"
            )
        if not self._started:
            self._started, self._origin_s = True, frame.start_s
            self._segmenter.reset(origin_s=frame.start_s)
            # A recording starts cold where a stream has heard the room (`vad.voiced`): a digit
            # cut tight at its first sample otherwise scores too low to start a turn.
            warm_up(self.engine)
        self._turn_id = frame.turn_id
        self._t_source = frame.t_source if frame.t_source is not None else frame.t_created
        self._pending = np.concatenate([self._pending, np.asarray(frame.samples, np.float32)])
        self._received += len(frame.samples)
        events: list[Event] = []
        while len(self._pending) >= self._frame_samples:
            chunk = self._pending[: self._frame_samples]
            self._pending = self._pending[self._frame_samples :]
            events.extend(self._push(chunk))
        return events

    def _push(self, chunk: np.ndarray) -> list[Event]:
        if self.single_utterance:
            self._held.append(chunk)
        events = self._segmenter.push(
            chunk, self.engine.probability(chunk), turn_id=self._turn_id, t_source=self._t_source
        )
        return self._collapse(events) if self.single_utterance else events

    def _collapse(self, events: list[Event]) -> list[Event]:
        """Single-utterance mode: pass on the first onset; remember the last segment and stop."""
        out: list[Event] = []
        for event in events:
            if isinstance(event, SpeechStarted) and self._first is None:
                self._first = event
                out.append(event)
            elif isinstance(event, SpeechSegment):
                self._last = event
                self._voiced_ms += event.voiced_ms or 0.0
            elif isinstance(event, SpeechStopped):
                self._last_stop = event
        return out

    def _finish(self) -> list[Event]:
        if not self._started:
            return []
        events: list[Event] = []
        if len(self._pending):
            tail = np.zeros(self._frame_samples, dtype=np.float32)
            tail[: len(self._pending)] = self._pending
            self._pending = np.zeros(0, dtype=np.float32)
            events.extend(self._push(tail))
        finished = self._segmenter.finish(turn_id=self._turn_id, t_source=self._t_source)
        if self.single_utterance:
            events.extend(self._collapse(finished))
            events.extend(self._joined())
        else:
            events.extend(finished)
        self._reset()
        return events

    def _joined(self) -> list[Event]:
        """The one segment from the first padded onset to the last padded offset."""
        if self._first is None or self._last is None or self._last_stop is None:
            return []
        audio = np.concatenate(self._held)[: self._received]
        start_s = max(self._first.start_s - self.config.speech_pad_ms / 1000, self._origin_s)
        first = round((start_s - self._origin_s) * SAMPLE_RATE)
        last = round((self._last.end_s - self._origin_s) * SAMPLE_RATE)
        samples = audio[first:last].copy()
        return [
            self._last_stop,
            SpeechSegment(
                samples=samples,
                start_s=start_s,
                end_s=start_s + len(samples) / SAMPLE_RATE,
                turn_id=self._turn_id,
                t_source=self._t_source,
                voiced_ms=self._voiced_ms,
                lead_in_s=self._first.start_s - start_s,
            ),
        ]
