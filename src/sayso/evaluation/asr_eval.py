"""Word error rate of any transcriber under a list of test conditions.

The engine is passed in as a plain callable (16 kHz mono float32 → text), so this module loads no
model. Outputs in `out_dir`: `asr_utterances.jsonl` (one row per utterance and condition),
`asr_summary.json`, `asr_summary.md` and `asr_wer_vs_snr.png`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.evaluation.augment.conditions import CLEAN, Condition, iter_conditioned
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.metrics.wer import ZERO_COUNTS, ErrorCounts, align_counts, normalize_text
from sayso.evaluation.report import EvalReport, ReportSpec, write_report, write_rows

Transcribe = Callable[[np.ndarray], str]


NOTES: Final = (
    "WER = corpus word error rate (all errors / all reference words) after Whisper-style text "
    "normalisation; Mean utt. WER is the unweighted mean over utterances; RTF = "
    "transcription time / audio duration.",
)
REPORT: Final = ReportSpec(
    kind="asr",
    title="ASR evaluation",
    columns=(
        ("condition", "Condition"),
        ("snr_db", "SNR dB"),
        ("n", "Utterances"),
        ("wer", "WER"),
        ("mean_wer", "Mean utt. WER"),
        ("cer", "CER"),
        ("substitutions", "Sub"),
        ("deletions", "Del"),
        ("insertions", "Ins"),
        ("ref_words", "Ref words"),
        ("rtf", "RTF"),
    ),
    curves=(("wer", "WER"), ("cer", "CER")),
    ylabel="error rate",
    plot_title="ASR error rate vs SNR",
    plot_name="wer_vs_snr",
)


@dataclasses.dataclass
class _Tally:
    """Running totals of one condition."""

    words: ErrorCounts = ZERO_COUNTS
    chars: ErrorCounts = ZERO_COUNTS
    wer_sum: float = 0.0
    n: int = 0
    audio_s: float = 0.0
    elapsed_s: float = 0.0

    def summary(self, condition: Condition) -> dict[str, Any]:
        return {
            "condition": condition.name,
            "series": condition.series,
            "snr_db": condition.snr_db,
            "n": self.n,
            "wer": self.words.rate,
            "mean_wer": self.wer_sum / self.n if self.n else 0.0,
            "cer": self.chars.rate,
            "substitutions": self.words.substitutions,
            "deletions": self.words.deletions,
            "insertions": self.words.insertions,
            "ref_words": self.words.ref_len,
            "rtf": self.elapsed_s / self.audio_s if self.audio_s else None,
            "spec": condition.describe(),
        }


"""What `evaluate_asr` measured (rows: corpus `wer`, `mean_wer`, `cer`, edit counts, `rtf`)."""


def evaluate_asr(
    utterances: Sequence[Utterance],
    transcribe: Transcribe,
    *,
    conditions: Sequence[Condition] = (CLEAN,),
    out_dir: str | Path,
    seed: int = 0,
    language: str = "en",
    progress: bool = True,
) -> EvalReport:
    """Transcribe every utterance under every condition and score WER/CER after normalisation."""
    rows = [
        score_asr(utt, condition.name, audio, transcribe, language)
        for utt, condition, audio in iter_conditioned(
            utterances, conditions, seed=seed, description="ASR", progress=progress
        )
    ]
    return report_asr(rows, conditions, out_dir)


def report_asr(
    rows: Sequence[dict[str, Any]], conditions: Sequence[Condition], out_dir: str | Path
) -> EvalReport:
    """Write the per-utterance rows, tally them per condition and write the summaries."""
    out = Path(out_dir)
    tallies = {c.name: _Tally() for c in conditions}
    write_rows(out, REPORT, rows, lambda row: _add(tallies[row["condition"]], row))
    summaries = tuple(tallies[c.name].summary(c) for c in conditions)
    return write_report(out, REPORT, summaries, NOTES)


def score_asr(
    utt: Utterance, condition: str, audio: np.ndarray, transcribe: Transcribe, language: str
) -> dict[str, Any]:
    """One per-utterance row: reference, hypothesis, their normalised forms, WER/CER, timing."""
    start = time.perf_counter()
    hyp = transcribe(audio)
    elapsed = time.perf_counter() - start
    ref_norm, hyp_norm = normalize_text(utt.text, language), normalize_text(hyp, language)
    words, chars = (
        align_counts(ref_norm, hyp_norm, "word"),
        align_counts(ref_norm, hyp_norm, "char"),
    )
    return {
        "id": utt.id,
        "condition": condition,
        "ref": utt.text,
        "hyp": hyp,
        "ref_norm": ref_norm,
        "hyp_norm": hyp_norm,
        "wer": words.rate,
        "cer": chars.rate,
        "errors": dataclasses.asdict(words),
        "char_errors": dataclasses.asdict(chars),
        "audio_s": audio.size / SAMPLE_RATE,
        "elapsed_s": elapsed,
    }


def _add(tally: _Tally, row: dict[str, Any]) -> None:
    tally.words += ErrorCounts(**row["errors"])
    tally.chars += ErrorCounts(**row["char_errors"])
    tally.wer_sum += row["wer"]
    tally.n += 1
    tally.audio_s += row["audio_s"]
    tally.elapsed_s += row["elapsed_s"]
