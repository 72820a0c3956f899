"""Decoding, encoding and input refusal of the audio front end, on real files."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest
import soundfile as sf

from sayso.audio.io import (
    encode,
    ensure_not_silent,
    from_pcm16_bytes,
    load_audio,
    pcm16_bytes,
    resample,
    write_wav,
)
from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput

SECONDS = 1.5


def tone(rate: int, seconds: float = SECONDS, hz: float = 440.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(round(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def stereo(rate: int) -> np.ndarray:
    """Left: a 440 Hz tone at 0.5; right: silence (so the mono mix peaks at 0.25)."""
    left = tone(rate)
    return np.stack([left, np.zeros_like(left)], axis=1)


def write_mp3(path: Path, data: np.ndarray, rate: int) -> None:
    with av.open(str(path), mode="w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=rate, layout="stereo")
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(data.T), format="fltp", layout="stereo"
        )
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)


def write_any(path: Path, data: np.ndarray, rate: int) -> None:
    if path.suffix == ".mp3":
        write_mp3(path, data, rate)
    else:
        sf.write(str(path), data, rate)


@pytest.mark.parametrize("rate", [8000, 22050, 44100])
@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "mp3"])
def test_decodes_to_16k_mono_with_the_right_duration(tmp_path: Path, fmt: str, rate: int) -> None:
    path = tmp_path / f"stereo.{fmt}"
    write_any(path, stereo(rate), rate)
    out = load_audio(path)
    assert out.dtype == np.float32 and out.ndim == 1
    # mp3 frames add up to one 1152-sample frame of padding at most
    assert abs(len(out) / SAMPLE_RATE - SECONDS) < 0.08
    assert 0.2 < np.max(np.abs(out)) < 0.3  # mean of the channels, not a sum or one channel


@pytest.mark.parametrize(
    ("ext", "container", "codec"), [("m4a", "mp4", "aac"), ("webm", "webm", "libopus")]
)
def test_ffmpeg_only_formats_decode(tmp_path: Path, ext: str, container: str, codec: str) -> None:
    path = tmp_path / f"clip.{ext}"
    x = tone(48000)
    with av.open(str(path), mode="w", format=container) as out:
        stream = out.add_stream(codec, rate=48000, layout="mono")
        frame = av.AudioFrame.from_ndarray(x[np.newaxis, :], format="fltp", layout="mono")
        frame.sample_rate = 48000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    decoded = load_audio(path)
    assert decoded.ndim == 1 and abs(len(decoded) / SAMPLE_RATE - SECONDS) < 0.08
    assert code_of(path, max_seconds=1.0) == "audio_too_long"


def test_bytes_decode_like_files(tmp_path: Path) -> None:
    path = tmp_path / "a.flac"
    write_any(path, stereo(22050), 22050)
    assert np.allclose(load_audio(path.read_bytes()), load_audio(path))


def code_of(source: str | Path | bytes, **kwargs: float) -> str:
    with pytest.raises(BadInput) as info:
        load_audio(source, **kwargs)
    assert "\n" not in info.value.message
    return info.value.code


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert code_of(tmp_path / "nope.wav") == "audio_unreadable"


def test_text_renamed_wav_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("this is a shopping list, not audio\n" * 20)
    assert code_of(path) == "audio_unreadable"


@pytest.mark.parametrize("keep", [0.5, 0.02])
def test_truncated_wav_is_unreadable(tmp_path: Path, keep: float) -> None:
    path = tmp_path / "cut.wav"
    write_wav(path, tone(SAMPLE_RATE))
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    assert code_of(path) == "audio_unreadable"


def test_zero_length_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    assert code_of(path) == "audio_empty"
    assert code_of(b"") == "audio_empty"


def test_header_only_and_too_short_are_empty(tmp_path: Path) -> None:
    write_wav(tmp_path / "none.wav", np.zeros(0, np.float32))
    write_wav(tmp_path / "short.wav", tone(SAMPLE_RATE, seconds=0.05))
    assert code_of(tmp_path / "none.wav") == "audio_empty"
    assert code_of(tmp_path / "short.wav") == "audio_empty"


@pytest.mark.parametrize("fmt", ["wav", "mp3"])
def test_too_long_is_refused(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"long.{fmt}"
    write_any(path, stereo(16000), 16000)
    assert code_of(path, max_seconds=1.0) == "audio_too_long"


def test_silent_input_is_refused_but_quiet_speech_level_is_not() -> None:
    with pytest.raises(BadInput) as info:
        ensure_not_silent(np.full(16000, 1e-4, dtype=np.float32))  # -80 dBFS
    assert info.value.code == "audio_silent"
    with pytest.raises(BadInput):
        ensure_not_silent(np.zeros(16000, dtype=np.float32))
    ensure_not_silent(tone(SAMPLE_RATE, amp=0.01))  # -40 dBFS passes


def test_pcm16_round_trip_and_resampling() -> None:
    x = tone(8000, seconds=1.0)
    data = pcm16_bytes(x)
    assert len(data) == 2 * len(x)
    back = from_pcm16_bytes(data, 8000)
    assert len(back) == SAMPLE_RATE
    assert np.allclose(from_pcm16_bytes(data, SAMPLE_RATE), x, atol=1 / 32767)
    assert len(resample(x, 8000, 22050)) == 22050
    with pytest.raises(BadInput):
        from_pcm16_bytes(b"\x00\x01\x02", SAMPLE_RATE)


@pytest.mark.parametrize("fmt", ["wav", "flac", "mp3"])
def test_encode_decodes_back(fmt: str) -> None:
    x = tone(SAMPLE_RATE)
    out = load_audio(encode(x, SAMPLE_RATE, fmt))  # type: ignore[arg-type]
    assert abs(len(out) - len(x)) < 0.08 * SAMPLE_RATE
    assert abs(np.max(np.abs(out)) - 0.5) < 0.05


def test_write_wav_is_16_bit(tmp_path: Path) -> None:
    write_wav(tmp_path / "o.wav", tone(SAMPLE_RATE))
    info = sf.info(str(tmp_path / "o.wav"))
    assert info.subtype == "PCM_16" and info.samplerate == SAMPLE_RATE


def test_unknown_encode_format() -> None:
    with pytest.raises(BadInput) as info:
        encode(tone(SAMPLE_RATE), SAMPLE_RATE, "aiff")  # type: ignore[arg-type]
    assert info.value.code == "format_unsupported"


# --- Hostile input (issue 11): one clear BadInput, never another exception ---------------------

HOSTILE_CODES = {
    "nan.wav": "audio_not_finite",
    "inf.wav": "audio_not_finite",
    "neg_inf.wav": "audio_not_finite",
}
DECODABLE = {"gsm610.wav"}
"""Exotic but real codecs: FFmpeg decodes them (before, libsndfile's refusal was an exit 70)."""


def test_hostile_files_give_one_clear_bad_input(tmp_path: Path) -> None:
    from .hostile import hostile_files

    for name, path in hostile_files(tmp_path).items():
        if name in DECODABLE:
            out = load_audio(path)
            assert out.dtype == np.float32 and np.isfinite(out).all() and len(out) > 0
            continue
        with pytest.raises(BadInput) as err:
            load_audio(path)
        assert err.value.code == HOSTILE_CODES.get(name, "audio_unreadable"), (name, err.value)
        assert "\n" not in err.value.message
        with pytest.raises(BadInput):  # the same bytes uploaded (REST, Wyoming) fail the same way
            load_audio(path.read_bytes())


def test_nan_message_says_what_is_wrong(tmp_path: Path) -> None:
    from .hostile import not_finite

    path = tmp_path / "one_percent_nan.wav"
    sf.write(path, not_finite(np.nan), 16_000, subtype="FLOAT")
    with pytest.raises(BadInput, match="NaN/Inf samples"):
        load_audio(path)


def test_huge_float_samples_clip_instead_of_overflowing(tmp_path: Path) -> None:
    path = tmp_path / "huge.wav"
    loud = np.full((16_000, 2), 3e38, np.float32)  # the float32 mean of two would be +inf
    sf.write(path, loud, 16_000, subtype="FLOAT")
    out = load_audio(path)
    assert np.isfinite(out).all() and np.max(np.abs(out)) <= 1.0


def test_control_characters_in_file_names_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[31mname\n.wav"
    path.write_bytes(b"not audio")
    with pytest.raises(BadInput) as err:
        load_audio(path)
    assert "\x1b" not in err.value.message and "\n" not in err.value.message
    assert "\\x1b[31m" in err.value.message


@pytest.mark.parametrize("samples", [np.zeros(0, np.float32), np.zeros(10, np.float32)])
def test_mp3_of_no_audio_is_a_valid_short_file(samples: np.ndarray, tmp_path: Path) -> None:
    data = encode(samples, 22_050, "mp3")
    path = tmp_path / "empty.mp3"
    path.write_bytes(data)
    with av.open(str(path)) as container:
        decoded = sum(frame.samples for frame in container.decode(audio=0))
    assert decoded > 0


@pytest.mark.parametrize("fmt", ["wav", "flac"])
def test_no_audio_still_encodes_a_readable_file(fmt: str) -> None:
    data, rate = sf.read(io.BytesIO(encode(np.zeros(0, np.float32), 22_050, fmt)))  # type: ignore[arg-type]
    assert rate == 22_050 and len(data) <= 1


def test_mp3_stream_yields_as_chunks_arrive_and_decodes_whole() -> None:
    from sayso.audio.io import mp3_stream

    chunks = [tone(22_050, 0.5), np.zeros(0, np.float32), tone(22_050, 0.5, hz=660)]
    parts = list(mp3_stream(iter(chunks), 22_050))
    assert len(parts) >= 2  # bytes leave before the last chunk is encoded
    out = load_audio(b"".join(parts))
    assert abs(len(out) / SAMPLE_RATE - 1.0) < 0.15  # no header patch: a frame more padding
    assert list(mp3_stream(iter([]), 22_050))  # nothing to say: still a valid stream
