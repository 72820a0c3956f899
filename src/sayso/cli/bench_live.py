"""`sayso bench live`: response gap and barge-in reaction over the Realtime WebSocket."""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, settings_from

INTERRUPTION = "stop, what time is it"
LEAD_S = 0.5
TRAIL_S = 0.2
MAX_ROUNDS = 20
MAX_TURNS = 50
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
    turns: Annotated[
        int, typer.Option(min=1, max=MAX_TURNS, help="Commands each session speaks (one every "
                          "--period seconds, sessions staggered; 1: all speak at once).")
    ] = 1,
    period: Annotated[
        float, typer.Option(min=1.0, max=60.0, help="Seconds between a session's commands.")
    ] = 10.0,
    max_sessions: Annotated[
        int | None, typer.Option(min=1, max=1000, help="Admission limit of the server "
                                 "(default: the server's, 4 per core).")
    ] = None,
    fair: Annotated[
        bool, typer.Option(help="Sessions take turns within a priority (off: arrival order).")
    ] = True,
    fifo: Annotated[
        bool, typer.Option(help="Serve the inference pool in arrival order, ignoring priorities.")
    ] = False,
    clients_in_process: Annotated[
        bool, typer.Option(help="Run the simulated users in the server's process, as before "
                           "round 4 (they compete with the server for Python's lock).")
    ] = False,
    questions: Annotated[
        bool, typer.Option(help="Speak open questions the LLM answers (loads it) instead of "
                           "device commands: the gap is then to the LLM answer's first audio.")
    ] = False,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Stream spoken commands in real time through an in-process server, N sessions at once."""
    from sayso.app.assistant import Assistant
    from sayso.bench.live import run_concurrent
    from sayso.bench.live_load import load_summary, run_rounds
    from sayso.bench.live_server import start_server
    from sayso.bench.llm import SPOKEN_REQUESTS
    from sayso.bench.report import machine_info, write_bench
    from sayso.bench.speech import BENCH_COMMANDS, render_clips
    from sayso.bench.tts_load import RssPeak, rss_mib
    from sayso.evaluation.plan import parse_floats
    from sayso.runtime.heap import freeze_loaded, limit_malloc_arenas
    from sayso.server.settings import default_max_sessions

    counts = [int(n) for n in parse_floats(sessions, "--sessions") if n >= 1]
    limit_malloc_arenas()  # as `sayso serve` does, before any thread allocates
    runs: dict[str, list[dict[str, Any]]] = {}
    loads: dict[str, Any] = {}
    rss: dict[str, Any] = {"peak_mib": {}}
    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        settings = dataclasses.replace(settings_from(config), data_dir=tmp)
        # The LLM only when its turns are timed: it costs ~0.4 GB and seconds to load.
        assistant = Assistant(settings).load(llm=questions)
        assistant.executor.fifo, assistant.executor.fair = fifo, fair
        tts = assistant.load_tts()
        texts = SPOKEN_REQUESTS if questions else BENCH_COMMANDS
        commands = [a for _, a in render_clips(tts, texts, LEAD_S, TRAIL_S)]
        interruption = render_clips(tts, [INTERRUPTION], LEAD_S, TRAIL_S)[0][1]
        server = start_server(assistant, max_sessions)
        try:
            rss["loaded_mib"] = _round(rss_mib())
            # One untimed session first says every command: the first turn of each pays lazy
            # initialisation (grammar states, replies' audio); one turn only left a warm-up of
            # ~50 MiB to the first timed runs, read as memory of the sessions run after them.
            asyncio.run(run_concurrent(server.ws_url, commands, interruption, 1,
                                       turns=len(commands)))
            freeze_loaded()  # as `sayso serve` does once it is loaded and warm
            limit = max_sessions or default_max_sessions()
            rss["idle_sessions"] = _idle_rss(server.ws_url, min(max(counts), limit))
            for n in counts:
                if tts_load == 0:
                    with RssPeak() as peak:
                        runs[f"N={n}"] = _alone(server.ws_url, (commands, interruption), n,
                                                rounds, (turns, period), not clients_in_process)
                    rss["peak_mib"][f"N={n}"] = _round(peak.peak_mib)
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
        "pool": "fifo" if fifo else "priority" + ("" if fair else ", arrival order within"),
        "rounds": rounds,
        **_summarize(runs),
    }
    extra = [_failures_line(result)]
    if tts_load == 0:
        extra.insert(0, _scale_section(result, runs, rss, out))
    if loads:
        result["tts_load"] = loads
        extra.append(_load_section(loads, fifo))
    typer.echo(write_bench("live", result, out, extra))


def _alone(
    url: str, clips: tuple[Any, Any], n: int, rounds: int, pace: tuple[int, float] = (1, 0.0),
    separate: bool = True,
) -> list[dict[str, Any]]:
    from sayso.bench.live import run_concurrent
    from sayso.bench.live_clients import run_clients

    turns, period = pace
    commands, interruption = clips
    crowd = partial(
        run_concurrent, url, list(commands), interruption, n, turns=turns, period_s=period
    )
    return [r for _ in range(rounds) for r in run_clients(crowd, separate=separate)]


def _idle_rss(url: str, n: int) -> dict[str, Any]:
    """RSS per open, silent session (what a session itself holds)."""
    from sayso.bench.live import idle_sessions_rss
    from sayso.bench.tts_load import rss_mib

    before, during = asyncio.run(idle_sessions_rss(url, n, rss_mib))
    per = None if before is None or during is None else round((during - before) / n, 1)
    return {"sessions": n, "before_mib": _round(before), "open_mib": _round(during),
            "per_session_mib": per}


def _round(mib: float | None) -> float | None:
    return None if mib is None else round(mib, 1)


def _scale_section(
    result: dict[str, Any], runs: dict[str, list[dict[str, Any]]], rss: dict[str, Any],
    out: Path | None,
) -> str:
    """Rows per session count (into `result`), the plot under `out`, the Markdown section."""
    from sayso.bench.live_scale import per_session_mib, plot_gaps, scale_row, scale_table

    rounds = int(result["rounds"])
    rows = {label: scale_row(results, rounds) for label, results in runs.items()}
    rss["per_session_mib"] = per_session_mib(rows, rss["peak_mib"])
    result["sessions"], result["rss"] = rows, rss
    if out is not None:
        plot_gaps(out / "bench_live_sessions.png", runs)
    return scale_table(rows, rss)


def _summarize(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    from sayso.bench.report import summarize

    samples: dict[str, list[float]] = {}
    missing: dict[str, int] = {}
    for label, results in runs.items():
        results = [r for r in results if not r.get("refused")]
        gaps = [g for r in results for g in r.get("gaps_ms", [r["gap_ms"]]) if g is not None]
        barges = [r["barge_in_ms"] for r in results if r["barge_in_ms"] is not None]
        samples[f"{label} response gap (client)"] = gaps
        samples[f"{label} response gap (server)"] = [g for r in results for g in r["server"]]
        samples[f"{label} barge-in reaction"] = barges
        samples[f"{label} reply stops"] = [
            r["reaction_ms"] for r in results if r.get("reaction_ms") is not None
        ]
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
        "first voiced chunk of the interruption → `sayso.barge_in`; reply stops = → the first of "
        "`sayso.response.pause` and `sayso.barge_in` (what the user hears). Gap beyond the "
        "asked silence = the server's gap minus the end silence its end-of-turn tier asked "
        "(a turn with no decision: minus the silence it waited): what the machine adds, "
        "whichever tier a command reached. "
        f"Sessions missing a measure (no reply or no barge-in within 30 s): {missing}.\n"
    )


def register(group: typer.Typer) -> None:
    """Add `live` to the bench group."""
    group.command("live")(bench_live)
