"""Settings: every value checked against its field's type, and `--set` overrides from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from sayso.cli.common import parse_sets, settings_from
from sayso.config import load_settings
from sayso.errors import ConfigError


@pytest.mark.parametrize(
    ("section", "values", "message"),
    [
        ("vad", {"min_silence_ms": "abc"}, "config.vad.min_silence_ms must be an integer"),
        ("vad", {"threshold": float("nan")}, "must be a finite number"),
        ("session", {"echo_gating": "maybe"}, "must be true or false"),
        ("asr", {"beam_size": True}, "must be an integer"),
        ("intents", {"custom": [1, 2]}, "must be a list of strings"),
        ("llm", {"allow": {"a": 1}}, "must be a list of strings or null"),
        ("session", {"vad": {"min_silence_ms": 1}}, "vad: section"),
        ("tts", "fast", "expected a mapping"),
    ],
)
def test_mistyped_settings_are_one_clear_error(section: str, values: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(**{section: values})


def test_lists_optional_values_and_numbers_are_read_as_typed() -> None:
    s = load_settings(
        intents={"custom": "pizza.yaml"}, llm={"allow": ["get_time"]}, tts={"speed": 1},
        asr={"language": None},
    )
    assert s.intents.custom == ("pizza.yaml",) and s.llm.allow == ("get_time",)
    assert s.tts.speed == 1.0 and isinstance(s.tts.speed, float) and s.asr.language is None


def test_set_overrides_the_file_and_reads_yaml_scalars(tmp_path: Path) -> None:
    path = tmp_path / "sayso.yaml"
    path.write_text("vad: {min_silence_ms: 700}\nsession: {echo_gating: true}\n")
    sets = ["vad.min_silence_ms=900", "session.echo_gating=false", "intents.custom=[a.yaml]"]
    s = settings_from(path, sets=sets)
    assert s.vad.min_silence_ms == 900 and s.session.echo_gating is False
    assert s.intents.custom == ("a.yaml",)
    assert parse_sets(["asr.language=null"]) == {"asr": {"language": None}}


@pytest.mark.parametrize("bad", ["vad", "vad.min_silence_ms", "=1", "a.b.c=1", ".x=1"])
def test_malformed_set_is_one_clear_error(bad: str) -> None:
    with pytest.raises(ConfigError, match=r"SECTION\.KEY=VALUE"):
        parse_sets([bad])
