"""Report writers: summary JSON, a Markdown table, and metric-vs-SNR plots (PNG).

Plots draw on a bare `matplotlib.figure.Figure` with the Agg canvas: no pyplot global state, no
display needed, safe from worker threads.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CLEAN_GAP_DB: Final[float] = 10.0
"""Where "clean" (no added noise) sits on the SNR axis: this far right of the highest SNR."""
FIGURE_SIZE_IN: Final[tuple[float, float]] = (6.4, 4.0)
FIGURE_DPI: Final[int] = 120
_LINE_STYLES: Final = ("-", "--", ":", "-.")


def write_json(path: Path, data: Any) -> Path:
    """Write `data` as indented UTF-8 JSON; folders are created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def markdown_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    """A GitHub Markdown table; `columns` is (key, header); floats get 4 significant digits."""
    header = "| " + " | ".join(title for _, title in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = ["| " + " | ".join(_cell(row.get(key)) for key, _ in columns) + " |" for row in rows]
    return "\n".join([header, rule, *body]) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|")


def write_markdown(path: Path, title: str, table: str, notes: Sequence[str] = ()) -> Path:
    """Write a Markdown page: a title, the table, then one paragraph per note."""
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [f"# {title}\n", table, *(f"{note}\n" for note in notes)]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def snr_curves(summaries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows to plot against SNR: each noisy series, closed at "clean" by its noise-free anchor.

    A series' anchor is its own condition without `snr_db` if it has one (e.g. reverb only for a
    reverb+noise series; not for "default"), else the plain clean condition. Rows need `snr_db`,
    `series` and `spec` (`Condition.describe()`); conditions without noise that are not anchors
    (speed, telephone) stay out of the plot, since they have no place on an SNR axis.
    """
    noisy = [dict(s) for s in summaries if s.get("snr_db") is not None]
    # The shared "default" series takes the plain clean anchor, never e.g. a speed-only condition.
    anchors = {
        s.get("series"): s
        for s in summaries
        if s.get("snr_db") is None and s.get("series", "default") != "default"
    }
    plain = next((s for s in summaries if s.get("snr_db") is None and _is_plain(s)), None)
    if not noisy:
        return [dict(plain)] if plain is not None else []
    for series in sorted({str(s.get("series")) for s in noisy}):
        anchor = anchors.get(series, plain)
        if anchor is not None:
            noisy.append({**anchor, "series": series})
    return noisy


def _is_plain(summary: Mapping[str, Any]) -> bool:
    spec = summary.get("spec", {})
    return bool(
        spec.get("speed", 1.0) == 1.0 and not spec.get("reverb") and not spec.get("telephone")
    )


def plot_vs_snr(
    path: Path,
    rows: Sequence[Mapping[str, Any]],
    metrics: Sequence[tuple[str, str]],
    *,
    ylabel: str,
    title: str,
) -> Path:
    """Plot each metric (key, label) against `snr_db`: a colour per metric, a dash per series.

    Rows need `snr_db` (None = clean, drawn at the right end) and `series`; a metric missing or
    None in a row is skipped. `snr_curves` turns evaluation summaries into such rows.
    """
    snrs = [float(r["snr_db"]) for r in rows if r.get("snr_db") is not None]
    clean_x = (max(snrs) if snrs else 0.0) + CLEAN_GAP_DB
    figure = Figure(figsize=FIGURE_SIZE_IN, dpi=FIGURE_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    all_series = sorted({str(r.get("series", "default")) for r in rows})
    for style, series in zip(_LINE_STYLES * len(all_series), all_series, strict=False):
        members = [r for r in rows if str(r.get("series", "default")) == series]
        for colour, (key, label) in enumerate(metrics):
            points = sorted(
                (clean_x if r.get("snr_db") is None else float(r["snr_db"]), float(r[key]))
                for r in members
                if r.get(key) is not None and not math.isnan(float(r[key]))
            )
            if points:
                name = label if len(all_series) == 1 else f"{label} ({series})"
                xs, ys = zip(*points, strict=True)
                axes.plot(xs, ys, marker="o", color=f"C{colour}", linestyle=style, label=name)
    _snr_ticks(axes, sorted(set(snrs)), clean_x, has_clean=len(snrs) < len(rows))
    axes.set_xlabel("SNR (dB)")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(True, alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize="small")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(str(path))
    return path


def _snr_ticks(axes: Any, snrs: list[float], clean_x: float, *, has_clean: bool) -> None:
    ticks = [*snrs, clean_x] if has_clean else snrs
    labels = [f"{s:g}" for s in snrs] + (["clean"] if has_clean else [])
    if ticks:
        axes.set_xticks(ticks, labels)


@dataclasses.dataclass(frozen=True)
class EvalReport:
    """What an evaluation run measured and where it wrote it (ASR and SLU alike)."""

    summaries: tuple[dict[str, Any], ...]
    """One summary row per condition, in the order given."""
    rows_path: Path
    summary_json: Path
    summary_md: Path
    plot_path: Path

    def summary(self, condition: str) -> dict[str, Any]:
        """The summary row of the condition named `condition`."""
        return next(s for s in self.summaries if s["condition"] == condition)



@dataclasses.dataclass(frozen=True)
class ReportSpec:
    """What one kind of evaluation writes, and how it presents its summaries."""

    kind: str
    """"asr" or "slu": the prefix of every file name."""
    title: str
    columns: Sequence[tuple[str, str]]
    """(summary key, column heading) of the Markdown table."""
    curves: Sequence[tuple[str, str]]
    """(summary key, legend label) plotted against SNR."""
    ylabel: str
    plot_title: str
    plot_name: str
    """What the plot shows, in its file name ("wer_vs_snr")."""

    def rows_path(self, out: Path) -> Path:
        """The per-utterance rows (JSON Lines)."""
        return out / f"{self.kind}_utterances.jsonl"


def write_rows(
    out: Path,
    spec: ReportSpec,
    rows: Iterable[dict[str, Any]],
    add: Callable[[dict[str, Any]], None],
) -> None:
    """Write the per-utterance rows (JSON Lines), handing each to `add` to be tallied."""
    out.mkdir(parents=True, exist_ok=True)
    with spec.rows_path(out).open("w", encoding="utf-8") as lines:
        for row in rows:
            add(row)
            lines.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def write_report(
    out: Path, spec: ReportSpec, summaries: tuple[dict[str, Any], ...], notes: Sequence[str]
) -> EvalReport:
    """The summary JSON, the Markdown table with its notes, and the metric-vs-SNR plot."""
    table = markdown_table(summaries, spec.columns)
    summary = {"conditions": list(summaries)}
    return EvalReport(
        summaries=summaries,
        rows_path=spec.rows_path(out),
        summary_json=write_json(out / f"{spec.kind}_summary.json", summary),
        summary_md=write_markdown(out / f"{spec.kind}_summary.md", spec.title, table, notes),
        plot_path=plot_vs_snr(
            out / f"{spec.kind}_{spec.plot_name}.png",
            snr_curves(summaries),
            list(spec.curves),
            ylabel=spec.ylabel,
            title=spec.plot_title,
        ),
    )
