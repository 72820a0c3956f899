"""The session's microphone stream: any-length pushes re-cut into VAD frames, with history.

`push` is synchronous and cheap (it only queues), so a transport's receive loop never blocks on
inference. Frames are numbered from the start of the session; recent frames are kept so an
utterance can be cut out by frame index, and each frame remembers the wall time its last sample
arrived (minus the samples that arrived after it in the same push), which places it against the
reply being played for the echo check.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools

import numpy as np

from sayso.constants import FRAME_SAMPLES, SAMPLE_RATE
from sayso.errors import BadInput

MAX_BACKLOG_S: float = 5.0
"""Unprocessed input beyond this many seconds is dropped (oldest first): the engine fell behind."""


@dataclasses.dataclass(frozen=True, eq=False)
class Frame:
    """One VAD frame of input."""

    index: int
    """Frame number since the session started."""
    samples: np.ndarray
    """`FRAME_SAMPLES` float32 samples."""
    t_end: float
    """Estimated wall time (monotonic s) at which its last sample was captured."""


class AudioInput:
    """Queue of pushed audio, cut into frames, plus a window of recent frames."""

    def __init__(self, keep_s: float) -> None:
        self._pending: collections.deque[tuple[np.ndarray, float]] = collections.deque()
        self._pending_samples = 0
        self._carry = np.zeros(0, np.float32)
        self._carry_t = 0.0
        self._history: collections.deque[Frame] = collections.deque(
            maxlen=int(keep_s * SAMPLE_RATE / FRAME_SAMPLES) + 1
        )
        self._next_index = 0
        self.dropped_s = 0.0
        """Seconds of input dropped because processing fell behind."""

    def push(self, samples: np.ndarray, t: float) -> None:
        """Queue 16 kHz mono float32 samples that arrived at wall time `t`."""
        array = np.asarray(samples)
        if array.ndim != 1:
            raise BadInput("session audio must be mono (a 1-D array)", code="audio_format")
        if len(array) == 0:
            return
        self._pending.append((array.astype(np.float32, copy=False), t))
        self._pending_samples += len(array)
        while self._pending_samples > MAX_BACKLOG_S * SAMPLE_RATE and len(self._pending) > 1:
            old, _ = self._pending.popleft()
            self._pending_samples -= len(old)
            self.dropped_s += len(old) / SAMPLE_RATE

    @property
    def next_index(self) -> int:
        """Index the next frame will get (frames cut so far)."""
        return self._next_index

    @property
    def has_pending(self) -> bool:
        """True when pushed audio waits to be framed."""
        return bool(self._pending)

    def frames(self) -> list[Frame]:
        """Cut everything queued into whole frames (a remainder waits for the next push)."""
        out: list[Frame] = []
        while self._pending:
            chunk, t = self._pending.popleft()
            self._pending_samples -= len(chunk)
            data = np.concatenate([self._carry, chunk])
            whole = len(data) // FRAME_SAMPLES * FRAME_SAMPLES
            for start in range(0, whole, FRAME_SAMPLES):
                after = len(data) - start - FRAME_SAMPLES  # samples of this push after the frame
                frame = Frame(
                    index=self._next_index,
                    samples=data[start : start + FRAME_SAMPLES],
                    t_end=t - max(after, 0) / SAMPLE_RATE,
                )
                self._next_index += 1
                self._history.append(frame)
                out.append(frame)
            self._carry = data[whole:]
        return out

    def audio(self, first: int, end: int) -> np.ndarray:
        """Samples of frames `first`..`end` (exclusive) that are still held."""
        if not self._history:
            return np.zeros(0, np.float32)
        base = self._history[0].index
        lo, hi = max(first - base, 0), min(end - base, len(self._history))
        held = [f.samples for f in itertools.islice(self._history, lo, max(lo, hi))]
        return np.concatenate(held) if held else np.zeros(0, np.float32)

    def replace(self, frame: Frame) -> None:
        """Put a processed copy of a held frame (echo cancelled) in its place."""
        if self._history:
            position = frame.index - self._history[0].index
            if 0 <= position < len(self._history):
                self._history[position] = frame

    def recent(self, end: int, count: int) -> np.ndarray:
        """The `count` frames before frame `end`, as one array (fewer if not held)."""
        return self.audio(end - count, end)

    def time_of(self, end: int) -> float | None:
        """Wall time of the end of frame `end - 1`, if still held."""
        if not self._history:
            return None
        position = end - 1 - self._history[0].index
        return self._history[position].t_end if 0 <= position < len(self._history) else None

    def clear(self) -> None:
        """Drop queued input (held history stays: it is only read by frame index)."""
        self._pending.clear()
        self._pending_samples = 0
        self._carry = np.zeros(0, np.float32)
