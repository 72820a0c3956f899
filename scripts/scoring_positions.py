"""How much a forced decode's scores move when the encoder output is cut after the speech.

Usage:

    python scripts/scoring_positions.py \
        --manifest ../shared/data/speech/cathy_arctic/manifest.jsonl [--config base-en.yaml]

For each clip, the configured Whisper model transcribes it, then scores its two best transcripts
and two commands with the encoder output cut to the speech plus N positions (20 ms each) and
whole. Prints, per N, how many clips moved by more than a nat, the largest move and the time a
batch took. The table in BENCHMARKS.md, "Scores on the window the model was served".
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from sayso.asr.base import AsrRequest
from sayso.asr.whisper import ending
from sayso.asr.whisper import scorer as scorer_module
from sayso.audio.io import load_audio
from sayso.cli.common import settings_from
from sayso.evaluation.engines import load_asr

TAILS = (100, 200, 300, 500)
COMMANDS = ("Turn on the kitchen light.", "What time is it?")


def main() -> None:
    """Print the table for the manifest's first `--limit` clips."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    settings = settings_from(args.config)
    engine = load_asr(settings)
    lines = args.manifest.read_text(encoding="utf-8").splitlines()[: args.limit]
    moved: dict[int, list[float]] = {tail: [] for tail in TAILS}
    spent = dict.fromkeys((*TAILS, 0), 0.0)
    for line in lines:
        row = json.loads(line)
        heard = engine.transcribe(load_audio(str(args.manifest.parent / row["audio"])),
                                  AsrRequest(language=settings.asr.language))
        assert heard.acoustic is not None
        texts = [*dict.fromkeys(h.text for h in heard.hypotheses[:2]), *COMMANDS]
        whole = _timed(heard.acoustic, texts, None, spent)
        for tail in TAILS:
            cut = _timed(heard.acoustic, texts, tail, spent)
            moved[tail].append(max(abs(a - b) for a, b in zip(cut, whole, strict=True)))
    print(f"{len(lines)} clips, {settings.asr.model}")
    for tail in TAILS:
        d = np.array(moved[tail])
        print(f"tail {tail}: moved > 1 nat {int((d > 1).sum())}, largest {d.max():.1f} nats, "
              f"{spent[tail] / len(lines) * 1000:.0f} ms per clip")
    print(f"whole window: {spent[0] / len(lines) * 1000:.0f} ms per clip")


def _timed(
    scorer: object, texts: list[str], tail: int | None, spent: dict[int, float]
) -> list[float]:
    """Scores of `texts` with the encoder output cut to the speech + `tail` positions.

    `tail` None: the positions the model decoded from, as served.
    """
    if tail is not None:
        scorer_module.scored_positions = lambda positions, frames: min(  # type: ignore[assignment]
            positions, frames // 2 + tail
        )
    started = time.perf_counter()
    try:
        scores = scorer(texts)  # type: ignore[operator]
    finally:
        scorer_module.scored_positions = ending.scored_positions
    spent[tail or 0] += time.perf_counter() - started
    return list(scores)


if __name__ == "__main__":
    main()
