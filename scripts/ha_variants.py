r"""Before/after on Home Assistant's spoken test sentences from one recognition per clip.

    PYTHONPATH=src python scripts/ha_variants.py MANIFEST \\
        --home ../shared/data/intents/ha_fixtures_en.yaml --snr 6,12,24 \\
        --variants before,after --out DIR

As `sayso eval slu --home ...` runs it (the product's `SluScorerFactory`, the fixture home, HA's
test context as the speaker's area, clean plus each SNR), but every (clip, condition) is
transcribed once and each variant (module constants set, `VARIANTS`) reads that same
recognition, so "before" and "after" differ only by what the variant changes and the pair costs
one recognition. Every variant reads a clip before the next clip is recognised. Each variant's
rows and summaries go to DIR/<variant>/ (`report_slu`: the files `sayso eval slu` writes).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path
from typing import Any

from variant_replay import cache_transcriptions, patched

from sayso.cli.common import settings_from
from sayso.evaluation.augment.conditions import iter_conditioned
from sayso.evaluation.data.manifest import read_manifest
from sayso.evaluation.engines import SluScorerFactory
from sayso.evaluation.plan import build_conditions, here_areas, parse_floats, stratified
from sayso.evaluation.slu_eval import report_slu

NOISE = Path("../shared/data/noise/manifest.jsonl")
U = "sayso.understanding.understand"
VARIANTS: dict[str, list[tuple[str, str, Any]]] = {
    "before": [(U, "NARROW_WILDCARDS", False), (U, "SECONDED_WITHIN", float("-inf"))],
    "narrowed": [(U, "SECONDED_WITHIN", float("-inf"))],
    "after": [],
}
"""Variant name → (module, constant, value) to set; "after" is the code as it is."""


def main() -> None:
    """Run the variants."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--home", type=Path, help="HA fixture home (default: the demo home)")
    parser.add_argument("--snr", default="6,12,24")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--variants", default="before,after")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--noise", type=Path, default=NOISE)
    parser.add_argument("--no-clean", action="store_true", help="noisy conditions only")
    parser.add_argument("--intents", help="a custom intents file, among the built-ins")
    args = parser.parse_args()
    key = cache_transcriptions()
    settings = settings_from(None, asr={"model": None})
    if args.intents:
        intents = dataclasses.replace(settings.intents, custom=(args.intents,))
        settings = dataclasses.replace(settings, intents=intents)
    snrs = parse_floats(args.snr, "--snr")
    conditions = build_conditions(noise=args.noise if snrs else None, snrs=snrs)
    if args.no_clean:
        conditions = [c for c in conditions if c.snr_db is not None]
    utterances = stratified(read_manifest(args.manifest), args.limit)
    clips = list(iter_conditioned(utterances, conditions, seed=0, progress=False))
    here = here_areas(args.manifest)
    names = args.variants.split(",")
    scorers = {}
    for name in names:
        with patched(VARIANTS[name]):
            scorers[name] = SluScorerFactory(
                settings, fixture=args.home, here=here, gold_from_grammar=bool(args.intents)
            )()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    cpu = dict.fromkeys(names, 0.0)
    args.out.mkdir(parents=True, exist_ok=True)
    # Rows as they come (DIR/<variant>.partial.jsonl), to read failures before the run ends.
    partial = {name: (args.out / f"{name}.partial.jsonl").open("w") for name in names}
    for index, (utt, condition, audio) in enumerate(clips, start=1):
        key[0] = (utt.id, condition.name)
        for name in names:
            started = time.process_time()
            with patched(VARIANTS[name]):
                rows[name].append(scorers[name](utt, condition.name, audio))
            cpu[name] += time.process_time() - started
            partial[name].write(json.dumps(rows[name][-1]) + "\n")
            partial[name].flush()
        if index % 50 == 0:
            print(f"{index}/{len(clips)} clips", flush=True)
    for name in names:
        _summarise(name, rows[name], conditions, args.out / name, cpu[name])


def _summarise(
    name: str, rows: list[dict[str, Any]], conditions: Any, out: Path, cpu: float
) -> None:
    """Write the variant's rows and summaries, and print its noisy acceptance."""
    report_slu(rows, conditions, out)
    noisy = [r for r in rows if r["condition"] != "clean"]
    ok = sum(r["accepted"] for r in noisy)
    grammar = [r for r in noisy if r.get("text_accepted", True)]
    in_ok = sum(r["accepted"] for r in grammar)
    print(
        f"{name}: noisy {ok}/{len(noisy)} accepted, in grammar {in_ok}/{len(grammar)}; "
        f"cpu {cpu:.0f} s (the first variant's includes the recognition)",
        flush=True,
    )


if __name__ == "__main__":
    main()
