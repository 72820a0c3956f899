"""`sayso bench`: latency benchmarks (commands, never timed tests)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from sayso.cli.common import ConfigOption, settings_from

bench_app = typer.Typer(help="Latency and speed benchmarks.", no_args_is_help=True)

BENCH_COMMANDS = (
    "turn on the kitchen light",
    "turn off the living room lamp",
    "open the living room curtains",
    "set the temperature to 21 degrees",
    "set a timer for five minutes",
    "what time is it",
    "add milk to my shopping list",
    "close the bedroom blinds",
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summarize(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """p50/p95/mean per metric, in the metric's unit."""
    return {
        name: {
            "p50": round(_percentile(vals, 0.5), 1),
            "p95": round(_percentile(vals, 0.95), 1),
            "mean": round(statistics.fmean(vals), 1),
            "n": len(vals),
        }
        for name, vals in samples.items()
        if vals
    }


def machine_info() -> dict[str, Any]:
    """CPU model, core count and thread settings, for the report."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
    }


def write_report(name: str, result: dict[str, Any], out: Path | None) -> None:
    """Print a Markdown table and write JSON + Markdown when `out` is given."""
    lines = [
        f"# sayso bench {name}",
        "",
        f"CPU: {result['machine']['cpu']} ({result['machine']['cores']} cores)",
        "",
        "| metric | p50 ms | p95 ms | mean ms | n |",
        "|---|---|---|---|---|",
    ]
    for metric, stats in result["latency_ms"].items():
        lines.append(
            f"| {metric} | {stats['p50']} | {stats['p95']} | {stats['mean']} | {stats['n']} |"
        )
    md = "\n".join(lines) + "\n"
    typer.echo(md)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"bench_{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        (out / f"bench_{name}.md").write_text(md, encoding="utf-8")


@bench_app.command("turn")
def bench_turn(
    runs: Annotated[int, typer.Option(help="Timed runs per command.")] = 3,
    out: Annotated[Path | None, typer.Option(help="Folder for bench_turn.json/.md.")] = None,
    config: ConfigOption = None,
) -> None:
    """Per-stage latency of whole turns on rendered device commands (state in a temp folder)."""
    import soxr

    from sayso.constants import SAMPLE_RATE
    from sayso.pipeline.assistant import Assistant

    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        settings = dataclasses.replace(settings_from(config), data_dir=tmp)
        assistant = Assistant(settings).load()
        tts = assistant.tts
        rate = tts.capabilities.sample_rate
        clips = []
        for text in BENCH_COMMANDS:
            import numpy as np

            audio = np.concatenate(list(tts.synthesize(text, 1.0)))
            clips.append((text, soxr.resample(audio, rate, SAMPLE_RATE).astype("float32")))
        samples: dict[str, list[float]] = {}
        try:
            asyncio.run(assistant.run_turn(clips[0][1]))  # warm-up, not counted
            for _ in range(runs):
                for _text, clip in clips:
                    result = asyncio.run(assistant.run_turn(clip))
                    for k, v in result.timeline.stages_ms().items():
                        samples.setdefault(k, []).append(v)
        finally:
            assistant.close()
    report = {
        "machine": machine_info(),
        "runs": runs,
        "commands": list(BENCH_COMMANDS),
        "latency_ms": summarize(samples),
    }
    write_report("turn", report, out)


def register(app: typer.Typer) -> None:
    """Add the bench command group."""
    app.add_typer(bench_app, name="bench")
