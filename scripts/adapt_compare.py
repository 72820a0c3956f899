"""Base vs adapted recogniser from a `sayso adapt asr` output folder, with 95 % intervals.

Run from the repository root: `python scripts/adapt_compare.py OUT [OUT …]`. Reads the gate's
per-utterance rows (`OUT/gate/{base,adapted}_rows.json`) and prints, per condition, command
acceptance of both models with Wilson 95 % intervals, how many utterances adaptation fixed and
broke (the same audio through both), and open-speech WER / forced-into-intent rates.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

Z95 = 1.959964


def wilson(hits: int, n: int) -> tuple[float, float]:
    """Wilson score interval of a proportion, 95 %."""
    if n == 0:
        return 0.0, 0.0
    p = hits / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
    return centre - half, centre + half


def compare(out: Path) -> None:
    """Print the comparison for one output folder."""
    rows = {
        m: json.loads((out / "gate" / f"{m}_rows.json").read_text()) for m in ("base", "adapted")
    }
    by: dict[str, dict[str, dict[str, bool]]] = defaultdict(lambda: defaultdict(dict))
    for model, data in rows.items():
        for row in data["commands"]:
            by[row["condition"]][model][row["id"]] = bool(row["accepted"])
    print(f"## {out}")
    print("| condition | n | base | adapted | fixed | broken |")
    print("|---|---|---|---|---|---|")
    for condition, models in by.items():
        ids = sorted(models["base"])
        cells = []
        for model in ("base", "adapted"):
            hits = sum(models[model][i] for i in ids)
            low, high = wilson(hits, len(ids))
            cells.append(f"{hits / len(ids):.1%} [{low:.1%}, {high:.1%}]")
        fixed = sum(models["adapted"][i] and not models["base"][i] for i in ids)
        broken = sum(models["base"][i] and not models["adapted"][i] for i in ids)
        print(f"| {condition} | {len(ids)} | {cells[0]} | {cells[1]} | {fixed} | {broken} |")
    report = json.loads((out / "report.json").read_text())
    for key in ("open_wer", "open_forced", "command_wer", "real_acceptance"):
        if key in report["base"]:
            print(f"- {key}: base {report['base'][key]:.4f}, adapted {report['adapted'][key]:.4f}")
    print(f"- deployable: {report['deployable']}; timings (s): {report['split'].get('timings_s')}")


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        compare(Path(folder))
