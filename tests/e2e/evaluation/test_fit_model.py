"""`sayso eval calibrate --fit`: the served model's way out fitted from sayso's own material."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sayso.understanding.grammar.wayout import SOLE_SUFFIX, load_wayout

from .conftest import sayso

pytestmark = pytest.mark.slow


def test_the_served_model_gets_both_its_way_outs_fitted(tmp_path: Path) -> None:
    out = tmp_path / "fit.json"
    done = sayso("eval", "calibrate", "--fit", "--limit", "3", "--work", tmp_path / "work",
                 "--out", out)
    fitted = json.loads(out.read_text(encoding="utf-8"))
    # One rule for sessions among the built-ins, one for a single domain (`#sole`).
    assert len(fitted) == 2
    sole = [key for key in fitted if key.endswith(SOLE_SUFFIX)]
    assert len(sole) == 1 and sole[0].removesuffix(SOLE_SUFFIX) in fitted
    assert all(key.startswith("tiny.en:") for key in fitted)  # the configured model
    for key in fitted:
        assert load_wayout(key, out).fitted  # what a turn with this model will read
        assert key in done.stdout  # one summary line per rule
    assert str(out) in done.stdout


def test_fit_and_rows_together_are_one_error_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sayso.cli.main", "eval", "calibrate", "--fit", "--rows",
         str(tmp_path)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "SAYSO_DATA_DIR": str(tmp_path)},
    )
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "either --rows" in lines[0] and "Traceback" not in done.stderr
