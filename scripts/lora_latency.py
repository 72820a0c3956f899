"""First-token latency of the embedded brain with and without a `sayso adapt llm` adapter.

Base (few-shot prompt) and adapted (compact prompt + LoRA) backends answer the same requests in
alternation, so both see the same machine load; prints p50 time to first token of each in ms.

    python scripts/lora_latency.py DIR/adapter.gguf [--requests 20]
"""

from __future__ import annotations

import argparse
import statistics

from sayso.bench.llm import labelled_requests
from sayso.dialogue.messages import Message
from sayso.llm.backends.llamacpp import LlamaCppBackend, LlamaCppConfig
from sayso.llm.normalize import digits
from sayso.llm.tools.actions import ActionTools
from sayso.llm.tools.definitions import build
from sayso.llm.tools.typed import ToolRegistry


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("adapter")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    specs = ToolRegistry(build(ActionTools(lambda: None))).specs()  # type: ignore[arg-type,return-value]
    backends = {"base": LlamaCppBackend(), "adapted": LlamaCppBackend(
        LlamaCppConfig(lora_path=args.adapter))}
    times: dict[str, list[float]] = {name: [] for name in backends}
    for b in backends.values():
        b.load()
    for item in labelled_requests()[: args.requests]:
        for name, backend in backends.items():
            list(backend.stream([Message("user", digits(item["text"]))], tools=specs,
                                max_tokens=24))
            assert backend.last_stats is not None
            times[name].append(backend.last_stats.time_to_first_token_s * 1000)
    for name, values in times.items():
        print(f"{name}: first token p50 {statistics.median(values):.0f} ms over {len(values)}")


if __name__ == "__main__":
    main()
