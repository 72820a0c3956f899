"""`sayso eval slu`, with how far every grammar correction trails what was heard logged.

Usage:

    LOG=deficits.jsonl python scripts/correction_deficits.py eval slu --model base --language de \
        --home ../shared/data/intents/ha_fixtures_de.yaml --manifest SPLIT/manifest.jsonl --out OUT

Wraps `understanding.heard.contradicts` (the check that refuses a correction the audio denies)
and writes one JSON line per correction checked: the best free hypothesis, the correction in its
compared form, its deficit in nats below what was heard, its words and recogniser tokens, and
whether it was refused. Joined with the rows' `legacy_path` / `legacy_accepted`, this is how
`rescore.CONTRADICTED_PER_TOKEN` was chosen (BENCHMARKS.md, rounds 26 and 27). The deficit is
the one the check compares (German: the better of the compared and the written form,
`grammar.casing`); `lower_case_deficit` is round 26's. With `NO_THRESHOLD=1` no correction is
refused, so every one can be joined with the row it decided.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import sayso.understanding.heard as heard
from sayso.events.speech import ConstrainedDecoder, Hypothesis
from sayso.understanding.grammar import rescore

_checked = heard.contradicts


def logged(
    scorer: Any,
    hypotheses: Sequence[Hypothesis],
    text: str,
    language: str = "en",
    casing: Mapping[str, str] | None = None,
) -> bool:
    """`contradicts`, and a line in $LOG with the deficit it compared (and in lower case)."""
    refused = _checked(scorer, hypotheses, text, language, casing)
    reading = rescore.comparable(text, language)
    free = rescore._free_texts(hypotheses, language)
    if scorer is not None and reading and free:
        [score], reference = rescore._scored(scorer, [reading], free, casing or {})
        lower = scorer([reading])[0]
        tokens = None
        if isinstance(scorer, ConstrainedDecoder):
            tokens = len(scorer.token_space().encode(" " + reading))
        line = {
            "heard": hypotheses[0].text if hypotheses else "",
            "reading": reading,
            "deficit": reference - score,
            "lower_case_deficit": reference - lower,
            "words": len(reading.split()),
            "tokens": tokens,
            "contradicted": refused,
        }
        with open(os.environ["LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(line, ensure_ascii=False) + "\n")
    return refused


def main() -> None:
    """Run the sayso command line with the logging check in place."""
    if "LOG" not in os.environ:
        raise SystemExit("set LOG to the JSON-lines file to write")
    heard.contradicts = logged
    if os.environ.get("NO_THRESHOLD"):
        rescore.CONTRADICTED_PER_TOKEN.clear()
        rescore.CONTRADICTED_PER_WORD.clear()
    sys.argv[0] = "sayso"
    from sayso.cli.main import run

    run()


if __name__ == "__main__":
    main()
