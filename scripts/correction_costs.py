"""Costs of grammar-aware correction on text: right vs wrong corrections of one text run.

Usage: python scripts/correction_costs.py --rows eval-out/text-de/text_rows.jsonl --language de \
           --home ../shared/data/intents/ha_fixtures_de.yaml [--split dev]

Reads the rows of a `sayso eval text` run made while typed text was still corrected (before
round 4 of issue 16: `path == "corrected"`), corrects each such sentence again as a spoken
transcript and prints the cost per anchor word of the accepted correction, for the rows read
right and for the others, with how many of each fall under a few thresholds: whether a stricter
threshold could make correction safe on text.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from sayso.config import IntentsConfig
from sayso.evaluation.data.ha_fixture import load_fixture_home
from sayso.events import Transcript
from sayso.understanding.grammar.correct import corrector_for
from sayso.understanding.hassil.recognizer import HassilRecognizer

THRESHOLDS = (0.03, 0.05, 0.07)


def main() -> None:
    """Print the cost spread of right and wrong corrections, and counts under each threshold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, required=True)
    parser.add_argument("--language", required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == args.split and r["path"] == "corrected"]
    recognizer = HassilRecognizer(IntentsConfig(language=args.language))
    recognizer.load()
    recognizer.set_home(load_fixture_home(args.home).vocabulary)
    corrector = corrector_for(recognizer)
    costs: dict[str, list[float]] = {"right": [], "wrong": []}
    for row in rows:
        area = row["context"].get("area")
        recognizer.set_here(str(area) if area else None)
        found = corrector.correct(Transcript(text=row["text"], language=args.language))
        if found is not None:
            costs["right" if row["ok"] else "wrong"].append(found.score)
    for kind, values in costs.items():
        if values:
            print(f"{kind}: {len(values)}, cost per word {min(values):.3f}–{max(values):.3f}, "
                  f"median {statistics.median(values):.3f}")
    for limit in THRESHOLDS:
        under = {kind: sum(v <= limit for v in values) for kind, values in costs.items()}
        print(f"<= {limit}: right {under['right']}, wrong {under['wrong']}")


if __name__ == "__main__":
    main()
