"""Benchmark reports: percentiles, machine description, peak memory, JSON + Markdown + PNG.

Latencies are in milliseconds; every report records the CPU, thread settings and the load average
at the time of measuring, since two shared cores make numbers depend on what else runs.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

KIB_PER_MIB: Final[int] = 1024
FIGURE_SIZE_IN: Final[tuple[float, float]] = (7.0, 4.0)
FIGURE_DPI: Final[int] = 120
_THREAD_ENV: Final = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, `q` in 0..1; NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summarize(samples: Mapping[str, Sequence[float]]) -> dict[str, dict[str, float]]:
    """p50/p95/mean/n per metric, in the metric's unit (rounded to 0.1)."""
    return {
        name: {
            "p50": round(percentile(vals, 0.5), 1),
            "p95": round(percentile(vals, 0.95), 1),
            "mean": round(statistics.fmean(vals), 1),
            "n": len(vals),
        }
        for name, vals in samples.items()
        if vals
    }


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports ru_maxrss in KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    divisor = KIB_PER_MIB * KIB_PER_MIB if sys.platform == "darwin" else KIB_PER_MIB
    return round(peak / divisor, 1)


def machine_info() -> dict[str, Any]:
    """CPU model, cores, threads, thread settings and the load average now."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import threading

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "threads_in_process": threading.active_count(),
        "thread_env": {k: os.environ.get(k) for k in _THREAD_ENV},
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def latency_table(latency_ms: Mapping[str, Mapping[str, float]], unit: str = "ms") -> str:
    """Markdown table of p50/p95/mean/n per metric."""
    lines = [f"| metric | p50 {unit} | p95 {unit} | mean {unit} | n |", "|---|---|---|---|---|"]
    lines += [
        f"| {metric} | {s['p50']} | {s['p95']} | {s['mean']} | {s['n']} |"
        for metric, s in latency_ms.items()
    ]
    return "\n".join(lines) + "\n"


def render_markdown(name: str, result: Mapping[str, Any], extra: Sequence[str] = ()) -> str:
    """The report page: machine line, latency table, then extra Markdown sections."""
    m = result["machine"]
    load = ", ".join(str(x) for x in m.get("load_average", []))
    head = [
        f"# sayso bench {name}",
        "",
        f"CPU: {m['cpu']} ({m['cores']} cores); load average {load}; "
        f"peak RSS {result.get('peak_rss_mib', '?')} MiB",
        "",
    ]
    table = latency_table(result["latency_ms"]) if result.get("latency_ms") else ""
    return "\n".join(head) + table + "".join(f"\n{section}" for section in extra)


def plot_latency(path: Path, latency_ms: Mapping[str, Mapping[str, float]], title: str) -> Path:
    """Horizontal bars of p50 with a p95 marker per metric."""
    names = list(latency_ms)
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=FIGURE_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    ys = range(len(names))
    axes.barh(list(ys), [latency_ms[n]["p50"] for n in names], color="C0", label="p50")
    axes.scatter([latency_ms[n]["p95"] for n in names], list(ys), color="C3", label="p95", zorder=3)
    axes.set_yticks(list(ys), names)
    axes.invert_yaxis()
    axes.set_xlabel("ms")
    axes.set_title(title)
    axes.grid(True, axis="x", alpha=0.3)
    axes.legend(fontsize="small")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(str(path))
    return path


def write_bench(
    name: str, result: dict[str, Any], out: Path | None, extra: Sequence[str] = ()
) -> str:
    """Add peak memory; write bench_<name>.json/.md/.png under `out`; return the Markdown."""
    result.setdefault("peak_rss_mib", peak_rss_mib())
    markdown = render_markdown(name, result, extra)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"bench_{name}.json").write_text(
            json.dumps(result, indent=2, default=str), encoding="utf-8"
        )
        (out / f"bench_{name}.md").write_text(markdown, encoding="utf-8")
        if result.get("latency_ms"):
            plot_latency(out / f"bench_{name}.png", result["latency_ms"], f"sayso bench {name}")
    return markdown
