"""Acoustic echo cancellation: remove the reply the loudspeaker plays from the microphone input.

`EchoCanceller` is the engine protocol (10 ms blocks of microphone and reference audio, 16 kHz);
`WebRtcAec` runs WebRTC's audio processing module (AEC3, with its own delay estimation) as the
Apache-2.0 `livekit` SDK exposes it (`pip install 'sayso[aec]'`). `StreamingCanceller` accepts any
block length and returns as many samples as it gets, one 10 ms block late.
"""

from __future__ import annotations

import atexit
import importlib.util
import weakref
from typing import Any, Final, Protocol, runtime_checkable

import numpy as np

from sayso.constants import PCM16_SCALE, SAMPLE_RATE
from sayso.errors import EngineUnavailable

BLOCK_SAMPLES: Final[int] = SAMPLE_RATE // 100
"""WebRTC processes 10 ms blocks."""
INSTALL_HINT: Final[str] = "pip install 'sayso[aec]' (livekit: WebRTC audio processing)"


@runtime_checkable
class EchoCanceller(Protocol):
    """Removes the reference (what the loudspeaker played) from the microphone signal."""

    def load(self) -> None:
        """Create the native processor (explicit; construction never loads)."""

    def process(self, mic: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """One `BLOCK_SAMPLES` block of microphone audio, cleaned (float32, 16 kHz)."""
        ...


_OPEN: weakref.WeakSet[WebRtcAec] = weakref.WeakSet()
"""Processors still holding a native handle."""



def _close_all() -> None:
    for aec in list(_OPEN):
        aec.close()


def _pcm(x: np.ndarray) -> bytes:
    return np.asarray(np.clip(x, -1.0, 1.0) * PCM16_SCALE, dtype="<i2").tobytes()


class WebRtcAec:
    """WebRTC AEC3 (with its high-pass filter) through `livekit.rtc.AudioProcessingModule`."""

    def __init__(self, delay_ms: int = 0) -> None:
        self.delay_ms = delay_ms
        """Known loudspeaker → microphone delay beyond the schedule (AEC3 also estimates it)."""
        self._apm: Any = None
        self._frame: Any = None

    def load(self) -> None:
        """Create the processor."""
        if self._apm is not None:
            return
        if importlib.util.find_spec("livekit") is None:
            raise EngineUnavailable(f"echo cancellation is not installed: {INSTALL_HINT}")
        from livekit import rtc  # deferred: loads the SDK's native library

        self._apm = rtc.AudioProcessingModule(echo_cancellation=True, high_pass_filter=True)
        self._apm.set_stream_delay_ms(self.delay_ms)
        self._frame = rtc.AudioFrame
        _OPEN.add(self)
        # The SDK disposes its native runtime at exit; a processor still alive then can abort
        # the process ("terminate called ..."). Exit hooks run last-registered first, and the
        # SDK registered its hook when the processor above started it: close ours before it.
        atexit.unregister(_close_all)
        atexit.register(_close_all)

    def close(self) -> None:
        """Release the native processor (idempotent)."""
        apm, self._apm = self._apm, None
        _OPEN.discard(self)
        if apm is not None:
            apm._ffi_handle.dispose()

    def process(self, mic: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """Feed the reference block, then clean the microphone block."""
        if self._apm is None:
            self.load()
        self._apm.process_reverse_stream(self._frame(_pcm(reference), SAMPLE_RATE, 1,
                                                     BLOCK_SAMPLES))
        near = self._frame(_pcm(mic), SAMPLE_RATE, 1, BLOCK_SAMPLES)
        self._apm.process_stream(near)  # in place
        return np.frombuffer(near.data, dtype="<i2").astype(np.float32) / PCM16_SCALE


def streaming_canceller(on: bool, current: StreamingCanceller | None) -> StreamingCanceller | None:
    """The canceller a stream should use: kept while on, a new one (loaded) when switched on."""
    if not on:
        close = getattr(current.engine, "close", None) if current is not None else None
        if close is not None:
            close()
        return None
    if current is None:
        engine = WebRtcAec()
        engine.load()  # ~ms; a missing extra is one clear error
        current = StreamingCanceller(engine)
    return current


class StreamingCanceller:
    """Any-length input over a block engine; output is one block (10 ms) behind the input."""

    def __init__(self, engine: EchoCanceller) -> None:
        self.engine = engine
        self._mic = np.zeros(0, np.float32)
        self._ref = np.zeros(0, np.float32)
        self._out = np.zeros(BLOCK_SAMPLES, np.float32)  # the constant one-block delay

    def process(self, mic: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """Clean `mic` given the `reference` played over the same samples (equal lengths)."""
        self._mic = np.concatenate([self._mic, np.asarray(mic, np.float32)])
        self._ref = np.concatenate([self._ref, np.asarray(reference, np.float32)])
        blocks = len(self._mic) // BLOCK_SAMPLES
        cleaned = [
            self.engine.process(self._mic[i : i + BLOCK_SAMPLES], self._ref[i : i + BLOCK_SAMPLES])
            for i in range(0, blocks * BLOCK_SAMPLES, BLOCK_SAMPLES)
        ]
        self._mic = self._mic[blocks * BLOCK_SAMPLES :]
        self._ref = self._ref[blocks * BLOCK_SAMPLES :]
        self._out = np.concatenate([self._out, *cleaned])
        out, self._out = self._out[: len(mic)], self._out[len(mic) :]
        return out
