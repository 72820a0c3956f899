"""`sayso bench asr` and `sayso bench tts`: engine speed on rendered commands or a manifest."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, settings_from
from sayso.constants import MS_PER_SECOND


def bench_asr(
    manifest: Annotated[
        Path | None, typer.Option("--manifest", "-m", help="Clips to time (default: commands).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many manifest clips.")] = 20,
    runs: Annotated[int, typer.Option(help="Timed passes over the clips.")] = 2,
    model: Annotated[str | None, typer.Option(help="faster-whisper model name or path.")] = None,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Transcription latency, real-time factor, load time and peak memory of the ASR engine."""
    from sayso import registry
    from sayso.bench import speech as bs
    from sayso.bench.report import machine_info, write_bench
    from sayso.evaluation.data.audio_io import read_clip
    from sayso.evaluation.data.manifest import read_manifest
    from sayso.evaluation.engines import load_asr

    settings = settings_from(config, asr={"model": model})
    if manifest is not None:
        clips = [(u.id, read_clip(u.audio)) for u in read_manifest(manifest)[:limit]]
    else:
        tts = registry.create("tts", settings.tts.engine, settings.tts)
        tts.load()
        clips = bs.render_clips(tts, bs.BENCH_COMMANDS, lead_s=0.3, trail_s=0.3)
    start = time.perf_counter()
    engine = load_asr(settings)
    load_ms = (time.perf_counter() - start) * MS_PER_SECOND
    result = {"machine": machine_info(), **bs.bench_asr(engine, clips, runs)}
    result["engine"] = {
        "name": settings.asr.engine,
        "model": settings.asr.model,
        "compute_type": settings.asr.compute_type,
        "cpu_threads": settings.asr.cpu_threads or "auto",
        "beam_size": settings.asr.beam_size,
        "load_ms": round(load_ms, 1),
    }
    extra = [bs.rtf_table({settings.asr.model: result["rtf"]}), _engine_line(result["engine"])]
    typer.echo(write_bench("asr", result, out, extra))


def bench_tts(
    voices: Annotated[str, typer.Option(help="Comma-separated voices (piper, espeak).")] = (
        "piper,espeak"
    ),
    runs: Annotated[int, typer.Option(help="Timed passes over the replies.")] = 2,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Time to first audio, whole-reply synthesis time and real-time factor per voice."""
    from sayso import registry
    from sayso.bench import speech as bs
    from sayso.bench.report import machine_info, write_bench
    from sayso.evaluation.data.synth import ESPEAK_WPM

    settings = settings_from(config)
    engines = {}
    for name in (v.strip() for v in voices.split(",") if v.strip()):
        if name == "espeak":
            from sayso.tts.espeak import EspeakTts

            engine = EspeakTts(voice="en-us", wpm=ESPEAK_WPM)
        else:
            engine = registry.create("tts", name, settings.tts)
        engine.load()
        engines[name] = engine
    result = {"machine": machine_info(), **bs.bench_tts(engines, bs.BENCH_REPLIES, runs)}
    typer.echo(write_bench("tts", result, out, [bs.rtf_table(result["rtf"])]))


def _engine_line(engine: dict[str, object]) -> str:
    return "Engine: " + ", ".join(f"{k}={v}" for k, v in engine.items()) + "\n"


def register(group: typer.Typer) -> None:
    """Add `asr` and `tts` to the bench group."""
    group.command("asr")(bench_asr)
    group.command("tts")(bench_tts)
