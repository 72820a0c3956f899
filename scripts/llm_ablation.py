"""Ablation of the embedded LLM's prompt techniques on the benchmark's request sets.

One model load, every variant: the tools' own examples ("static") or retrieved ones, with the
full or the compact tool list; `--lora` puts an adapter from `sayso adapt llm` under all of them
("static" is then the adapter's own prompt, no examples). Each variant is the same as
`sayso bench llm --no-spoken --requests SET --set llm.shots=... --set llm.compact_tools=...`
(`-c` a config with `llm: {lora: ...}`). Every row has the model's raw accuracy and the accuracy
after the argument repair (`tool_and_repaired_arguments_accuracy`).

    nice -n 10 python scripts/llm_ablation.py --sets labelled,heldout --out /tmp/ablation.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from typing import Any

from sayso.app.assistant import Assistant
from sayso.bench.llm import request_set, tool_call_bench
from sayso.config import LlmConfig, Settings
from sayso.llm.backends.llamacpp import LlamaCppBackend
from sayso.llm.retrieval import ShotRetriever
from sayso.llm.shot_pool import shot_pool

VARIANTS = {
    "static": (False, False), "compact": (False, True),
    "retrieved": (True, False), "retrieved+compact": (True, True),
}
"""Variant → (retrieved examples, compact tool list)."""
COLUMNS = ("tool_choice_accuracy", "tool_and_arguments_accuracy",
           "tool_and_repaired_arguments_accuracy", "validity_rate", "open_state_changes",
           "calls_run_unresolved")


def main() -> None:
    """Run the chosen variants on the chosen sets and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", default="labelled", help="comma-separated request sets")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--every", type=int, default=1,
                        help="every Nth request only (the sets are grouped by kind, so this keeps "
                        "each kind; a cheaper look on a busy machine)")
    parser.add_argument("--out", default=None)
    parser.add_argument("--lora", default=None, help="GGUF LoRA adapter under every variant")
    parser.add_argument("--threads", type=int, default=2,
                        help="llama.cpp threads (1 on an oversubscribed machine: its threads "
                        "spin-wait for each other); greedy results do not depend on it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sayso-ablation-") as tmp:
        llm = LlmConfig(engine="llama-cpp", shots="static", n_threads=args.threads,
                        lora=args.lora)
        assistant = Assistant(Settings(data_dir=tmp, llm=llm)).load(speech=False)
        try:
            rows = run(assistant, args.sets.split(","), args.variants.split(","), args.limit,
                       args.every)
        finally:
            assistant.close()
    print(table(rows))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(rows, f, indent=2)


def run(
    a: Assistant, sets: list[str], variants: list[str], limit: int | None, every: int = 1
) -> list[dict[str, Any]]:
    """One row per (set, variant)."""
    backend, brain = a.llm, a.brain
    assert isinstance(backend, LlamaCppBackend) and brain is not None and a.actions is not None
    retriever = ShotRetriever(shot_pool(a.actions.home)).load()
    base = backend.config
    rows = []
    for name in sets:
        items = request_set(name)[:limit][::every]
        for variant in variants:
            retrieved, compact = VARIANTS[variant]
            backend.retrieve = retriever if retrieved else None
            backend.config = dataclasses.replace(base, compact_tools=compact)
            start = time.perf_counter()
            result = tool_call_bench(brain, items, progress=_progress)
            result.update(set=name, variant=variant, every=every,
                          seconds=round(time.perf_counter() - start))
            print(json.dumps({k: v for k, v in result.items() if k != "rows"}), flush=True)
            rows.append(result)
    return rows


def _progress(done: int, total: int, right_tool: int, right_args: int) -> None:
    if done % 5 == 0 or done == total:
        print(f"  {done}/{total}: right tool {right_tool}, tool+args {right_args}", flush=True)


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a markdown table."""
    head = "| set | variant | requests | " + " | ".join(COLUMNS) + " |"
    lines = [head, "|" + "---|" * (3 + len(COLUMNS))]
    for r in rows:
        cells = [r["set"], r["variant"], r["requests"], *(r.get(c) for c in COLUMNS)]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
