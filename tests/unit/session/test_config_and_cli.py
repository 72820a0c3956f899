"""Session settings validation and `sayso talk` without audio hardware."""

from __future__ import annotations

import pytest

from sayso.errors import ConfigError, SaysoError
from sayso.session import SessionConfig


def test_defaults_and_validation() -> None:
    config = SessionConfig()
    assert config.silence_ms == 500 and config.barge_in_min_ms == 250
    assert "mm-hm" in config.backchannels and not config.manual
    assert SessionConfig(turn_detection="manual").manual
    with pytest.raises(ConfigError):
        SessionConfig(turn_detection="push")
    with pytest.raises(ConfigError):
        SessionConfig(vad_threshold=1.5)
    with pytest.raises(ConfigError):
        SessionConfig(silence_ms=0)


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
