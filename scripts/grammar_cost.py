"""CPU cost of a language's grammar on its fixture home: exact parse per sentence, word graph.

Usage: python scripts/grammar_cost.py --data ../shared/data/intents de en es

Per language: the recogniser loaded with Home Assistant's fixture home, CPU time of the exact
parse (`recognize`) per test sentence (the first 300, after 20 to warm up), and the size and CPU
time of the word graph grammar-aware recognition builds. CPU time, not wall time: the machine is
shared; compare two versions in one run of each.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sayso.config import IntentsConfig
from sayso.evaluation.data.ha_fixture import load_fixture_home
from sayso.understanding.grammar.correct import corrector_for
from sayso.understanding.hassil.recognizer import HassilRecognizer

SENTENCES = 300
WARM_UP = 20


def main() -> None:
    """Print one line per language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of ha_intents_tests_*")
    parser.add_argument("languages", nargs="+")
    args = parser.parse_args()
    for language in args.languages:
        rec = HassilRecognizer(IntentsConfig(language=language))
        rec.load()
        rec.set_home(load_fixture_home(args.data / f"ha_fixtures_{language}.yaml").vocabulary)
        lines = (args.data / f"ha_intents_tests_{language}.jsonl").read_text(encoding="utf-8")
        texts = [json.loads(line)["text"] for line in lines.splitlines()[:SENTENCES]]
        for text in texts[:WARM_UP]:
            rec.recognize(text)
        started = time.process_time()
        for text in texts:
            rec.recognize(text)
        parse_ms = 1000 * (time.process_time() - started) / len(texts)
        started = time.process_time()
        graph = corrector_for(rec).graph()
        built_s = time.process_time() - started
        states = graph.size if graph is not None else 0
        print(f"{language}: exact parse {parse_ms:.1f} ms CPU/sentence; word graph {states} "
              f"states, built in {built_s:.2f} s CPU")  # fmt: skip


if __name__ == "__main__":
    main()
