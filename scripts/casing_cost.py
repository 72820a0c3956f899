"""What scoring German proposals as the grammar writes them costs: `rescore` timed both ways.

Usage:

    python scripts/casing_cost.py --manifest SPLIT/manifest.jsonl \
        --home ../shared/data/intents/ha_fixtures_de.yaml [--limit 60] [--language de]

Each clip is transcribed once (Whisper base, the language given); where no exact parse reads the
transcript and the shortlist proposes sentences, `rescore` runs three times each way, without
and with the grammar's casing, alternating which goes first. Prints how many proposals the
casing rewrites and the p50/p90 of both, with the ratio of the medians (BENCHMARKS.md, round 27:
scoring both forms, as first built, cost 1.44 times; scoring the written form instead is what
ships).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import numpy as np

from sayso.asr.base import AsrRequest
from sayso.audio.io import load_audio
from sayso.cli.common import settings_from
from sayso.config import IntentsConfig
from sayso.evaluation.data.ha_fixture import load_fixture_home
from sayso.evaluation.engines import load_asr
from sayso.understanding.grammar.casing import as_written
from sayso.understanding.grammar.correct import corrector_for
from sayso.understanding.grammar.rescore import comparable, rescore
from sayso.understanding.grammar.shortlist import GrammarShortlist
from sayso.understanding.hassil.recognizer import HassilRecognizer

REPEATS = 3


def main() -> None:
    """Time the rescoring over the clips of one manifest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--language", default="de")
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    recognizer = HassilRecognizer(IntentsConfig(language=args.language))
    recognizer.load()
    load_fixture_home(args.home).apply(recognizer)
    graph = corrector_for(recognizer).graph()
    assert graph is not None
    shortlist = GrammarShortlist(recognizer)
    settings = settings_from(None)
    asr = dataclasses.replace(settings.asr, model="base", language=args.language)
    engine = load_asr(dataclasses.replace(settings, asr=asr))
    lines = args.manifest.read_text(encoding="utf-8").splitlines()[: args.limit]
    times: dict[bool, list[float]] = {False: [], True: []}
    proposals = added = rescored = 0
    for index, row in enumerate(map(json.loads, lines)):
        audio = load_audio(str(args.manifest.parent / row["audio"]))
        heard = engine.transcribe(audio, AsrRequest(language=args.language))
        if recognizer.recognize(heard.text) is not None:
            continue
        proposed = shortlist(heard)
        if not proposed:
            continue
        compared = list(dict.fromkeys(comparable(p, args.language) for p in proposed))
        rescored, proposals = rescored + 1, proposals + len(compared)
        added += sum(as_written(c, graph.casing) != c for c in compared)
        for repeat in range(REPEATS):
            for cased in (False, True) if (index + repeat) % 2 else (True, False):
                started = time.perf_counter()
                rescore(heard.acoustic, heard.hypotheses, proposed, 2.0, 0.4, args.language,
                        graph.casing if cased else None)
                times[cased].append((time.perf_counter() - started) * 1000)
    print(f"{rescored} transcripts rescored, {proposals} proposals, {added} rewritten by casing")
    for cased, name in ((False, "compared form only"), (True, "+ as written")):
        p50, p90 = np.percentile(times[cased], [50, 90])
        print(f"{name}: p50 {p50:.0f} ms, p90 {p90:.0f} ms")
    print(f"ratio of the medians {np.median(times[True]) / np.median(times[False]):.2f}")


if __name__ == "__main__":
    main()
