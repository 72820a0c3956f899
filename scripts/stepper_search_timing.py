"""Benchmark: the constrained search's time with the one-graph int8 step against layer by layer.

    PYTHONPATH=src python scripts/stepper_search_timing.py MANIFEST [--intents F] [--limit N]

Each clip (clean) is understood twice, once with each form of the int8 stepper, in alternating
order, so both see the same load; the rows that ran the constrained search report its time
(`constrained_ms`). Without `--intents` the clips are read by the built-in grammar with Home
Assistant's fixture home (`../shared/data/intents/ha_fixtures_en.yaml`); with it, the intents
file is the only domain. Also counts the clips whose constrained sentence differs between the
two forms (float32 rounding can flip a quantized value; spellings of one sentence included).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from sayso.asr.whisper import constrained
from sayso.asr.whisper.stepper import WhisperStepper
from sayso.config import Settings
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.engines import SluScorerFactory

HA_HOME = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "intents" / "ha_fixtures_en.yaml"
)
FORMS = {True: "one graph a step", False: "layer by layer"}


def main() -> None:
    """Run the comparison and print one line per form."""
    args = _arguments()
    settings, fixture = Settings(), None
    if args.intents:
        intents = dataclasses.replace(settings.intents, custom=(args.intents,), builtin=False)
        settings = dataclasses.replace(settings, intents=intents)
    else:
        fixture = HA_HOME
    form = {"fused": True}
    for_model = WhisperStepper.for_model.__func__  # type: ignore[attr-defined]

    def chosen(cls: type, model: Any, exact: bool = False, fused: bool = True) -> WhisperStepper:
        return for_model(cls, model, exact=exact, fused=form["fused"])

    WhisperStepper.for_model = classmethod(chosen)  # type: ignore[assignment, method-assign]
    score = SluScorerFactory(settings, gold_from_grammar=bool(args.intents), fixture=fixture)()
    clips = _clips(Path(args.manifest), args.limit)
    times: dict[bool, list[float]] = {True: [], False: []}
    differ = 0
    for i, (utt, audio) in enumerate([clips[0], *clips]):
        texts = {}
        for fused in (True, False) if i % 2 else (False, True):
            constrained._STEPPERS.clear()  # the search looks its stepper up per model
            form["fused"] = fused
            row = score(utt, "clean", audio)
            if i and row["constrained_ms"] is not None:  # clip 0 twice: a warm-up
                times[fused].append(row["constrained_ms"])
            texts[fused] = row["constrained_text"]
        differ += bool(i) and texts[True] != texts[False]
    for fused, ms in times.items():
        p50, p90 = np.percentile(ms, 50), np.percentile(ms, 90)
        print(f"{FORMS[fused]}: {len(ms)} searches, p50 {p50:.1f} ms, p90 {p90:.1f} ms")
    print(f"constrained sentence differs on {differ} of {len(clips)} clips")


def _clips(manifest: Path, limit: int) -> list[tuple[Utterance, np.ndarray]]:
    out = []
    for line in manifest.read_text().splitlines()[:limit]:
        entry = json.loads(line)
        path = manifest.parent / entry["audio"]
        audio, _ = sf.read(path, dtype="float32")
        utt = Utterance(
            id=entry["id"],
            audio=path,
            text=entry["text"],
            intent=entry.get("intent"),
            slots=entry.get("slots") or {},
        )
        out.append((utt, audio))
    return out


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--intents", default="")
    parser.add_argument("--limit", type=int, default=60)
    return parser.parse_args()


if __name__ == "__main__":
    main()
