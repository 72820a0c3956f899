"""Bounded fuzzing of audio input: the decoder and the CLI give a valid signal or one `BadInput`.

`SAYSO_FUZZ_COUNT` scales every suite here (default: a quick run for `make test`); the long run is
`SAYSO_FUZZ_COUNT=2000 python -m pytest -m fuzz tests/fuzz/test_fuzz_audio.py`.
"""

from __future__ import annotations

import io
import os
import random
import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sayso.audio.io import encode, load_audio
from sayso.cli.main import run
from sayso.errors import BadInput
from tests.unit.audio.hostile import wav_bytes

pytestmark = pytest.mark.fuzz

COUNT = int(os.environ.get("SAYSO_FUZZ_COUNT", "100"))
"""Examples per property, and files for the CLI fuzzer."""
TRANSCRIBE_EVERY = 10
"""Every tenth CLI file runs `transcribe` (loads Whisper when it decodes); the rest `features`."""
MAX_SECONDS = 5.0
"""Decoding limit in the properties: keeps each example small; longer input is refused early."""

FUZZ = settings(
    max_examples=COUNT,
    deadline=None,  # the machine is shared; time is bounded by the example count instead
    database=None,  # no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _decodes_or_refuses(data: bytes) -> None:
    """The property: a finite mono float32 signal in [-1, 1], or `BadInput` (nothing else)."""
    try:
        out = load_audio(data, max_seconds=MAX_SECONDS)
    except BadInput as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert out.dtype == np.float32 and out.ndim == 1 and len(out) > 0
    assert np.isfinite(out).all() and float(np.max(np.abs(out))) <= 1.0


@FUZZ
@given(st.binary(max_size=8192))
def test_random_bytes(data: bytes) -> None:
    _decodes_or_refuses(data)


FORMAT_TAGS = st.one_of(st.sampled_from([1, 2, 3, 6, 7, 0x11, 0x31, 0x55, 0xFFFE, 0xFFFF]),
                        st.integers(0, 0xFFFF))
WORDS = st.integers(0, 0xFFFF)


@FUZZ
@given(tag=FORMAT_TAGS, channels=st.one_of(st.integers(0, 8), WORDS),
       rate=st.one_of(st.sampled_from([0, 1, 8000, 16000, 44100]), st.integers(0, 2**32 - 1)),
       bits=st.one_of(st.sampled_from([0, 1, 8, 12, 16, 24, 32, 64]), WORDS),
       align=st.one_of(st.none(), WORDS), extra=st.binary(max_size=24),
       data=st.binary(max_size=4096), data_len=st.one_of(st.none(), st.integers(0, 2**32 - 1)))
def test_random_wav_headers(tag: int, channels: int, rate: int, bits: int, align: int | None,
                            extra: bytes, data: bytes, data_len: int | None) -> None:
    _decodes_or_refuses(wav_bytes(tag, channels=channels, rate=rate, bits=bits, block_align=align,
                                  extra=extra, data=data, data_len=data_len))


@FUZZ
@given(samples=arrays(np.float32, st.tuples(st.integers(0, 4000), st.integers(1, 3)),
                      elements=st.floats(width=32, allow_nan=True, allow_infinity=True)),
       rate=st.sampled_from([8000, 16000, 22050, 48000]))
def test_random_float_signals(samples: np.ndarray, rate: int) -> None:
    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="WAV", subtype="FLOAT")
    if not np.isfinite(samples).all() and len(samples) >= rate * 0.1:
        with pytest.raises(BadInput, match="NaN/Inf"):
            load_audio(buf.getvalue())
        return
    _decodes_or_refuses(buf.getvalue())


# --- The CLI over malformed files: exit 0 or 2, and exactly one stderr line on error ------------

def _seeds() -> list[bytes]:
    t = np.arange(8000) / 16000
    tone = (0.4 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    seeds = [encode(tone, 16000, fmt) for fmt in ("wav", "flac", "mp3")]  # type: ignore[arg-type]
    ogg = io.BytesIO()
    sf.write(ogg, tone, 16000, format="OGG")
    float_wav = io.BytesIO()
    sf.write(float_wav, tone, 16000, format="WAV", subtype="FLOAT")
    return [*seeds, ogg.getvalue(), float_wav.getvalue()]


def _mutate(seed: bytes, rng: random.Random) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(("flip", "truncate", "splice", "field", "nan"))
        if kind == "flip" and data:
            for _ in range(rng.randint(1, 16)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == "truncate" and data:
            del data[rng.randrange(len(data)):]
        elif kind == "splice":
            at = rng.randrange(len(data) + 1)
            data[at:at] = rng.randbytes(rng.randint(1, 256))
        elif kind == "field" and len(data) > 44:  # a WAV header field set to an extreme
            at = rng.choice((4, 16, 20, 22, 24, 28, 32, 34, 40))
            data[at:at + 4] = struct.pack("<I", rng.choice((0, 1, 0xFFFF, 0xFFFFFFFF)))
        elif kind == "nan" and len(data) > 64:
            at = rng.randrange(44, len(data) - 4)
            data[at:at + 4] = struct.pack("<f", rng.choice((float("nan"), float("inf"))))
    return bytes(data)


def test_cli_over_malformed_files(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(11)
    seeds = _seeds()
    outcomes = {0: 0, 2: 0}
    for i in range(COUNT):
        path = tmp_path / f"fuzz{i}.{rng.choice(('wav', 'mp3', 'flac', 'ogg', 'bin'))}"
        path.write_bytes(_mutate(rng.choice(seeds), rng))
        args = (["transcribe", str(path)] if i % TRANSCRIBE_EVERY == 0
                else ["features", str(path), "-o", str(tmp_path / "f.npy")])
        try:
            run(args)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        err = capfd.readouterr().err.strip().splitlines()
        assert code in outcomes, (args, code, err)
        assert len(err) == (1 if code else 0), (args, err)
        if code:
            assert err[0].startswith("error:"), err
        outcomes[code] += 1
    print(f"CLI fuzz: {COUNT} files, {outcomes[0]} decoded (exit 0), "
          f"{outcomes[2]} refused (exit 2)")
