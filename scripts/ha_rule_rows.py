r"""Spoken HA rows scored by HA's test rule, per condition, and what the way out did with them.

    PYTHONPATH=src python scripts/ha_rule_rows.py MANIFEST TEXTS ROWS.jsonl [ROWS.jsonl ...]

MANIFEST is the spoken manifest (`sayso eval synth`, it carries HA's test context), TEXTS the
sentences it was rendered from (JSON Lines), ROWS the per-utterance rows of `sayso eval slu` or
`scripts/ha_variants.py` (DIR/<variant>.partial.jsonl). For each rows file, per condition: the
strict acceptance `sayso eval slu` reports, HA's rule with template drift forgiven (as `sayso eval
text` scores it), and HA's rule on the sentences `sayso eval text` calls in grammar; then, over
the noisy in-grammar rows HA's rule fails, how many were a right constrained sentence the way out
refused with nothing behind it, and how many a wrong constrained sentence it took. Rows without
a gold intent (open speech) are counted as forced when any intent was read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sayso.config import Settings
from sayso.evaluation.ha_reference import HaReference
from sayso.evaluation.metrics.ha_rule import ha_right
from sayso.evaluation.text_eval import score_texts

FIXTURE = Path("../shared/data/intents/ha_fixtures_en.yaml")


def main() -> None:
    """Print the tallies of every rows file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("texts", type=Path)
    parser.add_argument("rows", type=Path, nargs="+")
    parser.add_argument("--home", type=Path, default=FIXTURE)
    args = parser.parse_args()
    items = [json.loads(line) for line in args.texts.open(encoding="utf-8") if line.strip()]
    in_grammar = {
        _key(r.text, r.slots): r.in_grammar for r in score_texts(items, Settings(), args.home).rows
    }
    context = {}
    for line in args.manifest.open(encoding="utf-8"):
        obj = json.loads(line)
        context[obj["id"]] = obj.get("context") or {}
    reference = HaReference(args.home, "en")
    for path in args.rows:
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        _report(path, rows, in_grammar, context, reference)


def _key(text: str, slots: Any) -> tuple[str, str]:
    return text, json.dumps(slots, sort_keys=True)


def _report(
    path: Path,
    rows: list[dict[str, Any]],
    in_grammar: dict[tuple[str, str], bool],
    context: dict[str, dict[str, Any]],
    reference: HaReference,
) -> None:
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    causes: Counter[str] = Counter()
    for row in rows:
        here = context.get(row["id"], {})
        domain = here.get("domain")
        right = ha_right(
            row["gold_intent"], row["gold_slots"], row["pred_intent"], row["pred_slots"], "en",
            drift=True, here=here.get("area"), targets=reference.targets,
            context_domain=domain if isinstance(domain, str) else None,
        )  # fmt: skip
        grammar = in_grammar.get(_key(row["text"], row["gold_slots"]), False)
        t = tally[row["condition"]]
        t["n"] += 1
        t["strict"] += row["accepted"]
        t["ha"] += right
        t["grammar"] += grammar
        t["ha_grammar"] += right and grammar
        t["forced"] += row["gold_intent"] is None and row["pred_intent"] is not None
        if row["condition"] != "clean" and grammar and not right:
            causes[_cause(row)] += 1
    print(path)
    noisy = [k for k in tally if k != "clean"]
    for name, t in tally.items():
        print(
            f"  {name:11s} n={t['n']} strict {t['strict'] / t['n']:.3f} | HA rule "
            f"{t['ha'] / t['n']:.3f} | in grammar (HA rule) {t['ha_grammar']}/{t['grammar']} | "
            f"forced {t['forced']}"
        )
    if noisy:

        def mean(a: str, b: str) -> float:
            return sum(tally[k][a] / max(1, tally[k][b]) for k in noisy) / len(noisy)

        print(
            f"  noisy mean: strict {mean('strict', 'n'):.4f}  HA rule {mean('ha', 'n'):.4f}  "
            f"in grammar (HA rule) {mean('ha_grammar', 'grammar'):.4f}"
        )
    print("  noisy in-grammar failures:", dict(causes.most_common()))


def _cause(row: dict[str, Any]) -> str:
    path = row["path"]
    if path == "constrained":
        return "constrained sentence taken, wrong"
    if row.get("constrained_right") and path in ("none", None):
        return "right constrained sentence refused, nothing behind"
    if path in ("none", None):
        return "no right reading (constrained wrong or none), refused"
    return f"{path} reading wrong"


if __name__ == "__main__":
    main()
