"""`sayso bench live`: response gap and barge-in reaction over the Realtime WebSocket."""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from typing import Annotated, Any

import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, settings_from

INTERRUPTION = "stop, what time is it"
LEAD_S = 0.5
TRAIL_S = 0.2
MAX_ROUNDS = 20
MAX_TTS_LOAD = 16
"""Speech clients at most: each loops 4,096-character requests, and a few already fill 2 cores."""


def bench_live(
    sessions: Annotated[str, typer.Option(help="Concurrent session counts.")] = "1,4,8",
    tts_load: Annotated[
        int,
        typer.Option(
            min=0,
            max=MAX_TTS_LOAD,
            help="Also run each count beside N clients looping maximal /v1/audio/speech requests "
            "(alternating with unloaded runs) and report the p95 ratio.",
        ),
    ] = 0,
    rounds: Annotated[
        int, typer.Option(min=1, max=MAX_ROUNDS, help="Runs per session count (and phase).")
    ] = 1,
    fifo: Annotated[
        bool, typer.Option(help="Serve the inference pool in arrival order, ignoring priorities.")
    ] = False,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Stream spoken commands in real time through an in-process server, N sessions at once."""
    from sayso.app.assistant import Assistant
    from sayso.bench.live import run_concurrent
    from sayso.bench.live_load import load_summary, run_rounds
    from sayso.bench.live_server import start_server
    from sayso.bench.report import machine_info, write_bench
    from sayso.bench.speech import BENCH_COMMANDS, render_clips
    from sayso.evaluation.plan import parse_floats

    counts = [int(n) for n in parse_floats(sessions, "--sessions") if n >= 1]
    runs: dict[str, list[dict[str, Any]]] = {}
    loads: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        settings = dataclasses.replace(settings_from(config), data_dir=tmp)
        # Without the LLM: llama-cpp and Silero VAD cannot share a process yet.
        assistant = Assistant(settings).load(llm=False)
        assistant.executor.fifo = fifo
        tts = assistant.load_tts()
        commands = [a for _, a in render_clips(tts, BENCH_COMMANDS, LEAD_S, TRAIL_S)]
        interruption = render_clips(tts, [INTERRUPTION], LEAD_S, TRAIL_S)[0][1]
        server = start_server(assistant)
        try:
            # One untimed session first: the first turn pays lazy initialisation everywhere.
            asyncio.run(run_concurrent(server.ws_url, commands, interruption, 1))
            for n in counts:
                if tts_load == 0:
                    runs[f"N={n}"] = _alone(server.ws_url, (commands, interruption), n, rounds)
                    continue
                alone, loaded = run_rounds(
                    server, assistant.executor, (commands, interruption), n, tts_load, rounds
                )
                runs[f"N={n}"], runs[f"N={n} + {tts_load} TTS"] = alone.flat(), loaded.flat()
                rate = tts.capabilities.sample_rate
                loads[f"N={n} + {tts_load} TTS"] = load_summary(alone, loaded, rate)
        finally:
            server.stop()
            assistant.close()
    result = {
        "machine": machine_info(),
        "pool": "fifo" if fifo else "priority",
        "rounds": rounds,
        **_summarize(runs),
    }
    extra = [_failures_line(result)]
    if loads:
        result["tts_load"] = loads
        extra.append(_load_section(loads, fifo))
    typer.echo(write_bench("live", result, out, extra))


def _alone(url: str, clips: tuple[Any, Any], n: int, rounds: int) -> list[dict[str, Any]]:
    from sayso.bench.live import run_concurrent

    return [r for _ in range(rounds) for r in asyncio.run(run_concurrent(url, *clips, n))]


def _summarize(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    from sayso.bench.report import summarize

    samples: dict[str, list[float]] = {}
    missing: dict[str, int] = {}
    for label, results in runs.items():
        gaps = [r["gap_ms"] for r in results if r["gap_ms"] is not None]
        barges = [r["barge_in_ms"] for r in results if r["barge_in_ms"] is not None]
        samples[f"{label} response gap (client)"] = gaps
        samples[f"{label} response gap (server)"] = [g for r in results for g in r["server"]]
        samples[f"{label} barge-in reaction"] = barges
        missing[label] = sum(r["gap_ms"] is None or r["barge_in_ms"] is None for r in results)
    return {"latency_ms": summarize(samples), "sessions_without_measure": missing}


def _load_section(loads: dict[str, Any], fifo: bool) -> str:
    pool = "FIFO (priorities ignored)" if fifo else "by priority"
    lines = [f"## Beside maximal speech requests (pool {pool})", ""]
    for label, s in loads.items():
        done = s["speech_completed_s"]
        lines += [
            f"- {label}: p95 gap ratio load/no load {s['p95_ratio_client']} (client), "
            f"{s['p95_ratio_server']} (server); without reply: {s['without_reply']}",
            f"  - per-session p95 ms: no load {s['session_p95_ms']['no load']}, "
            f"load {s['session_p95_ms']['load']}",
            f"  - speech requests: {len(done)} completed ({done} s), "
            f"{s['speech_stopped_in_flight']} stopped in flight, {len(s['speech_failed'])} failed; "
            f"{s['speech_audio_received_s']} s of audio received",
            f"  - peak RSS MiB: {s['peak_rss_mib']}",
        ]
    return "\n".join(lines) + "\n"


def _failures_line(result: dict[str, Any]) -> str:
    missing = ", ".join(f"{k}: {v}" for k, v in result["sessions_without_measure"].items())
    return (
        "Response gap = last voiced chunk sent → first reply audio received (client clock); "
        "the server's own measure is `sayso.turn.latency.response_gap`. Barge-in reaction = "
        f"first voiced chunk of the interruption → `sayso.barge_in`. Sessions missing a measure "
        f"(no reply or no barge-in within 30 s): {missing}.\n"
    )


def register(group: typer.Typer) -> None:
    """Add `live` to the bench group."""
    group.command("live")(bench_live)
