"""Understanding from audio under test conditions: intent, slots, SLU-F1, command acceptance.

The system under test is a callable (16 kHz mono float32 → (intent or None, slots)), typically ASR
followed by an intent recogniser, so this module loads no model. Outputs in `out_dir`:
`slu_utterances.jsonl`, `slu_summary.json`, `slu_summary.md` and `slu_accuracy_vs_snr.png`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.evaluation.augment.conditions import Condition, iter_conditioned
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.metrics.slu import (
    PRF,
    ZERO_PRF,
    SluF1,
    char_distance,
    command_accepted,
    slot_counts,
    span_distance_counts,
    word_distance,
)
from sayso.evaluation.report import EvalReport, ReportSpec, write_report, write_rows
from sayso.evaluation.wayout_curve import write_curve

Understand = Callable[[np.ndarray], tuple[str | None, Mapping[str, Any]]]


NOTES: Final = (
    "Slot P/R/F1: exact (name, normalised value) pairs, micro-averaged. SLU-F1: SLURP's "
    "word- and character-distance-softened span F1 (see sayso.evaluation.metrics.slu). "
    "Command acc.: right intent, every slot right, no extra slot. In grammar: utterances "
    "whose reference text itself is accepted (what the grammar and home can express); "
    "Command acc. in grammar is measured on those, so it isolates mishearing. Baseline: the "
    "same recognition read by exact matching of the plain N-best list (no grammar-aware "
    "rescoring or correction).",
)
REPORT: Final = ReportSpec(
    kind="slu",
    title="SLU evaluation",
    columns=(
        ("condition", "Condition"),
        ("snr_db", "SNR dB"),
        ("n", "Utterances"),
        ("intent_accuracy", "Intent acc."),
        ("slot_precision", "Slot P"),
        ("slot_recall", "Slot R"),
        ("slot_f1", "Slot F1"),
        ("slu_f1", "SLU-F1"),
        ("baseline_acceptance", "Baseline command acc."),
        ("command_acceptance", "Command acc."),
        ("in_grammar_n", "In grammar"),
        ("in_grammar_acceptance", "Command acc. in grammar"),
    ),
    curves=(
        ("intent_accuracy", "intent accuracy"),
        ("command_acceptance", "command acceptance"),
        ("slu_f1", "SLU-F1"),
    ),
    ylabel="score",
    plot_title="Understanding vs SNR",
    plot_name="accuracy_vs_snr",
)


@dataclasses.dataclass
class _Tally:
    """Running totals of one condition."""

    n: int = 0
    intents_right: int = 0
    accepted: int = 0
    baseline: int = 0
    in_grammar: int = 0
    accepted_in_grammar: int = 0
    slots: PRF = ZERO_PRF
    word: PRF = ZERO_PRF
    char: PRF = ZERO_PRF

    def summary(self, condition: Condition) -> dict[str, Any]:
        soft = SluF1(self.word, self.char)
        return {
            "condition": condition.name,
            "series": condition.series,
            "snr_db": condition.snr_db,
            "n": self.n,
            "intent_accuracy": self.intents_right / self.n if self.n else 0.0,
            "slot_precision": self.slots.precision,
            "slot_recall": self.slots.recall,
            "slot_f1": self.slots.f1,
            "word_f1": soft.word.f1,
            "char_f1": soft.char.f1,
            "slu_f1": soft.slu.f1,
            "command_acceptance": self.accepted / self.n if self.n else 0.0,
            "baseline_acceptance": self.baseline / self.n if self.n else 0.0,
            "in_grammar_n": self.in_grammar,
            "in_grammar_acceptance": (
                self.accepted_in_grammar / self.in_grammar if self.in_grammar else 0.0
            ),
            "spec": condition.describe(),
        }


"""What `evaluate_slu` measured (rows: intent accuracy, slot P/R/F1, SLU-F1, acceptance)."""


def evaluate_slu(
    utterances: Sequence[Utterance],
    understand: Understand,
    conditions: Sequence[Condition],
    out_dir: str | Path,
    *,
    seed: int = 0,
    language: str = "en",
    progress: bool = True,
    prepare: Callable[[Utterance], None] | None = None,
) -> EvalReport:
    """Run `understand` on every utterance under every condition and score it against the labels.

    `prepare`, when given, is called with each utterance first (e.g. to tell the recogniser which
    area the speaker is in).
    """
    rows = []
    for utt, condition, audio in iter_conditioned(
        utterances, conditions, seed=seed, description="SLU", progress=progress
    ):
        if prepare is not None:
            prepare(utt)
        intent, slots = understand(audio)
        rows.append(score_slu(utt, condition.name, intent, dict(slots), language))
    return report_slu(rows, conditions, out_dir, language)


def report_slu(
    rows: Sequence[dict[str, Any]],
    conditions: Sequence[Condition],
    out_dir: str | Path,
    language: str = "en",
) -> EvalReport:
    """Write the per-utterance rows, tally them per condition and write the summaries."""
    out = Path(out_dir)
    tallies = {c.name: _Tally() for c in conditions}
    write_rows(out, REPORT, rows, lambda row: _add(tallies[row["condition"]], row, language))
    summaries = tuple(tallies[c.name].summary(c) for c in conditions)
    notes = (
        *NOTES,
        *_noisy_average(summaries),
        *_added_latency(rows),
        *_added_latency(rows, "constrained_ms", "Constrained decoding took"),
        *_added_latency(
            rows, "legacy_added_ms", "Without constrained decoding, grammar paths added"
        ),
        *write_curve(out, rows),
    )
    return write_report(out, REPORT, summaries, notes)


def _added_latency(
    rows: Sequence[dict[str, Any]],
    key: str = "grammar_added_ms",
    label: str = "Time grammar-aware recognition added after ASR:",
) -> list[str]:
    """p50/p90 of the time grammar-aware recognition added per utterance, if rows have it."""
    added = sorted(float(r[key]) for r in rows if r.get(key) is not None)
    if not added:
        return []
    p50, p90 = added[len(added) // 2], added[int(len(added) * 0.9)]
    return [
        f"{label} p50 {p50:.1f} ms, p90 {p90:.1f} ms, "
        f"max {added[-1]:.0f} ms over {len(added)} utterances (this machine, this run)."
    ]


def score_slu(
    utt: Utterance, condition: str, intent: str | None, slots: dict[str, Any], language: str
) -> dict[str, Any]:
    """One per-utterance row (JSON-safe: values that JSON cannot hold are turned into text)."""
    row = {
        "id": utt.id,
        "condition": condition,
        "text": utt.text,
        "gold_intent": utt.intent,
        "pred_intent": intent,
        "gold_slots": utt.slots,
        "pred_slots": slots,
        "intent_ok": intent == utt.intent,
        "accepted": command_accepted(utt.intent, utt.slots, intent, slots, language),
    }
    # A JSON round trip, so rows scored here, in a Ray worker or read back from disk tally alike.
    result: dict[str, Any] = json.loads(json.dumps(row, ensure_ascii=False, default=str))
    return result


def _add(tally: _Tally, row: dict[str, Any], language: str) -> None:
    gold, pred = row["gold_slots"], row["pred_slots"]
    tally.n += 1
    tally.intents_right += row["intent_ok"]
    tally.accepted += row["accepted"]
    tally.baseline += row.get("baseline_accepted", row["accepted"])
    if row.get("text_accepted", True):
        tally.in_grammar += 1
        tally.accepted_in_grammar += row["accepted"]
    tally.slots += slot_counts(gold, pred, language)
    tally.word += span_distance_counts(gold, pred, word_distance, language)
    tally.char += span_distance_counts(gold, pred, char_distance, language)


def _noisy_average(summaries: Sequence[dict[str, Any]]) -> list[str]:
    """One line averaging the noisy conditions (each SNR weighs the same)."""
    noisy = [s for s in summaries if s.get("snr_db") is not None]
    if not noisy:
        return []
    keys = (
        "intent_accuracy",
        "baseline_acceptance",
        "command_acceptance",
        "in_grammar_acceptance",
    )
    mean = {k: sum(s[k] for s in noisy) / len(noisy) for k in keys}
    return [
        f"Average over the {len(noisy)} noisy conditions: intent acc. "
        f"{mean['intent_accuracy']:.4f}, baseline command acc. "
        f"{mean['baseline_acceptance']:.4f}, command acc. {mean['command_acceptance']:.4f}, "
        f"command acc. in grammar {mean['in_grammar_acceptance']:.4f}."
    ]
