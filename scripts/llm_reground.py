"""Re-decide a stored `sayso bench llm` report with the current verifier (no generation).

The model's raw calls are stored per request; what the brain does with them (argument repair,
grounding, the tool run) is deterministic. This runs the current brain's decision on each stored
call, in a throw-away state directory, and prints the summary of `sayso bench llm` (decided
scores, safety counts) plus the state changes on requests whose expected tool only reads. A change
of the verifier is measured on the same model calls; the model's own scores do not change.

    python scripts/llm_reground.py OUT/bench_llm.json --requests heldout [-c CONFIG] [--show]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Any

from sayso.app.assistant import Assistant
from sayso.bench.llm import request_set
from sayso.bench.llm_safety import Safety
from sayso.bench.llm_score import args_match, decided, summarize
from sayso.cli.common import settings_from
from sayso.dialogue.messages import ToolCall

READ_ONLY = ("get_time", "get_state")


def reground(brain: Any, rows: list[dict[str, Any]], items: list[dict[str, Any]]
             ) -> tuple[list[dict[str, Any]], Safety]:
    """`rows` with the outcome, repaired arguments and decided tool of the current brain."""
    safety = Safety()
    out = []
    for row, item in zip(rows, items, strict=True):
        if row["text"] != item["text"]:
            raise SystemExit(f"report and request set differ at {item['text']!r}")
        safety.open_requests += not item.get("tool")
        new = dict(row)
        if row["tool"] is not None and row["outcome"] is not None:
            call = ToolCall(row["tool"], row["arguments"])
            new["outcome"] = safety.observe(brain, item, call)
            acted = safety.acted
            changed = acted is not None and (acted.name, acted.arguments) != (
                call.name, call.arguments)
            new["repaired"] = acted.arguments if changed and acted is not None else None
            new["decided_tool"] = acted.name if acted is not None else None
        out.append(new)
    return out, safety


def main() -> None:
    """Print the re-decided summary (and the rows that changed with `--show`)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report")
    parser.add_argument("--requests", default="labelled")
    parser.add_argument("-c", "--config", type=Path, default=None)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    with open(args.report, encoding="utf-8") as f:
        rows = json.load(f)["llm"]["tool_calls"].get("rows")
    if rows is None:
        raise SystemExit(f"{args.report}: no per-request rows (a report older than the rows)")
    items = request_set(args.requests)
    settings = settings_from(args.config, sets=["llm.n_threads=1"])
    with tempfile.TemporaryDirectory(prefix="sayso-reground-") as tmp:
        assistant = Assistant(dataclasses.replace(settings, data_dir=tmp)).load(speech=False)
        try:
            new, safety = reground(assistant.brain, rows, items)
        finally:
            assistant.close()
    wanted = [i.get("args") or {} for i in items]
    acted = [r for r in new if r["expected"] in READ_ONLY
             and decided(r)[0] not in (None, *READ_ONLY)]
    print(json.dumps({**summarize(new, wanted), **safety.report(),
                      "read_only_state_changes": len(acted)}, indent=1))
    for old, row, expected in zip(rows, new, wanted, strict=True) if args.show else ():
        before, after = (decided(r)[0] == r["expected"]
                         and args_match(expected, decided(r)[1], core_words=True)
                         for r in (old, row))
        if before != after:
            print("+" if after else "-", row["text"], "->", decided(row), row["outcome"])


if __name__ == "__main__":
    main()
