"""Benchmark: time the constrained path adds to understanding, in CPU seconds and wall time.

    PYTHONPATH=src python scripts/constrained_timing.py MANIFEST [--intents F] [--limit N] [--sole]

Per clip whose transcript is not a command as heard (where the constrained path runs):
Whisper tiny.en transcribes once, then the understanding step runs without constrained
decoding (the older paths) and with it. CPU time of this process is reported beside wall time:
on a shared, busy machine wall time mostly measures the other jobs; the decoder runs one thread,
so its CPU time is close to what an idle core would take.

`--exact`: only clips whose transcript parses as heard (where, with the built-ins, the
constrained search runs only to extend a command the grammar could continue).

`--sole`: the intents file is the only domain (`builtin: false`, recognition biased towards its
words): the constrained search runs on every clip, exact parses included.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import soundfile as sf
import soxr

from sayso.asr.base import AsrRequest
from sayso.asr.stage import transcript_of
from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.config import AsrConfig, IntentsConfig
from sayso.constants import SAMPLE_RATE
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.hassil.recognizer import HassilRecognizer
from sayso.understanding.understand import Understander


def _timed(call: object) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()  # type: ignore[operator]
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--intents", type=Path)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--sole", action="store_true", help="The intents file is the only domain.")
    parser.add_argument("--exact", action="store_true", help="Only transcripts that parse.")
    args = parser.parse_args()
    custom = (str(args.intents),) if args.intents else ()
    recognizer = HassilRecognizer(IntentsConfig(custom=custom, builtin=not args.sole))
    recognizer.load()
    asr = FasterWhisperAsr(AsrConfig(model="tiny.en"))
    asr.load()
    older = Understander(recognizer, rescoring=AsrConfig())
    full = Understander(
        recognizer,
        rescoring=AsrConfig(),
        constrained=ConstrainedReader(recognizer, sole=args.sole),
    )
    bias = recognizer.vocabulary() if args.sole else ()
    rows = [json.loads(line) for line in args.manifest.read_text().splitlines()][: args.limit]
    added_wall, added_cpu = [], []
    for row in rows:
        audio, rate = sf.read(args.manifest.parent / row["audio"], dtype="float32")
        audio = soxr.resample(audio, rate, SAMPLE_RATE) if rate != SAMPLE_RATE else audio
        request = AsrRequest(language="en", bias_phrases=bias)
        transcript = transcript_of(asr.transcribe(audio, request), bias_phrases=bias)
        if args.exact and recognizer.recognize(transcript.text) is None:
            continue
        warm = full.understand(transcript)  # grammar and automaton built, weights read
        if warm.reading is None or not warm.reading.constrained_ms:
            continue  # an exact parse: the constrained path did not run
        old_wall, old_cpu = _timed(lambda t=transcript: older.understand(t))
        new_wall, new_cpu = _timed(lambda t=transcript: full.understand(t))
        added_wall.append(new_wall - old_wall)
        added_cpu.append(new_cpu - old_cpu)
    for name, values in (("wall", added_wall), ("cpu", added_cpu)):
        ordered = sorted(values)
        p90 = ordered[int(len(ordered) * 0.9)]
        median = statistics.median(values)
        print(f"added {name} ms, {len(values)} clips: p50 {median:.0f}, p90 {p90:.0f}")


if __name__ == "__main__":
    main()
