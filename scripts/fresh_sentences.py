"""Grammar sentences no `sayso adapt asr` run trained on: a fresh held-out set for a domain.

Run from the repository root:

    python scripts/fresh_sentences.py --intents examples/pizza/pizza.yaml \
        --never-train examples/pizza/sentences.txt --count 150 --out pizza_fresh.txt

Sentences are drawn with the adaptation's balanced sampler under another seed (`--seed`), and
kept only when the adaptation's checksum rule holds them out of *every* run
(`dataset.is_held_out`), when they are not among the given benchmark texts, and when they are
not among the sentences a run with `--trained-sentences N --trained-seed S` drew (so a model
adapted with those settings never heard them, whatever its checksum share). A count and its
noun must agree ("a pizza", "eight pizzas"), as people say them; the grammar allows both.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sayso.adapt.asr import dataset, plan, sentences
from sayso.config import Settings

SINGULAR = frozenset({"a", "an", "one", "1"})
COUNT_WORDS = frozenset(
    {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
)
DRAW_FACTOR = 20
"""Sentences drawn per sentence wanted (most are filtered out)."""


def agrees(sentence: str) -> bool:
    """False when a count and a countable noun disagree ("a pizzas", "eight pizza")."""
    words = re.findall(r"[a-z0-9']+", sentence.lower())
    count = next((w for w in words if w in SINGULAR or w in COUNT_WORDS or w.isdigit()), None)
    nouns = [w for w in words if w.rstrip("s") in {"pizza"}]
    if count is None or not nouns:
        return True
    return any(n.endswith("s") for n in nouns) == (count not in SINGULAR)


def main() -> None:
    """Write the fresh sentences, one per line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intents", type=Path, required=True)
    parser.add_argument("--never-train", type=Path)
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--trained-sentences", type=int, default=200)
    parser.add_argument("--trained-seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = plan.domain_settings(Settings(), args.intents, None)
    grammar = plan.load_grammar(settings)
    given = set()
    if args.never_train is not None:
        given = {t.strip().lower() for t in args.never_train.read_text().splitlines() if t.strip()}
    trained = sentences.BalancedSampler(*grammar, seed=args.trained_seed).sample(
        args.trained_sentences
    )
    heard = {s.lower() for s in dataset.split_sentences(trained, given)[0]}
    fresh: list[str] = []
    for s in sentences.BalancedSampler(*grammar, seed=args.seed).sample(args.count * DRAW_FACTOR):
        key = s.lower()
        if dataset.is_held_out(s) and key not in given | heard and agrees(s) and s not in fresh:
            fresh.append(s)
    args.out.write_text("\n".join(fresh[: args.count]) + "\n", encoding="utf-8")
    print(f"{min(len(fresh), args.count)} sentences -> {args.out}")


if __name__ == "__main__":
    main()
