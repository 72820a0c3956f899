"""What the gate measures for one Whisper model, with sayso's own evaluation code.

Held-out commands (held-out sentences × held-out voices, clean and at several SNRs with the
evaluation half of the noise) go through a spoken turn's understanding step
(`SluScorerFactory`): command acceptance per condition and WER of the transcripts. Open speech
(never a command) goes through plain transcription (WER) and through understanding (how much of it
is forced into an intent). Real recordings the user gave are scored like the commands.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sayso.adapt.gate import sign_test_p
from sayso.config import Settings
from sayso.evaluation.augment.conditions import CLEAN, Condition
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.engines import AsrScorerFactory, SluScorerFactory
from sayso.evaluation.metrics.wer import align_counts, normalize_text
from sayso.evaluation.runner import run_rows


@dataclasses.dataclass(frozen=True)
class GateSets:
    """The evaluation material, shared by the base and the adapted model."""

    commands: Sequence[Utterance]
    """Held-out sentences spoken by held-out voices."""
    conditions: Sequence[Condition]
    """CLEAN, then noise at each SNR from the evaluation half."""
    open_speech: Sequence[Utterance] = ()
    """Speech that is no command (Cathy ARCTIC, or rendered open sentences)."""
    real: Sequence[Utterance] = ()
    """The evaluation half of the user's recordings."""
    fixture: Path | None = None
    """The home (HA fixture format), when the domain is the home's grammar."""


def _errors(row: dict[str, Any], ref_key: str, hyp_key: str) -> int:
    counts = align_counts(normalize_text(row[ref_key]), normalize_text(row.get(hyp_key) or ""))
    return counts.substitutions + counts.deletions + counts.insertions


def _wer(rows: Sequence[dict[str, Any]], ref_key: str, hyp_key: str) -> float:
    errors = words = 0
    for row in rows:
        counts = align_counts(normalize_text(row[ref_key]), normalize_text(row.get(hyp_key) or ""))
        errors += counts.substitutions + counts.deletions + counts.insertions
        words += counts.substitutions + counts.deletions + counts.hits
    return errors / words if words else 0.0


def _mean(rows: Sequence[dict[str, Any]], key: str) -> float:
    return sum(bool(r[key]) for r in rows) / len(rows) if rows else 0.0


def measure(settings: Settings, sets: GateSets, seed: int, label: str) -> dict[str, Any]:
    """Every gate metric of the model in `settings.asr.model`, plus the rows behind them."""
    slu = SluScorerFactory(settings, fixture=sets.fixture, gold_from_grammar=True)
    rows = run_rows(sets.commands, sets.conditions, slu, seed=seed, description=f"gate: {label}")
    metrics: dict[str, Any] = {}
    noisy = []
    for condition in sets.conditions:
        mine = [r for r in rows if r["condition"] == condition.name]
        metrics[f"acceptance_{condition.name}"] = _mean(mine, "accepted")
        if condition.snr_db is not None:
            noisy.append(metrics[f"acceptance_{condition.name}"])
    metrics["acceptance_noisy"] = sum(noisy) / len(noisy) if noisy else None
    metrics["command_wer"] = _wer(rows, "text", "transcript")
    result: dict[str, Any] = {"metrics": metrics, "rows": {"commands": rows}}
    if sets.open_speech:
        understood = run_rows(sets.open_speech, [CLEAN], slu, seed=seed, description="open: slu")
        written = run_rows(
            sets.open_speech, [CLEAN], AsrScorerFactory(settings), seed=seed,
            description=f"open: {label}",
        )  # fmt: skip
        metrics["open_forced"] = sum(r["pred_intent"] is not None for r in understood) / len(
            understood
        )
        metrics["open_wer"] = _wer(written, "ref", "hyp")
        result["rows"] |= {"open_slu": understood, "open_asr": written}
    if sets.real:
        real_rows = run_rows(sets.real, [CLEAN], slu, seed=seed, description="real speech")
        metrics["real_acceptance"] = _mean(real_rows, "accepted")
        result["rows"]["real"] = real_rows
    return result


def paired(base: dict[str, Any], adapted: dict[str, Any], *, noisy: bool) -> dict[str, float]:
    """Clip by clip, the held-out commands both models heard (noisy conditions, or clean).

    Counts the rows the adapted model fixed and broke and the rows it transcribed with fewer and
    more word errors. The tests are per clip, not per row: one clip at three SNRs is one piece
    of evidence, not three, so each clip's changes are summed over its conditions first and the
    clip counts as better, worse or the same (`clips_*`). `better_p` is the smaller one-sided
    sign-test p of the two (acceptance, word errors), doubled (Bonferroni: two tests were
    looked at).
    """
    mine = {(r["id"], r["condition"]): r for r in base["rows"]["commands"]}
    counts = dict.fromkeys(("fixed", "broken", "fewer_errors", "more_errors"), 0)
    accepted: dict[str, int] = {}  # per clip: rows fixed minus rows broken
    errors: dict[str, int] = {}  # per clip: word errors removed minus added
    for row in adapted["rows"]["commands"]:
        before = mine.get((row["id"], row["condition"]))
        if before is None or (row["condition"] != CLEAN.name) != noisy:
            continue
        gain = int(bool(row["accepted"])) - int(bool(before["accepted"]))
        fewer = _errors(before, "text", "transcript") - _errors(row, "text", "transcript")
        counts["fixed"] += gain > 0
        counts["broken"] += gain < 0
        counts["fewer_errors"] += fewer > 0
        counts["more_errors"] += fewer < 0
        accepted[row["id"]] = accepted.get(row["id"], 0) + gain
        errors[row["id"]] = errors.get(row["id"], 0) + fewer
    clips = {
        "clips_fixed": sum(v > 0 for v in accepted.values()),
        "clips_broken": sum(v < 0 for v in accepted.values()),
        "clips_fewer_errors": sum(v > 0 for v in errors.values()),
        "clips_more_errors": sum(v < 0 for v in errors.values()),
    }
    p = min(sign_test_p(clips["clips_fixed"], clips["clips_broken"]),
            sign_test_p(clips["clips_fewer_errors"], clips["clips_more_errors"]))
    every = counts | clips
    return {**{k: float(v) for k, v in every.items()}, "better_p": min(1.0, 2 * p)}


def noise_conditions(noise: Any, snrs: Sequence[float]) -> list[Condition]:
    """CLEAN, then each SNR (descending) with the evaluation half of the noise."""
    return [CLEAN] + [
        Condition(f"noise-{snr:g}dB", snr_db=snr, noise=noise, series="noise")
        for snr in sorted(set(snrs), reverse=True)
    ]
