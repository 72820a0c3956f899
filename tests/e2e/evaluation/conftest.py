"""Small real inputs for the evaluation end-to-end tests: the committed Cathy clips, a white-noise
manifest written on the fly, and the `sayso` command run as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from sayso.constants import SAMPLE_RATE

SPEECH = Path(__file__).parents[2] / "fixtures" / "speech"
NOISE_SECONDS = 2.0
CLI_TIMEOUT_S = 600


def sayso(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the real CLI (`python -m sayso.cli.main`); fail the test with its stderr on error."""
    done = subprocess.run(
        [sys.executable, "-m", "sayso.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT_S,
        env={**os.environ, "SAYSO_LOG": "ERROR"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="session")
def speech_manifest() -> Path:
    """The four committed Cathy (CMU ARCTIC) clips."""
    return SPEECH / "manifest.jsonl"


@pytest.fixture(scope="session")
def noise_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded white-noise clip listed in a noise manifest."""
    folder = tmp_path_factory.mktemp("noise")
    rng = np.random.default_rng(0)
    sf.write(
        folder / "white.wav",
        0.1 * rng.standard_normal(int(NOISE_SECONDS * SAMPLE_RATE)),
        SAMPLE_RATE,
    )
    (folder / "manifest.jsonl").write_text(
        json.dumps({"audio": "white.wav", "category": "white"}) + "\n", encoding="utf-8"
    )
    return folder / "manifest.jsonl"


@pytest.fixture
def clips_dir(tmp_path: Path) -> Path:
    """Two of the clips in a folder with a subfolder, for batch transcription."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    wavs = sorted(SPEECH.glob("*.wav"))
    shutil.copy(wavs[0], folder)
    shutil.copy(wavs[1], folder / "sub")
    return folder
