"""How live sessions scale with their number: response gaps, starvation, admissions refused, memory.

`sayso bench live --sessions 1,4,8,16` runs each count against one server with its default
admission limit; this module folds the clients' results into one row per count and draws the
response-gap distribution per count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sayso.bench.report import percentile

FIGURE_SIZE_IN = (7.0, 4.0)
FIGURE_DPI = 120
Results = Sequence[Mapping[str, Any]]


def _p(values: Sequence[float], q: float) -> float | None:
    return round(percentile(values, q), 1) if values else None


def scale_row(results: Results, rounds: int = 1) -> dict[str, Any]:
    """One session count's summary (client clock, every turn of every admitted session).

    `results` holds every client of `rounds` runs of the count: sessions, admitted and refused
    are per run (the count the row stands for), turns and percentiles pool the runs.
    """
    admitted = [r for r in results if not r.get("refused")]
    per_session = [[g for g in r["gaps_ms"] if g is not None] for r in admitted]
    gaps = [g for session in per_session for g in session]
    overall = _p(gaps, 0.95)
    session_p95 = [p for s in per_session if (p := _p(s, 0.95)) is not None]
    worst = max(session_p95, default=None)
    barges = [r["barge_in_ms"] for r in admitted if r["barge_in_ms"] is not None]
    reactions = [r["reaction_ms"] for r in admitted if r.get("reaction_ms") is not None]
    return {
        "sessions": round(len(results) / rounds),
        "admitted": round(len(admitted) / rounds),
        "refused": round((len(results) - len(admitted)) / rounds),
        "turns": len(gaps),
        "without_reply": sum(g is None for r in admitted for g in r["gaps_ms"]),
        "gap_p50_ms": _p(gaps, 0.5),
        "gap_p95_ms": overall,
        "session_p95_max_ms": worst,
        "starvation_ratio": round(worst / overall, 2) if worst and overall else None,
        "barge_in_p50_ms": _p(barges, 0.5),
        "reaction_p50_ms": _p(reactions, 0.5),
        **turn_end_row(admitted),
        "decisions": [d for r in admitted for d in r.get("decisions", [])],
    }


def turn_end_row(results: Results) -> dict[str, Any]:
    """Turns before the endpoint (server side): replies ready at the endpoint, silence waited.

    The silence is both what the end-of-turn decision asked for and what was observed.
    """
    ends = [t for r in results for t in r.get("turn_end", [])]
    ready = [t["reply_ready_before_endpoint"] for t in ends if "reply_ready_before_endpoint" in t]
    asked = [t["end_silence"] for t in ends if "end_silence" in t]
    waited = [t["endpoint_wait"] for t in ends if "endpoint_wait" in t]
    beyond = beyond_silence(ends)
    return {
        "reply_ready_at_endpoint": f"{sum(v >= 0 for v in ready)}/{len(ends)}",
        "reply_prepared": f"{len(ready)}/{len(ends)}",
        "reply_ready_before_endpoint_p50_ms": _p(ready, 0.5),
        "end_silence_p50_ms": _p(asked, 0.5),
        "end_silence_asked": silence_mix(asked, len(ends) - len(asked)),
        "endpoint_wait_p50_ms": _p(waited, 0.5),
        "beyond_silence_p50_ms": _p(beyond, 0.5),
        "beyond_silence_p95_ms": _p(beyond, 0.95),
    }


def beyond_silence(ends: Sequence[Mapping[str, float]]) -> list[float]:
    """Per turn, the server's response gap minus the end silence it waited for, ms.

    The gap is the asked silence (the end-of-turn tier: 256, 800 or 1000 ms) plus what the
    machine adds: a speculation that finished after the silence, the commit, the first audio.
    Which tier a command reaches moves the gap p50 by hundreds of ms from run to run (in round
    22, 8-session runs of the same code read p50 477 and 927 ms with 14 and 8 of 24 turns at
    256 ms); this part does not, so it is the measure for a change to scheduling or speed.
    A turn that asked for no silence (its speculation was not ready by the longest one, or it
    began over a reply) ended when the endpointer's longest silence ran out, so that wait is
    its tier: the gap beyond it is the transcription at the endpoint and the reply. Left out,
    such turns would drop the slowest turns under load from the p95. A turn with neither
    measure is left out.
    """
    waits = ((t.get("response_gap"), t.get("end_silence", t.get("endpoint_wait"))) for t in ends)
    return [gap - waited for gap, waited in waits if gap is not None and waited is not None]


def silence_mix(asked: Sequence[float], undecided: int = 0) -> str:
    """How many turns asked each end silence, shortest first: "256 ms x 5, 800 ms x 9".

    Each silence is one end-of-turn tier (`session/turn_end.py`), so this is the tier mix the
    median hides: how many commands were "sure", which is what a faster endpoint changes.
    `undecided` turns asked for no silence, counted as "none": their speculation was not ready
    before the longest silence (under load), or they began over a reply (barge-in rules wait
    `vad.min_silence_ms`).
    """
    counts = Counter(round(a) for a in asked)
    mix = [f"{ms} ms x {n}" for ms, n in sorted(counts.items())]
    mix += [f"none x {undecided}"] if undecided > 0 else []
    return ", ".join(mix) or "-"


def scale_table(rows: Mapping[str, Mapping[str, Any]], rss: Mapping[str, Any]) -> str:
    """The Markdown section: one line per session count, then memory."""
    head = ("| sessions | admitted | refused | turns answered | no reply in 30 s | gap p50 ms | "
            "gap p95 ms | worst session p95 ms | worst / overall p95 | barge-in p50 ms | "
            "reply stops p50 ms | peak RSS MiB |")
    lines = ["## Sessions at once", "", head, "|" + "---|" * 12]
    for label, r in rows.items():
        lines.append(
            f"| {r['sessions']} | {r['admitted']} | {r['refused']} | {r['turns']} | "
            f"{r['without_reply']} | "
            f"{r['gap_p50_ms']} | {r['gap_p95_ms']} | {r['session_p95_max_ms']} | "
            f"{r['starvation_ratio']} | {r['barge_in_p50_ms']} | {r.get('reaction_p50_ms')} | "
            f"{rss.get('peak_mib', {}).get(label)} |"
        )
    lines += ["", "| sessions | reply prepared | its audio ready at the endpoint | ready before "
              "the endpoint p50 ms (negative: after) | end silence asked p50 ms | endpoint "
              "wait p50 ms | end silence asked (turns) | gap beyond the asked silence p50 / "
              "p95 ms |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['sessions']} | {r.get('reply_prepared')} | "
              f"{r.get('reply_ready_at_endpoint')} | {r.get('reply_ready_before_endpoint_p50_ms')}"
              f" | {r.get('end_silence_p50_ms')} | {r.get('endpoint_wait_p50_ms')} | "
              f"{r.get('end_silence_asked', '-')} | {r.get('beyond_silence_p50_ms')} / "
              f"{r.get('beyond_silence_p95_ms')} |"
              for r in rows.values()]
    lines += ["", f"RSS after loading the engines (no session): {rss.get('loaded_mib')} MiB; "
              f"per extra admitted session: {rss.get('per_session_mib')} MiB (peak of the "
              "largest count minus peak of one session, over the extra sessions)."]
    idle = rss.get("idle_sessions")
    if idle:
        lines.append(f"Open, silent sessions: {idle['sessions']} add "
                     f"{idle['per_session_mib']} MiB each ({idle['before_mib']} → "
                     f"{idle['open_mib']} MiB).")
    return "\n".join(lines) + "\n"


def per_session_mib(rows: Mapping[str, Mapping[str, Any]], peaks: Mapping[str, float | None]
                    ) -> float | None:
    """RSS added per admitted session: (peak at the most sessions − peak at the fewest) / extra.

    Of the runs that admitted the most sessions, the one that refused the fewest counts: a run
    past the admission limit adds refused connections and, run later, the process's own growth.
    """
    known = [(rows[k]["admitted"], rows[k]["refused"], p) for k, p in peaks.items()
             if p is not None]
    if len(known) < 2:
        return None
    n0, _, p0 = min(known, key=lambda r: (r[0], r[1]))
    n1, _, p1 = max(known, key=lambda r: (r[0], -r[1]))
    return round((p1 - p0) / (n1 - n0), 1) if n1 > n0 else None


def plot_gaps(path: Path, runs: Mapping[str, Results]) -> Path:
    """Box plot of the response gaps per session count (log scale: the tail matters)."""
    labels = list(runs)
    data = [[g for r in runs[k] if not r.get("refused") for g in r["gaps_ms"] if g is not None]
            for k in labels]
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=FIGURE_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    shown = [(k, d) for k, d in zip(labels, data, strict=True) if d]
    if shown:
        axes.boxplot([d for _, d in shown], whis=(5, 95), showfliers=True)
        axes.set_xticks(range(1, len(shown) + 1), [k for k, _ in shown])
        axes.set_yscale("log")
    axes.set_xlabel("sessions at once")
    axes.set_ylabel("response gap, ms (client clock)")
    axes.set_title("sayso bench live: response gap per number of sessions")
    axes.grid(True, axis="y", alpha=0.3)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(str(path))
    return path
