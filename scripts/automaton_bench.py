"""Benchmark: build the token automaton of a 10,000-sentence grammar (and of the HA grammar).

    PYTHONPATH=src python scripts/automaton_bench.py [--sentences 10000]

Times the word graph (hassil templates → deterministic word graph) and the token automaton for
the embedded Whisper tokenizer: its lazy start, and a full expansion of every token state
reachable (what a search could ever visit; a real search visits a small part of it).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import deque
from pathlib import Path

from hassil import Intents
from tokenizers import Tokenizer

from sayso.asr.whisper.constrained import WhisperTokens
from sayso.asr.whisper.models import resolve_model
from sayso.understanding.grammar.automaton import TokenAutomaton
from sayso.understanding.grammar.graph import WordGraph, build_graph

WORDS = 2_000
"""Vocabulary of the random grammar."""
WHISPER_EOT = 50_256
"""End token of the English-only Whisper tokenizer."""


def _expand_all(automaton: TokenAutomaton) -> int:
    seen = {automaton.initial()}
    todo = deque(seen)
    while todo:
        state = todo.popleft()
        nxt = list(automaton.allowed(state).values())
        free = automaton.free(state)
        nxt += [free] if free is not None else []
        for target in nxt:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return len(seen)


def _timed(label: str, graph: WordGraph, tokens: WhisperTokens) -> None:
    started = time.perf_counter()
    automaton = TokenAutomaton(graph, tokens)
    automaton.allowed(automaton.initial())
    lazy = time.perf_counter() - started
    states = _expand_all(automaton)
    full = time.perf_counter() - started
    print(
        f"{label}: word graph {graph.size} states; token automaton first state "
        f"{lazy * 1000:.0f} ms, all {states} token states {full:.1f} s"
    )


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(0)
    words = (
        [w for w in Path("/usr/share/dict/words").read_text().split() if w.isalpha()][:WORDS]
        if Path("/usr/share/dict/words").is_file()
        else [f"word{n}" for n in range(WORDS)]
    )
    sentences = sorted(
        {" ".join(rng.choices(words, k=rng.randint(3, 8))).lower() for _ in range(args.sentences)}
    )
    intents = Intents.from_dict(
        {"language": "en", "intents": {"Big": {"data": [{"sentences": sentences}]}}}
    )
    hf = Tokenizer.from_file(str(Path(resolve_model("tiny.en")) / "tokenizer.json"))
    tokens = WhisperTokens(hf, WHISPER_EOT)
    started = time.perf_counter()
    graph = build_graph(intents, {})
    print(f"{len(sentences)} sentences: word graph built in {time.perf_counter() - started:.1f} s")
    _timed(f"{len(sentences)} sentences", graph, tokens)


if __name__ == "__main__":
    main()
