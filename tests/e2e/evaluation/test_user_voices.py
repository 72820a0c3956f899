"""The simulated user's Piper voice: the same audio on every render unless variation is asked."""

from __future__ import annotations

import numpy as np

from sayso.config import Settings
from sayso.evaluation.dialogue.voices import UserVoices

TEXT = "Turn on the kitchen light."


def same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b))


def test_piper_varies_only_when_asked() -> None:
    fixed, varied = UserVoices(Settings(), "piper"), UserVoices(Settings(), "piper", variation=True)
    assert same(fixed(TEXT), fixed(TEXT))
    renders = [varied(TEXT) for _ in range(3)]
    # onnxruntime's noise is not seeded: three renders all alike would mean it is off.
    assert not (same(renders[0], renders[1]) and same(renders[1], renders[2]))
