"""Time the incremental Whisper decoder (WhisperStepper) against CTranslate2 on one clip.

    nice -n 10 python scripts/stepper_bench.py [--model tiny.en] [--clip WAV] [--repeats 5]

Prints a Markdown table: weight loading (time and RSS growth), CTranslate2 encode and free
beam-5 decode, CTranslate2 `generate` with a token prefix (the per-step cost a search would pay
without a cache), the stepper's `start`, and its `step` for 1, 4, 5 and 8 hypotheses, in the
float32 (`exact=True`), int8 layer by layer (`fused=False`) and default int8 (one graph a step)
modes; the 8-hypothesis step also over the whole encoder output (speech + 10 s, as searches
run). Wall times are medians and 90th
percentiles over the repeats (steps: over every step of a 16-token extension, repeated); CPU time
(all threads of the process) shows the cost on a busy machine, where wall time mostly waits.
CTranslate2 runs with 2 threads, the stepper with 1. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sayso.asr.whisper.models import load_whisper_model, resolve_model  # noqa: E402
from sayso.asr.whisper.stepper import WhisperStepper  # noqa: E402

DEFAULT_CLIP = ROOT / "tests" / "fixtures" / "speech" / "arctic_b0225_1592536270.wav"
PAD_FRAMES = 1000
"""Feature frames (10 s) of padding encoded after the speech, as sayso's decoder does."""
TAIL_POSITIONS = 100
"""Encoder positions kept after the speech when the stepper gets a cut encoder output."""
STEPS = 16
PREFIX_TEXT_TOKENS = 5
BATCHES = (1, 4, 5, 8)
MODES = (("float32", True, False), ("int8 layer by layer", False, False), ("int8", False, True))
"""(label, exact, fused): float32 numpy; the int8 products one onnxruntime call each (the
stepper until round 40); the int8 step as one onnxruntime graph (the default, `ort_step`)."""


def main() -> None:
    """Run the benchmark and print the table."""
    args = _arguments()
    import ctranslate2
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer

    model = load_whisper_model(args.model, "int8", 2)
    audio, _ = sf.read(args.clip, dtype="float32")
    tok = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, "transcribe", "en")
    prompt = [*tok.sot_sequence, tok.no_timestamps]
    features = model.feature_extractor(audio)
    content = min(features.shape[-1] - 1, 3000)
    frames = min(3000, content + PAD_FRAMES)
    padded = pad_or_trim(features[:, :frames], frames)
    print(f"clip {Path(args.clip).name} ({len(audio) / 16000:.2f} s), model {args.model}, ")
    print(f"load average (1 min) at start {os.getloadavg()[0]:.1f}\n")
    rows: list[tuple[str, str]] = []
    encoded = np.asarray(model.encode(padded))
    rows.append(("CTranslate2 encode (speech + 10 s)", _ms(lambda: model.encode(padded), args)))
    view = ctranslate2.StorageView.from_array(encoded)

    def free_decode() -> None:
        model.model.generate(view, [prompt], beam_size=5, num_hypotheses=5, length_penalty=0.0)

    rows.append(("CTranslate2 free beam-5 decode", _ms(free_decode, args)))
    text = tok.encode(" The President of the United States was his friend.")
    batch = ctranslate2.StorageView.from_array(np.ascontiguousarray(np.repeat(encoded, 4, 0)))
    prefix = [prompt + text[:PREFIX_TEXT_TOKENS]] * 4

    def prefix_step() -> None:
        model.model.generate(
            batch, prefix, beam_size=1, max_length=len(prefix[0]) + 1, return_logits_vocab=True
        )

    rows.append(("CTranslate2 generate, prefix per step (4 hyps)", _ms(prefix_step, args)))
    cut = encoded[:, : content // 2 + TAIL_POSITIONS]
    for mode, exact, fused in MODES:
        rss = _rss_mb()
        began = time.perf_counter()
        stepper = WhisperStepper.from_dir(resolve_model(args.model), exact=exact, fused=fused)
        loaded = time.perf_counter() - began
        label = f"[{mode}] load weights (RSS +{_rss_mb() - rss:.0f} MB)"
        rows.append((label, f"{loaded * 1000:.0f} ms | |"))
        for name, enc in (("full", encoded), ("cut", cut)):
            label = f"[{mode}] start, {enc.shape[1]} encoder positions ({name})"
            rows.append((label, _ms(lambda s=stepper, e=enc: s.start(e, prompt), args)))
        for size in BATCHES:
            rows.append((f"[{mode}] step, {size} hyps", _step_ms(stepper, cut, prompt, size, args)))
        step = _step_ms(stepper, encoded, prompt, BATCHES[-1], args)
        rows.append((f"[{mode}] step, {BATCHES[-1]} hyps, {encoded.shape[1]} positions", step))
    print("| what | wall median | wall p90 | CPU median |\n|---|---|---|---|")
    for what, value in rows:
        print(f"| {what} | {value} |")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tiny.en")
    parser.add_argument("--clip", default=str(DEFAULT_CLIP))
    parser.add_argument("--repeats", type=int, default=5)
    return parser.parse_args()


def _ms(call: Callable[[], object], args: argparse.Namespace) -> str:
    call()  # warm-up: first calls allocate
    walls, cpus = [], []
    for _ in range(args.repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return _cells(walls, cpus)


def _cells(walls: list[float], cpus: list[float]) -> str:
    wall, p90 = statistics.median(walls) * 1000, float(np.percentile(walls, 90)) * 1000
    return f"{wall:.1f} ms | {p90:.1f} ms | {statistics.median(cpus) * 1000:.1f} ms"


def _step_ms(
    stepper: WhisperStepper,
    encoded: np.ndarray,
    prompt: list[int],
    size: int,
    args: argparse.Namespace,
) -> str:
    walls, cpus = [], []
    for _ in range(args.repeats + 1):
        state, _ = stepper.start(encoded, prompt)
        state, _ = stepper.step(state, [0] * size, list(range(400, 400 + size)))
        for step in range(STEPS):
            # Parents rotate, as a beam reorders its hypotheses.
            parents = [(i + step) % size for i in range(size)]
            tokens = list(range(500 + step, 500 + step + size))
            wall, cpu = time.perf_counter(), time.process_time()
            state, _ = stepper.step(state, parents, tokens)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return _cells(walls[STEPS:], cpus[STEPS:])  # the first round is a warm-up


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()
