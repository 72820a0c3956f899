"""Session settings validation and `sayso talk` without audio hardware."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sayso.config import VadConfig, load_settings
from sayso.errors import ConfigError, SaysoError
from sayso.session import SessionConfig


def test_defaults_and_validation() -> None:
    config = SessionConfig()
    assert config.vad.min_silence_ms == 500 and config.barge_in_min_ms == 250
    assert "mm-hm" in config.backchannels and not config.manual
    assert SessionConfig(turn_detection="manual").manual
    with pytest.raises(ConfigError):
        SessionConfig(turn_detection="push")
    with pytest.raises(ConfigError):
        VadConfig(threshold=1.5)
    with pytest.raises(ConfigError):
        VadConfig(min_silence_ms=0)
    for bad in (math.nan, math.inf, -1.0):
        with pytest.raises(ConfigError):
            SessionConfig(max_utterance_s=bad)
    with pytest.raises(ConfigError):
        VadConfig(threshold=math.nan)
    with pytest.raises(ConfigError):
        SessionConfig(barge_in_pause_ms=-1)


def test_the_yaml_configures_live_sessions_and_one_endpointer(tmp_path: Path) -> None:
    path = tmp_path / "sayso.yaml"
    path.write_text(
        "vad: {min_silence_ms: 700, speech_pad_ms: 200}\n"
        "session: {early_endpoint_ms: 300, barge_in_min_ms: 400}\n"
    )
    settings = load_settings(path)
    live = settings.live_session()
    assert live.vad.min_silence_ms == 700 and live.vad.speech_pad_ms == 200
    assert live.early_endpoint_ms == 300 and live.barge_in_min_ms == 400
    assert settings.vad is live.vad  # file turns and live sessions read the same settings
    path.write_text("session: {vad: {min_silence_ms: 700}}\n")
    with pytest.raises(ConfigError, match="vad: section"):
        load_settings(path)


def test_talk_without_audio_device_fails_with_one_line() -> None:
    try:
        import sounddevice as sd

        sd.query_devices(kind="input")
        sd.query_devices(kind="output")
    except Exception:
        pass
    else:
        pytest.skip("this machine has audio devices")
    from sayso.cli.talk import talk

    with pytest.raises(SaysoError) as err:
        talk()
    assert err.value.message.startswith("no audio")
    assert "\n" not in err.value.message
    assert err.value.exit_code != 0
