"""`sayso adapt llm` on bad input: one line, a nonzero exit, and nothing written.

Inputs are checked before the training libraries are imported, so these runs stay quick.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parents[4] / "src"


def adapt(*args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "sayso.cli.main", "adapt", "llm", *args],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": path})


@pytest.mark.parametrize("case", ["no_parent", "zero_steps", "missing_home", "bad_home",
                                  "out_is_file", "bad_intents"])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, case: str) -> None:
    out = tmp_path / "brain"
    bad_home = tmp_path / "home.yaml"
    bad_home.write_text("devices: [unclosed\n")
    args = {
        "no_parent": ["--out", str(tmp_path / "missing" / "brain")],
        "zero_steps": ["--out", str(out), "--steps", "0"],
        "missing_home": ["--out", str(out), "--home", str(tmp_path / "nope.yaml")],
        "bad_home": ["--out", str(out), "--home", str(bad_home)],
        "out_is_file": ["--out", str(bad_home)],
        "bad_intents": ["--out", str(out), "--intents", str(bad_home)],
    }[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = adapt(*args)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
