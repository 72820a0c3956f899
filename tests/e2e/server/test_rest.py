"""The OpenAI audio endpoints, driven by the official `openai` client against the real server."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import openai
import pytest
import soundfile as sf

from tests.e2e.server.conftest import GUARD_TOKEN, Running

pytestmark = pytest.mark.slow


def client(server: Running, token: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=token, max_retries=0)


def test_transcription_json(server: Running, kitchen_wav: Path) -> None:
    with kitchen_wav.open("rb") as f:
        result = client(server).audio.transcriptions.create(model="whisper-1", file=f)
    assert "kitchen light" in result.text.lower()


@pytest.mark.parametrize("fmt", ["text", "srt", "vtt", "verbose_json"])
def test_transcription_formats(server: Running, kitchen_wav: Path, fmt: str) -> None:
    with kitchen_wav.open("rb") as f:
        result = client(server).audio.transcriptions.create(
            model="whisper-1", file=f, response_format=fmt, language="en",
            prompt="kitchen", temperature=0.0,  # type: ignore[arg-type]
        )
    text = result if isinstance(result, str) else result.text
    assert "kitchen" in text.lower()
    if fmt == "srt":
        assert "-->" in text and text.startswith("1\n")
    if fmt == "vtt":
        assert text.startswith("WEBVTT")
    if fmt == "verbose_json":
        assert result.duration > 1.0 and result.segments  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", ["wav", "flac"])
def test_speech_file(server: Running, fmt: str) -> None:
    reply = client(server).audio.speech.create(
        model="tts-1", voice="alloy", input="The kitchen light is on.", response_format=fmt
    )
    data, rate = sf.read(io.BytesIO(reply.content))
    assert rate > 8000 and len(data) / rate > 0.5
    assert abs(data).max() > 0.05


def test_speech_pcm_is_24khz(server: Running) -> None:
    slow = client(server).audio.speech.create(
        model="tts-1", voice="alloy", input="Hello there.", response_format="pcm", speed=0.5
    )
    fast = client(server).audio.speech.create(
        model="tts-1", voice="alloy", input="Hello there.", response_format="pcm", speed=2.0
    )
    assert len(slow.content) % 2 == 0
    seconds = len(slow.content) / 2 / 24_000
    assert 0.5 < seconds < 10
    assert len(fast.content) < len(slow.content)


def test_bad_requests_use_openai_error_shape(server: Running, tmp_path: Path) -> None:
    api = client(server)
    with pytest.raises(openai.BadRequestError) as bad_format:
        api.audio.speech.create(model="tts-1", voice="alloy", input="hi",
                                response_format="opus")
    assert bad_format.value.code == "invalid_value"
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"this is not audio at all" * 10)
    with pytest.raises(openai.BadRequestError) as unreadable, junk.open("rb") as f:
        api.audio.transcriptions.create(model="whisper-1", file=f)
    assert unreadable.value.code == "audio_unreadable"
    with pytest.raises(openai.BadRequestError) as empty_input:
        api.audio.speech.create(model="tts-1", voice="alloy", input="")
    assert empty_input.value.status_code == 400
    raw = httpx.post(f"{server.url}/v1/audio/transcriptions", content=b"{}",
                     headers={"content-type": "application/json"})
    assert raw.status_code == 400
    assert set(raw.json()["error"]) == {"message", "type", "param", "code"}


def test_health_home_and_metrics(server: Running, kitchen_wav: Path) -> None:
    health = httpx.get(f"{server.url}/health").json()
    assert health["status"] == "ok" and all(health["engines"].values())
    devices = httpx.get(f"{server.url}/v1/home").json()["devices"]
    assert any(d["entity_id"] == "light.kitchen" for d in devices)
    with kitchen_wav.open("rb") as f:
        client(server).audio.transcriptions.create(model="whisper-1", file=f)
    metrics = httpx.get(f"{server.url}/metrics").text
    assert 'sayso_stage_latency_seconds_count{stage="asr"}' in metrics
    assert "sayso_active_sessions" in metrics
    assert "sayso_errors_total" in metrics


def test_page_is_served(server: Running) -> None:
    page = httpx.get(f"{server.url}/")
    assert page.status_code == 200 and "sayso" in page.text
    for name in ("app.js", "audio.js", "ui.js", "mic-worklet.js", "style.css"):
        assert httpx.get(f"{server.url}/static/{name}").status_code == 200


def test_token_required_when_set(guarded: Running, kitchen_wav: Path) -> None:
    with pytest.raises(openai.AuthenticationError), kitchen_wav.open("rb") as f:
        client(guarded, "wrong").audio.transcriptions.create(model="whisper-1", file=f)
    with kitchen_wav.open("rb") as f:
        ok = client(guarded, GUARD_TOKEN).audio.transcriptions.create(model="whisper-1", file=f)
    assert "kitchen" in ok.text.lower()
    assert httpx.get(f"{guarded.url}/metrics").status_code == 401
    assert httpx.get(f"{guarded.url}/health").status_code == 200


def test_upload_limit(guarded: Running, tmp_path: Path) -> None:
    big = tmp_path / "big.wav"
    sf.write(big, [0.1] * 300_000, 16_000)  # ~600 kB, over the 200 kB limit
    with pytest.raises(openai.APIStatusError) as err, big.open("rb") as f:
        client(guarded, GUARD_TOKEN).audio.transcriptions.create(model="whisper-1", file=f)
    assert err.value.status_code == 413
    assert json.loads(err.value.response.text)["error"]["code"] == "file_too_large"


def _speech(server: Running, text: str, fmt: str = "mp3", **extra: object) -> httpx.Response:
    body = {"model": "tts-1", "voice": "alloy", "input": text, "response_format": fmt, **extra}
    return httpx.post(f"{server.url}/v1/audio/speech", json=body, timeout=120)


@pytest.mark.parametrize("fmt", ["wav", "mp3"])
def test_long_unpunctuated_speech_streams_in_bounded_pieces(server: Running, fmt: str) -> None:
    """Issue 11: 4,096 characters without punctuation took 46 s and +3.8 GB in one piece."""
    from sayso.audio.io import load_audio
    from sayso.constants import SAMPLE_RATE

    text = ("word " * 200)[:1000]
    with httpx.stream("POST", f"{server.url}/v1/audio/speech", timeout=120,
                      json={"input": text, "response_format": fmt}) as reply:
        assert reply.status_code == 200
        assert reply.headers.get("transfer-encoding") == "chunked"
        pieces = [p for p in reply.iter_raw() if p]
    assert len(pieces) > 2  # audio leaves as each piece is synthesised
    seconds = len(load_audio(b"".join(pieces), max_seconds=600)) / SAMPLE_RATE
    assert seconds > 20  # 200 words


@pytest.mark.parametrize("fmt", ["mp3", "wav", "flac", "pcm"])
def test_text_without_audio_gives_a_valid_file(server: Running, fmt: str) -> None:
    reply = _speech(server, ".", fmt)
    assert reply.status_code == 200, reply.text
    if fmt in ("wav", "flac"):
        sf.read(io.BytesIO(reply.content))
    elif fmt == "mp3":
        assert reply.content[:3] == b"ID3" or reply.content[0] == 0xFF


@pytest.mark.parametrize("text", ["   ", "\x00", "\x00\x1b\x07 \n"])
def test_blank_or_control_only_input_is_a_clean_400(server: Running, text: str) -> None:
    reply = _speech(server, text)
    assert reply.status_code == 400
    assert reply.json()["error"]["code"] == "input_empty"


def test_control_characters_inside_text_are_dropped(server: Running) -> None:
    reply = _speech(server, "The kitchen\x00 light\x1b[31m is on.", "wav")
    assert reply.status_code == 200
    data, rate = sf.read(io.BytesIO(reply.content))
    assert len(data) / rate > 0.5


def test_sse_stream_format_is_refused(server: Running) -> None:
    reply = _speech(server, "hello", "wav", stream_format="sse")
    assert reply.status_code == 400 and reply.json()["error"]["param"] == "stream_format"


def test_hostile_uploads_are_400_with_a_code(server: Running, tmp_path: Path) -> None:
    from tests.unit.audio.hostile import hostile_files

    files = hostile_files(tmp_path)
    expected = {"nan.wav": "audio_not_finite", "zero_bits.wav": "audio_unreadable",
                "tag_ffff.wav": "audio_unreadable", "bad.mp3": "audio_unreadable"}
    for name, code in expected.items():
        reply = httpx.post(f"{server.url}/v1/audio/transcriptions", timeout=60,
                           files={"file": (name, files[name].read_bytes())})
        assert reply.status_code == 400, (name, reply.text)
        assert reply.json()["error"]["code"] == code, name


def test_streamed_requests_give_their_concurrency_hold_back(server: Running) -> None:
    limit = 4  # ServerSettings.max_concurrent_per_client
    for _ in range(limit + 2):
        assert _speech(server, "Okay.", "pcm").status_code == 200


def _rss_mb() -> float:
    with open("/proc/self/status") as status:  # the server runs in this process (a thread)
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def test_maximal_unpunctuated_speech_stays_within_memory(server: Running) -> None:
    """The issue-11 reproducer itself: before, +4.6 GB (about 12 times this process's idle RSS);
    now about +210 MB (0.55 times). A ratio to idle RSS in one run, not a fixed number."""
    import threading

    idle = peak = _rss_mb()
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _rss_mb())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        reply = _speech(server, ("word " * 819)[:4096], "wav")
    finally:
        done.set()
        watcher.join()
    assert reply.status_code == 200 and len(reply.content) > 1_000_000
    assert peak - idle < idle, (idle, peak)
