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


def bench_live(
    sessions: Annotated[str, typer.Option(help="Concurrent session counts.")] = "1,4,8",
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Stream spoken commands in real time through an in-process server, N sessions at once."""
    from sayso.app.assistant import Assistant
    from sayso.bench.live import run_concurrent
    from sayso.bench.live_server import start_server
    from sayso.bench.report import machine_info, write_bench
    from sayso.bench.speech import BENCH_COMMANDS, render_clips
    from sayso.evaluation.plan import parse_floats

    counts = [int(n) for n in parse_floats(sessions, "--sessions") if n >= 1]
    runs: dict[int, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        settings = dataclasses.replace(settings_from(config), data_dir=tmp)
        # Without the LLM: llama-cpp and Silero VAD cannot share a process yet.
        assistant = Assistant(settings).load(llm=False)
        tts = assistant.load_tts()
        commands = [a for _, a in render_clips(tts, BENCH_COMMANDS, LEAD_S, TRAIL_S)]
        interruption = render_clips(tts, [INTERRUPTION], LEAD_S, TRAIL_S)[0][1]
        server = start_server(assistant)
        try:
            # One untimed session first: the first turn pays lazy initialisation everywhere.
            asyncio.run(run_concurrent(server.ws_url, commands, interruption, 1))
            for n in counts:
                runs[n] = asyncio.run(run_concurrent(server.ws_url, commands, interruption, n))
        finally:
            server.stop()
            assistant.close()
    result = {"machine": machine_info(), **_summarize(runs)}
    typer.echo(write_bench("live", result, out, [_failures_line(result)]))


def _summarize(runs: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    from sayso.bench.report import summarize

    samples: dict[str, list[float]] = {}
    missing: dict[str, int] = {}
    for n, results in runs.items():
        gaps = [r["gap_ms"] for r in results if r["gap_ms"] is not None]
        barges = [r["barge_in_ms"] for r in results if r["barge_in_ms"] is not None]
        samples[f"N={n} response gap (client)"] = gaps
        samples[f"N={n} response gap (server)"] = [g for r in results for g in r["server"]]
        samples[f"N={n} barge-in reaction"] = barges
        missing[f"N={n}"] = sum(r["gap_ms"] is None or r["barge_in_ms"] is None for r in results)
    return {"latency_ms": summarize(samples), "sessions_without_measure": missing}


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
