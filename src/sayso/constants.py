"""Audio and timing constants, each with its unit; derived values are computed, never typed in.

Audio is normalised once at the input edge to 16 kHz mono float32 in [-1, 1]; every stage after the
front end may assume that format.
"""

from typing import Final

SAMPLE_RATE: Final[int] = 16_000
"""Pipeline sample rate in Hz."""

SAMPLE_WIDTH_BYTES: Final[int] = 2
"""Bytes per sample of 16-bit PCM on the wire (WAV files, Wyoming, OpenAI pcm16)."""

FRAME_MS: Final[int] = 32
"""Duration of one audio frame in milliseconds (Silero VAD consumes 512 samples at 16 kHz)."""

FRAME_SAMPLES: Final[int] = SAMPLE_RATE * FRAME_MS // 1000
"""Samples per frame (512)."""

# Features (`sayso features`): 25 ms analysis window, 10 ms hop, as in Kaldi and Whisper.
FEATURE_WINDOW_MS: Final[float] = 25.0
FEATURE_HOP_MS: Final[float] = 10.0
FEATURE_WINDOW_SAMPLES: Final[int] = int(SAMPLE_RATE * FEATURE_WINDOW_MS / 1000)  # 400
FEATURE_HOP_SAMPLES: Final[int] = int(SAMPLE_RATE * FEATURE_HOP_MS / 1000)  # 160
N_FFT: Final[int] = 512
"""FFT size in samples (next power of two above the 400-sample window)."""
N_MELS: Final[int] = 80
N_MFCC: Final[int] = 13

# Input limits (bad input is refused, never truncated silently).
MAX_INPUT_SECONDS: Final[float] = 60.0
"""Default longest input accepted by `sayso turn` / transcription, in seconds."""

MIN_INPUT_SECONDS: Final[float] = 0.1
"""Shorter input than this (100 ms) is treated as empty."""

SILENCE_DBFS: Final[float] = -60.0
"""Input whose peak is below this level (dBFS) counts as silent-only."""

# Endpointing defaults (ms): the one endpointer (`vad/endpointer.py`) of file turns and sessions.
VAD_THRESHOLD: Final[float] = 0.5
"""Speech probability above which a frame is voiced."""
MIN_SPEECH_MS: Final[int] = 96
"""Voiced run shorter than this is noise, not speech."""
MIN_SILENCE_MS: Final[int] = 500
"""Trailing silence that ends an utterance (the OpenAI Realtime default, too)."""
SPEECH_PAD_MS: Final[int] = 300
"""Audio kept before the speech onset (a soft first consonant is below the threshold)."""
TRAIL_PAD_MS: Final[int] = 96
"""Audio kept after the last voiced frame: enough for Whisper not to clip the last word, short
enough that a live session can start recognising 96 ms into the silence."""

MS_PER_SECOND: Final[float] = 1000.0
"""Milliseconds per second (latencies are reported in ms, clocks run in seconds)."""

PCM16_SCALE: Final[float] = 32767.0
"""Full scale of 16-bit PCM: float samples in [-1, 1] map to ints by this factor and back, so a
round trip is exact and +1.0 never overflows."""
