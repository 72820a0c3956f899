r"""Tuning harness for the sole path: transcribe each (clip, condition) once, replay variants.

    PYTHONPATH=src python scripts/sole_variants.py MANIFEST --intents F --snr 6,9,12,18 \\
        --variants base,final --out DIR

Every variant is the product's own scorer (`SluScorerFactory`, as `sayso eval slu
--only-custom --gold-from-grammar` runs it) with some module constants set; the free decode of
each clip is computed once and reused, so a variant costs only the understanding step. Rows
go to DIR/<variant>.jsonl. Use it on a tuning split only (examples/pizza/tuning.txt rendered by
scripts/render_tuning_voices.py), never on a split you report.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

from variant_replay import cache_transcriptions, patched, replay

from sayso.cli.common import settings_from
from sayso.evaluation.augment.conditions import iter_conditioned
from sayso.evaluation.data.manifest import read_manifest
from sayso.evaluation.engines import SluScorerFactory
from sayso.evaluation.plan import build_conditions, parse_floats

NOISE = Path("../shared/data/noise/manifest.jsonl")
"""From the main checkout; a worktree passes `--noise`."""
S, U, C = (
    "sayso.understanding.grammar.sole",
    "sayso.understanding.constrained_paths",  # SOLE_SENTENCE_WINS is read there
    "sayso.asr.whisper.constrained",
)
K = "sayso.understanding.grammar.constrain"


def _v(
    charge: float, repeats: bool, seconded: bool, only_parsed: bool
) -> list[tuple[str, str, Any]]:
    return [
        (S, "RANK_PER_MISSING", charge),
        (S, "DEMOTE_REPEATS", repeats),
        (U, "SOLE_SENTENCE_WINS", seconded),
        (S, "CHARGE_ONLY_PARSED", only_parsed),
    ]


VARIANTS: dict[str, list[tuple[str, str, Any]]] = {
    "base": _v(0.0, False, False, False),  # last round's sole path
    "rank": _v(2.0, False, False, False),
    "both": _v(2.0, False, True, False),
    "prune20": [*_v(2.0, False, True, False), (C, "PRUNE_NATS", 20.0)],
    "r2rep": _v(2.0, True, True, False),
    "r1rep": _v(1.0, True, True, False),
    "r05rep": _v(0.5, True, True, False),
    "r0rep": _v(0.0, True, True, False),
    "keep64": [*_v(2.0, True, True, False), (K, "SOLE_KEEP", 64)],
    "final": _v(2.0, True, True, True),
    "final_noseconded": _v(2.0, True, False, True),
    **{
        f"count{b}": [*_v(2.0, True, True, True), (S, "COUNT_BONUS", float(b))]
        for b in (0, 1, 2, 3, 4, 6)
    },
    # Round 9: the share of Whisper's prior taken out of the ranking (`sole.PRIOR_WEIGHT`).
    **{f"prior{w}": [(S, "PRIOR_WEIGHT", w / 100)] for w in (0, 25, 50, 75, 100)},
}


def main() -> None:
    """Run the variants."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--intents", required=True)
    parser.add_argument("--snr", default="6,9,12,18")
    parser.add_argument("--noise", type=Path, default=NOISE)
    parser.add_argument("--variants", default="base,final")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    key = cache_transcriptions()
    settings = settings_from(None, asr={"model": None})
    intents = dataclasses.replace(settings.intents, custom=(args.intents,), builtin=False)
    settings = dataclasses.replace(settings, intents=intents)
    conditions = build_conditions(noise=args.noise, snrs=parse_floats(args.snr, "--snr"))
    clips = list(iter_conditioned(read_manifest(args.manifest), conditions, seed=0, progress=False))
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.variants.split(","):
        with patched(VARIANTS[name]):
            score = SluScorerFactory(settings, gold_from_grammar=True)()
            rows, cpu = replay(score, clips, key)
        noisy = [r for r in rows if r["condition"] != "clean"]
        clean = [r for r in rows if r["condition"] == "clean"]
        ok, cok = sum(r["accepted"] for r in noisy), sum(r["accepted"] for r in clean)
        print(f"{name}: noisy {ok}/{len(noisy)} clean {cok}/{len(clean)} cpu {cpu:.0f} s")
        with (args.out / f"{name}.jsonl").open("w") as out:
            out.writelines(json.dumps(r) + "\n" for r in rows)


if __name__ == "__main__":
    main()
