r"""Tuning harness for the trailing-word charge: transcribe each (clip, condition) once, replay.

    PYTHONPATH=src python scripts/trailing_variants.py MANIFEST [--intents F [--only-custom]] \\
        --snr 12 --variants tail0,tail4 --out DIR

As `scripts/sole_variants.py`, for the default assistant too (no `--intents`: the demo home and
the built-in intents, as `sayso eval slu` without `--home`): every variant is the product's own
scorer (`SluScorerFactory`, `--gold-from-grammar`) with the way out's charge per heard word left
over after the sentence (`wayout.DEFAULT_PER_TAIL`) set; the free decode of each clip is
computed once. Rows go to DIR/<variant>.jsonl. Decide on a tuning split only.
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
W = "sayso.understanding.grammar.wayout"
U = "sayso.understanding.understand"
P = "sayso.understanding.constrained_paths"  # EXTEND_EXACT is read there
NONE: frozenset[str] = frozenset()
VARIANTS: dict[str, list[tuple[str, str, Any]]] = {
    f"tail{charge:g}": [
        (W, "DEFAULT_PER_TAIL", float(charge)),
        (U, "TAIL_PATHS", NONE),
        (P, "EXTEND_EXACT", False),
    ]
    for charge in (0, 1, 2, 3, 4, 6, 8)
}
VARIANTS["older"] = [(W, "DEFAULT_PER_TAIL", 0.0), (P, "EXTEND_EXACT", False)]  # older paths
VARIANTS["both"] = [(P, "EXTEND_EXACT", False)]  # shipped: the charge and the older paths
VARIANTS["extend"] = [(P, "EXTEND_EXACT", True)]  # both, and exact parses extended (not shipped)


def main() -> None:
    """Run the variants."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--intents")
    parser.add_argument("--only-custom", action="store_true")
    parser.add_argument("--home", type=Path, help="Home Assistant fixture home (HA's tests)")
    parser.add_argument("--snr", default="12")
    parser.add_argument("--variants", default="tail0,tail4")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--noise", type=Path, default=NOISE)
    args = parser.parse_args()
    key = cache_transcriptions()
    settings = settings_from(None, asr={"model": None})
    if args.intents:
        custom = (args.intents,)
        intents = dataclasses.replace(
            settings.intents, custom=custom, builtin=not args.only_custom
        )
        settings = dataclasses.replace(settings, intents=intents)
    snrs = parse_floats(args.snr, "--snr") if args.snr else []
    conditions = build_conditions(noise=args.noise if snrs else None, snrs=snrs)
    clips = list(iter_conditioned(read_manifest(args.manifest), conditions, seed=0, progress=False))
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.variants.split(","):
        with patched(VARIANTS[name]):
            score = SluScorerFactory(settings, fixture=args.home, gold_from_grammar=True)()
            rows, cpu = replay(score, clips, key)
        ok = sum(r["accepted"] for r in rows)
        by_path: dict[str, int] = {}
        for r in rows:
            if not r["accepted"]:
                by_path[str(r["path"])] = by_path.get(str(r["path"]), 0) + 1
        print(f"{name}: {ok}/{len(rows)} accepted; failures by path {by_path}; cpu {cpu:.0f} s")
        with (args.out / f"{name}.jsonl").open("w") as out:
            out.writelines(json.dumps(r) + "\n" for r in rows)


if __name__ == "__main__":
    main()
