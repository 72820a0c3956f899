"""Dialogue metrics: response gap, false cut-offs and barge-ins, action accuracy, intelligibility.

* response gap: last voiced user frame → first reply audio (the session's own timeline), p50/p95;
* false cut-off: a user utterance split by the endpointer (more transcripts in a turn than the
  user spoke utterances, or, in a turn with a scripted pause "|", the rest of the sentence
  interrupting the reply to its first part: a barge-in the script did not plan);
* false barge-in: a reply interrupted in a turn whose script has no interruption;
* missed barge-in: a scripted interruption that did not interrupt;
* action accuracy: turns meeting every intent and state expectation, over turns that have any;
* bot intelligibility: WER of ASR on sayso's own completed reply audio against its played text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.bench.report import percentile
from sayso.evaluation.dialogue.run import TurnRecord
from sayso.evaluation.metrics.wer import ZERO_COUNTS, align_counts, normalize_text
from sayso.evaluation.report import write_json, write_markdown

ROWS_FILE: Final[str] = "dialogue_turns.jsonl"
SUMMARY_JSON: Final[str] = "dialogue_summary.json"
SUMMARY_MD: Final[str] = "dialogue_summary.md"


def summarize_dialogue(
    records: Sequence[TurnRecord], transcribe: Callable[[np.ndarray], str], language: str = "en"
) -> dict[str, Any]:
    """The metrics above over every turn of every scenario (fills each record's `heard`)."""
    gaps = [g for r in records for g in r.response_gaps_ms]
    checked = [r for r in records
               if r.intent_ok is not None or r.state_ok is not None or r.heard_ok is not None]
    passed = [r for r in checked if False not in (r.intent_ok, r.state_ok, r.heard_ok)]
    words = ZERO_COUNTS
    for record in records:
        record.heard = []
        for text, audio in record.replies:
            heard = transcribe(audio)
            record.heard.append(heard)
            words += align_counts(
                normalize_text(text, language), normalize_text(heard, language), "word"
            )
    return {
        "turns": len(records),
        "response_gap_ms_p50": round(percentile(gaps, 0.5), 1) if gaps else None,
        "response_gap_ms_p95": round(percentile(gaps, 0.95), 1) if gaps else None,
        "false_cutoffs": sum(cut_off(r) for r in records),
        "false_barge_ins": sum(r.barge_ins > 0 for r in records if not r.planned_barge_in),
        "missed_barge_ins": sum(r.barge_ins == 0 for r in records if r.planned_barge_in),
        "action_accuracy": len(passed) / len(checked) if checked else None,
        "checked_turns": len(checked),
        "bot_wer": words.rate if words.ref_len else None,
        "bot_reply_words": words.ref_len,
        "timed_out": sum(r.timed_out for r in records),
    }


def cut_off(record: TurnRecord) -> bool:
    """The endpointer ended this turn while the user had more to say."""
    if len(record.transcripts) > 1 + record.planned_barge_in:
        return True
    # The continuation over the reply to the first part is a barge-in (its transcript may come
    # after the turn's events are counted): the turn was cut at its pause.
    return "|" in record.user_text and record.barge_ins > 0 and not record.planned_barge_in


def write_dialogue_report(
    out: Path, records: Sequence[TurnRecord], summary: dict[str, Any]
) -> Path:
    """Write per-turn rows, the summary JSON and a Markdown page; returns the Markdown path."""
    import json

    out.mkdir(parents=True, exist_ok=True)
    with (out / ROWS_FILE).open("w", encoding="utf-8") as rows:
        for record in records:
            rows.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    write_json(out / SUMMARY_JSON, summary)
    table = "| metric | value |\n|---|---|\n" + "".join(
        f"| {k} | {_fmt(v)} |\n" for k, v in summary.items()
    )
    failing = [
        f"- {r.scenario} turn {r.index + 1}: heard {r.transcripts}, intent {r.intent}, "
        f"intent_ok={r.intent_ok}, state_ok={r.state_ok}, barge_in_ok={r.barge_in_ok}, "
        f"heard_ok={r.heard_ok}"
        for r in records
        if False in (r.intent_ok, r.state_ok, r.barge_in_ok, r.heard_ok) or r.timed_out
    ]
    notes = [__doc__.split("\n\n", 1)[1].strip() if __doc__ else ""]
    if failing:
        notes.append("Turns that failed a check:\n\n" + "\n".join(failing))
    return write_markdown(out / SUMMARY_MD, "Dialogue evaluation", table, notes)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.4g}" if isinstance(value, float) else str(value)
