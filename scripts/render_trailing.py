"""Render "trailing word" utterances: a complete command, a pause, then the words that finish it.

Each line of the text file is "FIRST | REST" ("set a timer for five minutes | and thirty
seconds"): the two parts are rendered separately and joined with a pause of silence, so the
first part alone is a complete grammar sentence and the audio goes on after it (issue 12: the
constrained reading dropped "and eggs" after "add milk to my shopping list" and a long pause).
The manifest's text is the whole sentence; `sayso eval slu --gold-from-grammar` labels it (a
sentence the grammar cannot say, "add milk to my shopping list and eggs", is labelled no
command: reading it as "add milk" is the error).

    PYTHONPATH=src python scripts/render_trailing.py TEXTS OUT_DIR [--held-out] [--pauses 0.3,1.5,3]

Voices are `render_tuning_voices.py`'s pairs (tuning: espeak-ng en-gb+m3 at 175 wpm and Piper
at 1.15x; `--held-out`: en-us+m1 at 160 wpm and Piper at 0.9x), one voice name per pause.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np

from sayso import registry
from sayso.config import load_settings
from sayso.constants import SAMPLE_RATE
from sayso.evaluation.data.audio_io import to_mono_16k
from sayso.evaluation.data.sources import Voice, synthesize_set
from sayso.tts.espeak import EspeakTts

ESPEAK_VOICE, ESPEAK_WPM, PIPER_SPEED = "en-gb+m3", 175, 1.15
HELD_OUT = ("en-us+m1", 160, 0.9)
SEPARATOR = "|"
EDGE_DB = 40.0
"""Blocks this far below a part's peak are cut from its ends: the pause is then what is said."""


def _trim(audio: np.ndarray) -> np.ndarray:
    block = SAMPLE_RATE // 100
    n = len(audio) // block
    rms = np.sqrt(np.mean(audio[: n * block].reshape(n, block) ** 2, axis=1)) + 1e-12
    loud = np.flatnonzero(20 * np.log10(rms / rms.max()) > -EDGE_DB)
    return audio[loud[0] * block : (loud[-1] + 1) * block]


def _speaker(engine: object, speed: float) -> Callable[[str], np.ndarray]:
    def speak(text: str) -> np.ndarray:
        chunks = engine.synthesize(text, speed)  # type: ignore[attr-defined]
        audio = np.concatenate([np.asarray(c, np.float32) for c in chunks])
        rate = int(engine.capabilities.sample_rate)  # type: ignore[attr-defined]
        return _trim(to_mono_16k(audio, rate))

    return speak


def _paused(speak: Callable[[str], np.ndarray], pause_s: float, parts: dict[str, str]) -> Voice:
    """A voice saying a joined sentence as its two parts with `pause_s` of silence between."""
    edge = np.zeros(round(0.3 * SAMPLE_RATE), np.float32)
    gap = np.zeros(round(pause_s * SAMPLE_RATE), np.float32)

    def voice(text: str) -> tuple[np.ndarray, int]:
        first, rest = parts[text].split(SEPARATOR)
        audio = np.concatenate([edge, speak(first.strip()), gap, speak(rest.strip()), edge])
        return audio, SAMPLE_RATE

    return voice


def main() -> None:
    """Render every line with both voices of the pair at every pause."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("texts", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--held-out", action="store_true")
    parser.add_argument("--pauses", default="0.3,1.5,3")
    args = parser.parse_args()
    settings = load_settings(None)
    voice, wpm, speed = HELD_OUT if args.held_out else (ESPEAK_VOICE, ESPEAK_WPM, PIPER_SPEED)
    piper = registry.create("tts", settings.tts.engine, settings.tts)
    espeak = EspeakTts(voice=voice, wpm=wpm)
    piper.load()
    espeak.load()
    lines = [t.strip() for t in args.texts.read_text(encoding="utf-8").splitlines() if t.strip()]
    parts = {" ".join(line.replace(SEPARATOR, " ").split()): line for line in lines}
    names = ("piperslow", "espeakm1") if args.held_out else ("piperfast", "espeakgb")
    speakers = {names[0]: _speaker(piper, speed), names[1]: _speaker(espeak, 1.0)}
    voices = {
        f"{name}_p{pause:g}s": _paused(speak, pause, parts)
        for name, speak in speakers.items()
        for pause in (float(p) for p in args.pauses.split(","))
    }
    print(synthesize_set(list(parts), voices, args.out))


if __name__ == "__main__":
    main()
