"""What the loudspeaker is playing: a schedule of the reply audio on the monotonic clock.

Reply chunks leave the engine faster than real time; the client plays them one after the other.
Without reports, a chunk is assumed to start playing when it was emitted or when the previous one
ends, whichever is later (real-time playback from the first chunk, pausing when synthesis falls
behind). `mark_played` lets the client correct that: its report (seconds played so far) is taken as
the truth at that moment and playback is assumed to continue in real time from there.

A pause (the user started talking over the reply, `pause`/`resume`) freezes the position: the
client has stopped playing, and nothing leaves the loudspeaker until it resumes where it stopped.

The schedule answers two questions: how much has been played (the text the user heard, for the
conversation history) and which samples were leaving the loudspeaker at a given time (the echo
check's reference; kept at the 16 kHz input rate).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import soxr

from sayso.constants import SAMPLE_RATE


@dataclasses.dataclass
class _Piece:
    text: str
    sentence: int
    offset_s: float  # position in the reply's audio where this chunk starts
    duration_s: float


class Playback:
    """The schedule of one response's audio."""

    def __init__(self) -> None:
        self.pieces: list[_Piece] = []
        self.duration_s = 0.0
        """Seconds of reply audio emitted so far."""
        self._audio = np.zeros(0, np.float32)  # 16 kHz copy, for the echo reference
        self._anchor_t: float | None = None  # wall time at which `_anchor_pos` was played
        self._anchor_pos = 0.0
        self._stalls: list[tuple[float, float]] = []  # (reply position, wall time) after gaps
        self._stopped_at: float | None = None
        self._paused_at: float | None = None  # wall time of the pause in force, if any
        self._pauses: list[tuple[float, float]] = []  # (paused, resumed) wall times, oldest first

    def add(
        self, samples: np.ndarray, sample_rate: int, text: str, sentence: int, t: float
    ) -> None:
        """Schedule one emitted chunk (emitted at wall time `t`)."""
        if len(samples) == 0:
            return
        duration = len(samples) / sample_rate
        if self._anchor_t is None:
            self._anchor_t, self._anchor_pos = t, 0.0
        elif self.position(t) >= self.duration_s:
            # The client ran dry: this chunk starts now, not where the schedule had it.
            self._stalls.append((self.duration_s, t))
        last = self.pieces[-1] if self.pieces else None
        if last is not None and (last.sentence, last.text) == (sentence, text):
            last.duration_s += duration  # another chunk of the same sentence
        else:
            self.pieces.append(_Piece(text, sentence, self.duration_s, duration))
        self.duration_s += duration
        audio = np.asarray(samples, dtype=np.float32)
        if sample_rate != SAMPLE_RATE:
            audio = soxr.resample(audio, sample_rate, SAMPLE_RATE).astype(np.float32)
        self._audio = np.concatenate([self._audio, audio])

    def mark_played(self, seconds: float, t: float) -> None:
        """The client reports `seconds` of this reply played by wall time `t`."""
        self._anchor_t, self._anchor_pos = t, max(0.0, min(seconds, self.duration_s))
        self._stalls = []

    def pause(self, t: float) -> None:
        """The client stops playing at wall time `t`; the position holds until `resume`."""
        if self._paused_at is not None or self._stopped_at is not None:
            return
        if self._anchor_t is not None:
            self._anchor_t, self._anchor_pos = t, self.position(t)
            self._stalls = []
        self._paused_at = t

    def resume(self, t: float) -> None:
        """The client plays on from the paused position at wall time `t`."""
        if self._paused_at is None:
            return
        self._pauses.append((self._paused_at, t))
        self._paused_at = None
        if self._anchor_t is not None:
            self._anchor_t = t

    @property
    def paused(self) -> bool:
        """True between `pause` and `resume`."""
        return self._paused_at is not None

    @property
    def paused_since(self) -> float | None:
        """Wall time of the pause in force, None when playing."""
        return self._paused_at

    def stop(self, t: float) -> None:
        """Playback was cut at wall time `t` (barge-in, cancel): nothing plays after it."""
        if self._stopped_at is None:
            self._stopped_at = t

    def position(self, t: float) -> float:
        """Seconds of reply audio played by wall time `t`."""
        if self._anchor_t is None:
            return 0.0
        if self._stopped_at is not None:
            t = min(t, self._stopped_at)
        if self._paused_at is not None:
            return max(0.0, min(self._anchor_pos, self.duration_s))
        pos, since = self._anchor_pos, self._anchor_t
        for stall_pos, stall_t in self._stalls:
            if t < stall_t:
                return max(0.0, min(pos + max(0.0, t - since), stall_pos))
            pos, since = stall_pos, stall_t  # ran dry at `stall_pos`, resumed at `stall_t`
        return max(0.0, min(pos + max(0.0, t - since), self.duration_s))

    def is_playing(self, t: float, tail_s: float = 0.0) -> bool:
        """True while audio leaves the loudspeaker (or its echo may: `tail_s` after the end)."""
        if self._anchor_t is None:
            return False
        if self._stopped_at is not None and t > self._stopped_at + tail_s:
            return False
        if self._paused_at is not None and t > self._paused_at + tail_s:
            return False
        return self.position(t - tail_s) < self.duration_s

    def played_text(self, t: float) -> str:
        """The reply text heard by wall time `t` (a half-played sentence: its share of words)."""
        played = self.position(t)
        words: list[str] = []
        for piece in self.pieces:
            if played <= piece.offset_s:
                break
            fraction = min(1.0, (played - piece.offset_s) / piece.duration_s)
            chunk_words = piece.text.split()
            keep = len(chunk_words) if fraction >= 1.0 else int(len(chunk_words) * fraction)
            words.extend(chunk_words[:keep])
        return " ".join(words)

    def full_text(self) -> str:
        """Every sentence of the reply emitted so far."""
        return " ".join(piece.text for piece in self.pieces if piece.text)

    def reference(self, t_end: float, span_s: float) -> np.ndarray:
        """The 16 kHz audio played during the `span_s` seconds before wall time `t_end`.

        Zeros where nothing played (before the reply, and while it was paused).
        """
        n = round(span_s * SAMPLE_RATE)
        out = np.zeros(n, dtype=np.float32)
        t_start = t_end - span_s
        # Walk back from `t_end`: the audio that ends at the current position fills the wall
        # time after the latest pause, the audio before it the time before that pause, ...
        hi_t, hi_pos = t_end, round(self.position(t_end) * SAMPLE_RATE)
        for paused, resumed in reversed(self._gaps()):
            if resumed <= t_start:
                break
            if paused >= hi_t:
                continue
            lo_t = max(min(resumed, hi_t), t_start)
            hi_pos -= self._copy(out, t_start, (lo_t, hi_t), hi_pos)
            hi_t = max(paused, t_start)
            if hi_t <= t_start:
                return out
        self._copy(out, t_start, (t_start, hi_t), hi_pos)
        return out

    def _gaps(self) -> list[tuple[float, float]]:
        """Wall-time spans the reply was paused, oldest first (an open pause ends at infinity)."""
        if self._paused_at is None:
            return self._pauses
        return [*self._pauses, (self._paused_at, float("inf"))]

    def _copy(
        self, out: np.ndarray, t_start: float, span: tuple[float, float], end_pos: int
    ) -> int:
        """Put the audio ending at sample `end_pos` over wall-time `span` of `out`; its length."""
        lo_t, hi_t = span
        k = round((hi_t - lo_t) * SAMPLE_RATE)
        if k <= 0:
            return 0
        j_hi = min(round((hi_t - t_start) * SAMPLE_RATE), len(out))
        j_lo = max(j_hi - k, 0)
        src_lo = end_pos - (j_hi - j_lo)
        lo, hi = max(src_lo, 0), min(end_pos, len(self._audio))
        if hi > lo:
            out[j_lo + lo - src_lo : j_lo + hi - src_lo] = self._audio[lo:hi]
        return k
