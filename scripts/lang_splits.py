"""Report and calibration splits of Home Assistant's test sentences the fixture home can express.

Usage (after `sayso eval text ... --out DIR` on the whole set of the language):

    python scripts/lang_splits.py --texts ../shared/data/intents/ha_intents_tests_de.jsonl \
        --misses DIR/text_misses.jsonl --report 160 --calibration 60 --out eval-out/split-de

A sentence the grammar reads right on text (not in `text_misses.jsonl`) and without HA's test
context (the speaker's area, which a spoken manifest does not carry) is one the home can
express. The report split is a stratified `--report` of them (seed 0, every intent covered);
the calibration split a stratified `--calibration` of the rest (seed 1), so the way out is
never fitted on what is reported. Writes `report.jsonl` and `calibration.jsonl` (for
`sayso eval synth`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.plan import read_texts, stratified


def main() -> None:
    """Write the two splits."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--misses", type=Path, required=True)
    parser.add_argument("--report", type=int, default=160)
    parser.add_argument("--calibration", type=int, default=60)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    missed = {
        json.loads(line)["text"]
        for line in args.misses.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    # A sentence that needs HA's test context (the speaker's area) is left out: spoken manifests
    # carry no context, so it could not be read right from speech alone.
    items = [o for o in read_texts(args.texts) if o["text"] not in missed and not o.get("context")]
    utterances = [
        Utterance(str(i), Path(), o["text"], o.get("intent"), dict(o.get("slots") or {}))
        for i, o in enumerate(items)
    ]
    report = stratified(utterances, args.report, seed=0)
    chosen = {u.id for u in report}
    rest = [u for u in utterances if u.id not in chosen]
    calibration = stratified(rest, args.calibration, seed=1)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, split in (("report", report), ("calibration", calibration)):
        with (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for utt in split:
                out.write(json.dumps(items[int(utt.id)], ensure_ascii=False) + "\n")
    print(f"{len(items)} expressible; report {len(report)}, calibration {len(calibration)}")


if __name__ == "__main__":
    main()
