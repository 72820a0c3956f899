"""Rescore a stored `sayso bench llm` report from its per-request rows (no model run).

Prints the summary, the brain's decided accuracies (`sayso.bench.llm_score`) and, with `--show`,
every row whose decision was not right or that changed state on a no-tool request; and the
state changes on requests whose expected tool only reads (a question that acted).

    python scripts/llm_rows.py OUT/bench_llm.json --requests heldout [--show]
"""

from __future__ import annotations

import argparse
import json

from sayso.bench.llm import request_set
from sayso.bench.llm_score import args_match, decided, summarize

READ_ONLY = ("get_time", "get_state")


def main() -> None:
    """Print the rescored summary (and the rows that were wrong with `--show`)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report")
    parser.add_argument("--requests", default="labelled")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    with open(args.report, encoding="utf-8") as f:
        calls = json.load(f)["llm"]["tool_calls"]
    items = request_set(args.requests)
    rows = calls["rows"]
    wanted = [i.get("args") or {} for i in items]
    print(json.dumps({k: v for k, v in calls.items() if k != "rows"}, indent=1))
    print(json.dumps(summarize(rows, wanted), indent=1))
    # a question that acted: a state change run (or asked) where the request only asked to read
    asked = [r for r in rows if r["expected"] in READ_ONLY
             and decided(r)[0] not in (None, *READ_ONLY)]
    print(json.dumps({"read_only_requests": sum(r["expected"] in READ_ONLY for r in rows),
                      "read_only_state_changes": len(asked)}, indent=1))
    if args.show:
        for row, expected in zip(rows, wanted, strict=True):
            name, arguments = decided(row)
            right = name == row["expected"] and args_match(expected, arguments, core_words=True)
            acted = row["expected"] is None and name not in (None, *READ_ONLY)
            if acted or not right:
                print("!!" if acted else "  ", row["text"], "|", row["expected"], expected,
                      "->", row["tool"], row["arguments"], row["repaired"], row["outcome"])


if __name__ == "__main__":
    main()
