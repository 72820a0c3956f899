"""Base vs adapted recogniser from a `sayso adapt asr` output folder, with 95 % intervals.

Run from the repository root: `python scripts/adapt_compare.py OUT [OUT …]`. Reads the gate's
per-utterance rows (`OUT/gate/{base,adapted}_rows.json`) and prints, per condition and for the
noisy ones pooled, command acceptance of both models with Wilson 95 % intervals and how many
utterances adaptation fixed and broke (the same audio through both) — for the full pipeline,
without constrained decoding, and the recogniser alone — then open-speech WER / forced rates.
`python scripts/adapt_compare.py --slu BASE_SLU ADAPTED_SLU` does the same for two `sayso eval
slu` output folders over the same clips (`slu_utterances.jsonl`).
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


PATHS = {
    "accepted": "the full pipeline (grammar-aware rescoring, correction, constrained decoding)",
    "legacy_accepted": "without constrained decoding (rescoring and correction only)",
    "baseline_accepted": "the recogniser alone (exact match of its N-best list)",
}
"""Row keys: command accepted by each way of reading the recognition."""
POOLED = "noisy (pooled)"


def table(rows: dict[str, list[dict]], key: str) -> None:
    """Per condition (and all noisy ones pooled): acceptance by `key`, fixed and broken."""
    by: dict[str, dict[str, dict[str, bool]]] = defaultdict(lambda: defaultdict(dict))
    for model, model_rows in rows.items():
        for row in model_rows:
            condition = row["condition"]
            by[condition][model][row["id"]] = bool(row[key])
            if condition != "clean":
                by[POOLED][model][f"{condition}/{row['id']}"] = bool(row[key])
    print(f"\n{key}: {PATHS[key]}\n")
    print("| condition | n | base | adapted | fixed | broken |")
    print("|---|---|---|---|---|---|")
    for condition, models in sorted(by.items(), key=lambda kv: kv[0] == POOLED):
        ids = sorted(models["base"])
        cells = []
        for model in ("base", "adapted"):
            hits = sum(models[model][i] for i in ids)
            low, high = wilson(hits, len(ids))
            cells.append(f"{hits / len(ids):.1%} [{low:.1%}, {high:.1%}]")
        fixed = sum(models["adapted"][i] and not models["base"][i] for i in ids)
        broken = sum(models["base"][i] and not models["adapted"][i] for i in ids)
        print(f"| {condition} | {len(ids)} | {cells[0]} | {cells[1]} | {fixed} | {broken} |")


def compare(out: Path) -> None:
    """Print the comparison for one `sayso adapt asr` output folder."""
    rows = {
        m: json.loads((out / "gate" / f"{m}_rows.json").read_text())["commands"]
        for m in ("base", "adapted")
    }
    print(f"## {out}")
    for key in PATHS:
        table(rows, key)
    report = json.loads((out / "report.json").read_text())
    for key in ("open_wer", "open_forced", "command_wer", "real_acceptance"):
        if key in report["base"]:
            print(f"- {key}: base {report['base'][key]:.4f}, adapted {report['adapted'][key]:.4f}")
    print(f"- deployable: {report['deployable']}; timings (s): {report['split'].get('timings_s')}")


def compare_slu(base: Path, adapted: Path) -> None:
    """Print the comparison of two `sayso eval slu` output folders over the same clips."""
    rows = {
        model: [json.loads(line) for line in (folder / "slu_utterances.jsonl").open()]
        for model, folder in (("base", base), ("adapted", adapted))
    }
    print(f"## {base} vs {adapted}")
    for key in PATHS:
        table(rows, key)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--slu"] and len(sys.argv) == 4:
        compare_slu(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        for folder in sys.argv[1:]:
            compare(Path(folder))
