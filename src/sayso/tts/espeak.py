"""espeak-ng formant synthesis through its command-line program: a second, clearly different voice.

Each sentence is one `espeak-ng --stdout` call, so the first sentence plays while the rest is
synthesised. Text goes in on stdin (never on the command line, where a leading "-" would be read as
an option).
"""

from __future__ import annotations

import importlib.util
import shutil
import struct
import subprocess
from collections.abc import Iterator

import numpy as np

from sayso.config import TtsConfig
from sayso.constants import PCM16_SCALE
from sayso.errors import BadInput, ConfigError, EngineUnavailable, NotLoaded
from sayso.tts.base import TtsCapabilities
from sayso.tts.sentences import speech_pieces
from sayso.tts.spoken import spoken

ESPEAK_SAMPLE_RATE = 22_050
"""Hz; espeak-ng's fixed output rate (checked against each WAV header)."""
DEFAULT_VOICE = "en-us+f3"
"""US English with a female variant: clearly unlike Piper's male "joe" voice."""
DEFAULT_WPM = 165
"""Words per minute at speed 1.0 (espeak-ng's own default is 175; a bit slower is clearer)."""
MIN_WPM, MAX_WPM = 80, 450
"""espeak-ng's accepted range of words per minute."""
TIMEOUT_S = 30.0
"""Longest one sentence may take to synthesise, in seconds."""
INSTALL_HINT = "apt-get install espeak-ng (or brew install espeak-ng)"
MANDARIN_VOICE = "cmn"
PINYIN_VOICE = "cmn-latn-pinyin"
"""espeak-ng's Mandarin voice that reads tone-numbered pinyin ("da3 kai1")."""


class EspeakTts:
    """espeak-ng voice, yielding one float32 chunk per sentence.

    Options: `voice` (e.g. "en-us", "en-gb+m3"; `TtsConfig.voice` is used when it is not a file
    path) and words per minute (`wpm` at speed 1.0).
    """

    def __init__(
        self, config: TtsConfig | None = None, *, voice: str | None = None, wpm: int = DEFAULT_WPM
    ) -> None:
        self.config = config or TtsConfig()
        # TtsConfig.voice names a Piper .onnx file by default; only a bare name is an espeak voice.
        named = self.config.voice
        config_voice = named if named and not named.endswith(".onnx") and "/" not in named else None
        self.voice = voice or config_voice or DEFAULT_VOICE
        self.wpm = wpm
        self._binary: str | None = None
        self.capabilities = TtsCapabilities(
            sample_rate=ESPEAK_SAMPLE_RATE, streaming=True, voices=(self.voice,)
        )

    def load(self) -> None:
        """Find the espeak-ng program and check the voice exists (idempotent)."""
        if self._binary is not None:
            return
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise EngineUnavailable(f"espeak-ng is not installed: {INSTALL_HINT}")
        probe = subprocess.run(
            [binary, "-q", "-v", self.voice],
            input=b"test",
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        if probe.returncode != 0:
            detail = (probe.stderr + probe.stdout).decode(errors="replace").strip()
            reason = detail.splitlines()[0] if detail else f"exit {probe.returncode}"
            raise ConfigError(f"espeak-ng voice {self.voice!r} is not available: {reason}")
        self._binary = binary

    def synthesize(self, text: str, speed: float = 1.0) -> Iterator[np.ndarray]:
        """Yield one float32 chunk in [-1, 1] per sentence (or length-bounded piece) of `text`."""
        if self._binary is None:
            raise NotLoaded("EspeakTts.synthesize() called before load()")
        rate = speed * self.config.speed
        if rate <= 0:
            raise BadInput(f"speech speed must be positive, got {rate}")
        wpm = int(min(MAX_WPM, max(MIN_WPM, round(self.wpm * rate))))
        for sentence in speech_pieces(spoken(text, self.voice)):
            yield self._render(sentence, wpm)

    def _render(self, sentence: str, wpm: int) -> np.ndarray:
        assert self._binary is not None
        voice, text = _pinyin(self.voice, sentence)
        done = subprocess.run(
            [self._binary, "--stdout", "-v", voice, "-s", str(wpm)],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            raise EngineUnavailable(f"espeak-ng failed: {message.splitlines()[0]}")
        samples, rate = parse_stream_wav(done.stdout)
        if rate != self.capabilities.sample_rate:
            expected = self.capabilities.sample_rate
            raise EngineUnavailable(f"espeak-ng wrote {rate} Hz audio, expected {expected} Hz")
        return samples


def _pinyin(voice: str, text: str) -> tuple[str, str]:
    """Mandarin as tone-numbered pinyin for espeak-ng's pinyin voice, when pypinyin is installed.

    espeak-ng 1.51's "cmn" voice reads the tone digits of its own dictionary in English ("da
    three kai one"), which no listener or recogniser understands; its "cmn-latn-pinyin" voice
    reads pinyin correctly.
    """
    if voice.partition("+")[0] != MANDARIN_VOICE or importlib.util.find_spec("pypinyin") is None:
        return voice, text
    # Deferred: only Mandarin replies need it.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    return PINYIN_VOICE, " ".join(syllables)


def parse_stream_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Decode 16-bit mono PCM WAV written to a pipe (whose size fields are placeholders)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise EngineUnavailable("espeak-ng did not write a WAV stream")
    pos, rate = 12, 0
    while pos + 8 <= len(data):
        chunk_id, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        body = pos + 8
        if chunk_id == b"fmt ":
            fmt, channels, rate = struct.unpack("<HHI", data[body : body + 8])
            bits = struct.unpack("<H", data[body + 14 : body + 16])[0]
            if (fmt, channels, bits) != (1, 1, 16):
                raise EngineUnavailable(f"unexpected espeak-ng WAV format {fmt}/{channels}/{bits}")
        elif chunk_id == b"data":
            # A pipe cannot seek back to fix the size, so the data runs to the end of the stream.
            pcm = data[body : len(data) - (len(data) - body) % 2]
            samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / PCM16_SCALE
            return samples, rate
        pos = body + size + (size % 2)
    raise EngineUnavailable("espeak-ng WAV stream has no audio data")
