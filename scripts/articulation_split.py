"""How well the articulation cue tells hums from words: one half calibrates, the other checks.

Run from the repository root:

    python scripts/articulation_split.py --data ../shared/data

Computes `session.articulation.articulation` on whole clips (scaled to one peak, 300 ms of
silence either side, as a burst's audio has): hums rendered by espeak-ng in six voices (phoneme
input where espeak-ng would spell the text out), the worded backchannels of the same set
("Okay.", "Yeah, yeah.": words, which the cue should not flag), the FSDD digits (real one-word
speech, 6 speakers) and Cathy's 60 sentences. The threshold is chosen on the calibration half
(three voices, three FSDD speakers, Cathy's 32 "arctic_a" sentences) as the highest on a
0.05 dB grid that flags no real word there (the envelope cue alone); the table reports both
halves with the shipped rule (`Articulation.wordless`: a still envelope and no frication).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import soxr

sys.path.insert(0, str(Path(__file__).parent))
from barge_in_checks import (  # a sibling script, not a package
    HUM_PHONEMES,
    HUM_VOICES,
    HUMS,
    _load,
    _scaled,
    calibration_half,
)

from sayso.constants import SAMPLE_RATE
from sayso.session.articulation import WORDLESS_BELOW_DB, articulation
from sayso.tts.espeak import EspeakTts

WORDED = ("Mmm, yeah.", "Yeah, yeah.", "Okay.", "Right, right.")
"""Backchannels that are words: the transcript's backchannel list handles them, not the cue."""
GRID_DB = 0.05
"""Step of the thresholds tried, dB."""
PAD_S = 0.3
"""Silence either side of a clip, s (a burst's audio starts with the speech pad)."""


def _cue(audio: np.ndarray) -> tuple[float, bool]:
    """(envelope change, nan when unknown; wordless by the shipped rule) of one clip."""
    lead = np.zeros(round(PAD_S * SAMPLE_RATE), np.float32)
    clip = _scaled(audio)[SAMPLE_RATE // 2 : -SAMPLE_RATE // 2]
    sound = articulation(np.concatenate([lead, clip, lead]))
    if sound is None or sound.envelope_change_db is None:
        return float("nan"), False
    return sound.envelope_change_db, sound.wordless


Row = tuple[str, bool, str, tuple[float, bool]]


def measured(data: Path) -> list[Row]:
    """(kind, calibration half?, name, cue) of every clip."""
    rows = []
    for path in sorted((data / "speech" / "cathy_arctic" / "wav").glob("*.wav")):
        half = calibration_half("speech", path.name)
        rows.append(("sentence", half, path.name, _cue(_load(path))))
    for path in sorted((data / "speech" / "fsdd" / "wav").glob("*.wav")):
        rows.append(("digit", calibration_half("digit", path.name), path.name, _cue(_load(path))))
    for voice in HUM_VOICES:
        engine = EspeakTts(voice=voice)
        engine.load()
        for text in HUMS:
            audio = np.concatenate(list(engine.synthesize(HUM_PHONEMES.get(text, text))))
            audio = soxr.resample(audio, engine.capabilities.sample_rate, SAMPLE_RATE)
            kind = "worded backchannel" if text in WORDED else "hum"
            name = f"{voice}:{text}"
            rows.append((kind, calibration_half("hum", name), name, _cue(audio)))
    return rows


def flagged(rows: list[Row], kind: str, half: bool) -> str:
    """"k / n" clips of `kind` in `half` the shipped rule calls wordless."""
    values = [v for k, h, _, v in rows if k == kind and h == half]
    hits = sum(1 for _, wordless in values if wordless)
    unjudged = sum(1 for change, _ in values if change != change)
    return f"{hits} / {len(values)}" + (f" ({unjudged} not judged)" if unjudged else "")


def main() -> None:
    """Measure, choose the threshold on the calibration half, print both halves."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    rows = measured(args.data)
    real = [v for k, h, _, (v, _w) in rows if h and k in ("digit", "sentence") and v == v]
    chosen = np.floor(min(real) / GRID_DB) * GRID_DB
    print(f"chosen on the calibration half: {chosen:.2f} dB (lowest real word there "
          f"{min(real):.3f}); shipped WORDLESS_BELOW_DB = {WORDLESS_BELOW_DB}")
    print("| half | hums flagged | worded backchannels flagged | digits flagged | sentences "
          "flagged |")
    print("|---|---|---|---|---|")
    for half, label in ((True, "calibration"), (False, "held out")):
        cells = [flagged(rows, k, half)
                 for k in ("hum", "worded backchannel", "digit", "sentence")]
        print(f"| {label} | " + " | ".join(cells) + " |")
    low = sorted((v, name) for k, h, name, (v, _w) in rows if k == "digit" and v == v)[:10]
    print("lowest digits:", ", ".join(f"{name} {v:.2f}" for v, name in low))
    for text in HUMS:
        values = [v for k, _, name, (v, _w) in rows if name.endswith(f":{text}")]
        print(f"{text:14s} " + " ".join(f"{v:.2f}" for v in values))


if __name__ == "__main__":
    main()
