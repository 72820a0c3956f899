"""Render a tuning or held-out split with voices the first report split does not use.

The report split (`sayso eval synth`) uses Piper's configured voice at speed 1.0 and espeak-ng's
en-us+f3 at 150 wpm. A tuning split rendered with the same voices would let a tuning decision
fit those voices, so this renders other ones: espeak-ng en-gb+m3 at 175 wpm and Piper at 1.15x
speed. Together with sentences that are not in the report split (`examples/pizza/tuning.txt`
against `examples/pizza/sentences.txt`), a decision measured here is held out from the report
split by sentence and (largely; Piper's speaker is the same) by voice.

    PYTHONPATH=src python scripts/render_tuning_voices.py examples/pizza/tuning.txt OUT_DIR

`--held-out` renders with a third pair instead (espeak-ng en-us+m1 at 160 wpm, Piper at 0.9x
speed): `examples/pizza/heldout.txt` read by those is a split no decision was measured on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from sayso import registry
from sayso.config import load_settings
from sayso.evaluation.data.sources import Voice, synthesize_set
from sayso.tts.espeak import EspeakTts

ESPEAK_VOICE = "en-gb+m3"
"""A British male variant (the report split uses en-us+f3)."""
ESPEAK_WPM = 175
PIPER_SPEED = 1.15
"""Faster than the report split's Piper (1.0)."""
HELD_OUT = ("en-us+m1", 160, 0.9)
"""espeak-ng voice, its words per minute and Piper's speed of the held-out pair."""


def _voice(engine: Any, speed: float) -> Voice:
    def speak(text: str) -> tuple[np.ndarray, int]:
        chunks: Iterator[np.ndarray] = engine.synthesize(text, speed)
        audio = np.concatenate([np.asarray(c, np.float32) for c in chunks])
        return audio, int(engine.capabilities.sample_rate)

    return speak


def main(texts: Path, out: Path, held_out: bool) -> None:
    """Render every line of `texts` with both voices of the pair into `out/manifest.jsonl`."""
    settings = load_settings(None)
    voice, wpm, speed = HELD_OUT if held_out else (ESPEAK_VOICE, ESPEAK_WPM, PIPER_SPEED)
    piper = registry.create("tts", settings.tts.engine, settings.tts)
    espeak = EspeakTts(voice=voice, wpm=wpm)
    piper.load()
    espeak.load()
    lines = [t.strip() for t in texts.read_text(encoding="utf-8").splitlines() if t.strip()]
    names = ("piperslow", "espeakm1") if held_out else ("piperfast", "espeakgb")
    voices = {names[0]: _voice(piper, speed), names[1]: _voice(espeak, 1.0)}
    print(synthesize_set(lines, voices, out))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), "--held-out" in sys.argv[3:])
