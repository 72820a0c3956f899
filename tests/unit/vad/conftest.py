"""Real speech for the VAD tests: espeak-ng utterances rendered at test time."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from sayso.audio.io import load_audio


@pytest.fixture
def speak(tmp_path: Path) -> Callable[[str], np.ndarray]:
    """Render `text` with espeak-ng and return it as 16 kHz mono float32."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")

    def render(text: str) -> np.ndarray:
        out = tmp_path / f"espeak-{abs(hash(text))}.wav"
        subprocess.run(["espeak-ng", "-w", str(out), text], check=True, capture_output=True)
        return load_audio(out)

    return render
