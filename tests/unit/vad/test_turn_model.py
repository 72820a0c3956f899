"""The audio end-of-turn model's plumbing: its input window, where its file is found, and the
setting that turns it off (the model itself runs in tests/e2e/session/test_turn_model.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sayso.config import SessionConfig
from sayso.constants import SAMPLE_RATE
from sayso.errors import ConfigError
from sayso.vad import turn_model as tm


def test_the_window_is_the_last_eight_seconds_zeros_in_front_at_unit_variance() -> None:
    rng = np.random.default_rng(0)
    short = rng.normal(0.3, 0.1, SAMPLE_RATE).astype(np.float32)  # 1 s, not zero mean
    w = tm.window(short)
    assert w.shape == (tm.WINDOW_S * SAMPLE_RATE,)
    assert abs(float(w.mean())) < 1e-4 and abs(float(w.std()) - 1.0) < 1e-3
    assert np.allclose(w[0], w[: len(w) - SAMPLE_RATE])  # the padding is in front, all equal
    long = np.arange(10 * SAMPLE_RATE, dtype=np.float32)
    kept = tm.window(long)
    assert np.argmax(kept) == len(kept) - 1  # the end is kept, the first 2 s dropped
    assert np.all(np.diff(kept) > 0)


def test_the_model_file_is_found_by_path_then_cache_then_pipecat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(tm, "installed_pipecat_model", lambda: None)
    assert tm.find_model() is None and tm.load_turn_model("auto") is None
    cached = tmp_path / "cache" / "sayso" / "models" / tm.MODEL_FILE
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"onnx")
    assert tm.find_model() == cached
    own = tmp_path / "mine.onnx"
    own.write_bytes(b"onnx")
    assert tm.find_model(str(own)) == own
    assert tm.load_turn_model("off") is None


def test_a_missing_or_broken_model_is_one_clear_error_at_load(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        tm.load_turn_model(str(tmp_path / "absent.onnx"))
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not an onnx model")
    with pytest.raises(ConfigError, match="cannot load"):  # at startup, not in a turn
        tm.load_turn_model(str(broken))
    with pytest.raises(ConfigError, match="turn_model"):
        SessionConfig(turn_model=" ")
    # YAML reads a bare `off` / `on` as a boolean
    assert SessionConfig(turn_model=False).turn_model == "off"
    assert SessionConfig(turn_model=True).turn_model == "auto"
