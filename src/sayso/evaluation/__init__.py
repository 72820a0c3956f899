"""Measurement toolkit: manifests, WER/CER and SLU metrics, seeded augmentation, reports.

Engines are passed in as plain callables, so nothing here loads a model.
"""

from sayso.evaluation.asr_eval import evaluate_asr
from sayso.evaluation.augment.conditions import CLEAN, Condition, apply_condition
from sayso.evaluation.data.manifest import Utterance, read_manifest, write_manifest
from sayso.evaluation.data.sources import (
    LabelledText,
    from_hf_dataset,
    from_librispeech_dir,
    synthesize_set,
)
from sayso.evaluation.metrics.slu import command_accepted, intent_accuracy, slot_prf, slu_f1
from sayso.evaluation.metrics.wer import corpus_cer, corpus_wer, normalize_text
from sayso.evaluation.report import EvalReport
from sayso.evaluation.slu_eval import evaluate_slu

__all__ = [
    "CLEAN",
    "Condition",
    "EvalReport",
    "LabelledText",
    "Utterance",
    "apply_condition",
    "command_accepted",
    "corpus_cer",
    "corpus_wer",
    "evaluate_asr",
    "evaluate_slu",
    "from_hf_dataset",
    "from_librispeech_dir",
    "intent_accuracy",
    "normalize_text",
    "read_manifest",
    "slot_prf",
    "slu_f1",
    "synthesize_set",
    "write_manifest",
]
