"""The end-of-turn report as a Markdown table and a curve (false cut-offs vs silence waited)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CURVES = (("silence only", "o-"), ("frontier", "s-"))
"""Rows drawn as lines: fixed silences, and the fitted model's calibration frontier."""
GOAL_PERCENT = 2.0


def table(summary: dict[str, Any]) -> str:
    """Every row on both halves, the fitted models and the cut-offs by kind."""
    lines = [
        f"Turns: calibrate {summary['turns']['calibrate']}, report {summary['turns']['report']}"
        f" (no endpoint found: {summary['missed_turns']}).",
        *([f"{summary['before_amounts']} turns were replayed before round 20: their grammar cue "
           "never says \"amount\", so the amount rule holds none of them (replay again to "
           "score it)."] if summary.get("before_amounts") else []),
        "",
        "| policy | cut-offs (report) | end silence p50 / mean ms | one-go commands p50 / mean "
        "ms | cut-offs (calibrate) |",
        "|---|---|---|---|---|",
    ]
    for label, row in summary["rows"].items():
        r, c = row["report"], row["calibrate"]
        lines.append(
            f"| {label} | {r['cutoffs']}/{r['turns']} ({100 * r['cutoff_rate']:.1f} %) | "
            f"{r['end_p50_ms']:.0f} / {r['end_mean_ms']:.0f} | "
            f"{r['one_go_p50_ms']:.0f} / {r['one_go_mean_ms']:.0f} | "
            f"{c['cutoffs']}/{c['turns']} ({100 * c['cutoff_rate']:.1f} %) |"
        )
    lines.append("")
    lines.append(f"- each cue alone, AUC of a real end against a mid-turn pause (calibration "
                 f"half): {summary['cue_auc_calibration']}")
    for label, model in summary["models"].items():
        weights = ", ".join(f"{k} {v:+.2f}" for k, v in model["weights"].items() if v)
        lines.append(f"- {label}: bias {model['bias']:+.2f}, {weights}; safe rule "
                     f"{model['safe']}; fast rule {model['fast']}")
    lines.append(f"- every silence searched: {summary['searched']}")
    lines.append(f"- cut-offs by kind (report half): {summary['cutoffs_by_kind']}")
    for way, cv in summary.get("cross_validation", {}).items():
        lines.append(f"- {way}, cross-validated on the calibration half (4 folds x 6 seeds): "
                     f"{cv['cutoffs']}/{cv['turns']} "
                     f"held-out turns cut off, one-go commands p50 {cv['one_go_p50_ms']:.0f} / "
                     f"mean {cv['one_go_mean_ms']:.0f} ms")
    return "\n".join(lines) + "\n"


def plot(path: Path, summary: dict[str, Any]) -> None:
    """False cut-offs (report half) against the mean silence waited at the end of a turn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    rows = summary["rows"]
    for prefix, style in CURVES:
        points = sorted((r["report"]["end_mean_ms"], 100 * r["report"]["cutoff_rate"])
                        for k, r in rows.items() if k.startswith(prefix))
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, style, label=prefix)
    for label, row in rows.items():
        if label.startswith(("all cues", "round")):
            r = row["report"]
            ax.plot(r["end_mean_ms"], 100 * r["cutoff_rate"], "^", label=label[:40])
    ax.axhline(GOAL_PERCENT, color="grey", linestyle=":")
    ax.set_xlabel("mean silence before the turn ends, ms (report half)")
    ax.set_ylabel("false cut-offs, % of turns")
    ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
