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
