"""Acoustic grammar rescoring: the decision logic on a fixed N-best list and fixed scores.

The scorer here is a table of log-probabilities standing in for Whisper's forced decoding, so the
accept/reject rule is checked exactly; the real scorer runs on real audio in
tests/e2e/grammar/test_grammar_aware_turns.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from sayso.asr.base import AsrCapabilities, AsrRequest, AsrResult
from sayso.events.speech import Hypothesis
from sayso.understanding.grammar.rescore import GrammarRescoringAsr, comparable, rescore

CAPS = AsrCapabilities(nbest=True, word_timings=False, streaming=False, biasing=False)


def table(scores: dict[str, float]) -> object:
    def score(texts: Sequence[str]) -> list[float]:
        return [scores[t] for t in texts]

    return score


def heard(text: str, scores: dict[str, float]) -> AsrResult:
    return AsrResult(
        text=text,
        language="en",
        hypotheses=(Hypothesis(text, -3.0, -0.5),),
        words=(),
        duration_s=1.0,
        acoustic=table(scores),  # type: ignore[arg-type]
    )


class TableEngine:
    """Returns one fixed result (the wrapper's logic is under test, not recognition)."""

    capabilities = CAPS

    def __init__(self, result: AsrResult) -> None:
        self.result = result

    def load(self) -> None:
        pass

    def transcribe(self, audio: np.ndarray, request: AsrRequest | None = None) -> AsrResult:
        return self.result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pause TV!", "Pause tv."),
        ("  what's   the TIME? ", "What's the time."),
        ("...", ""),
        ("6.", "Six."),
        ("Set 25 minutes", "Set 25 minutes."),
    ],
)
def test_comparable_form_ignores_case_and_punctuation(text: str, expected: str) -> None:
    assert comparable(text) == expected


def test_a_proposal_within_the_margin_is_accepted() -> None:
    result = heard("Boss TV.", {"Pause tv.": -6.0, "Boss tv.": -4.0})
    verdict = rescore(result, ["pause tv"], margin=3.0)
    assert verdict is not None and verdict.accepted and verdict.proposal == "Pause tv."


def test_a_proposal_far_below_what_was_heard_is_rejected() -> None:
    result = heard("Tell me a joke.", {"Tell me the date.": -19.0, "Tell me a joke.": -5.0})
    verdict = rescore(result, ["tell me the date"], margin=3.0)
    assert verdict is not None and not verdict.accepted


def test_the_best_of_several_proposals_is_chosen() -> None:
    scores = {"Eight.": -2.0, "Hey.": -1.5, "Eighty.": -9.0, "Ate.": -4.0}
    verdict = rescore(heard("Hey.", scores), ["eighty", "eight", "ate"], margin=1.0)
    assert verdict is not None and verdict.proposal == "Eight." and verdict.accepted


def test_nothing_to_compare_gives_no_verdict() -> None:
    result = heard("Boss TV.", {})
    assert rescore(result, [], margin=3.0) is None
    no_scorer = AsrResult("Boss TV.", "en", (Hypothesis("Boss TV.", -3.0, -0.5),), (), 1.0)
    assert rescore(no_scorer, ["pause tv"], margin=3.0) is None


def test_wrapper_promotes_an_accepted_sentence_first() -> None:
    engine = TableEngine(heard("Boss TV.", {"Pause tv.": -6.0, "Boss tv.": -4.0}))
    asr = GrammarRescoringAsr(engine, lambda _result: ["pause tv"], margin=3.0, per_word=0.0)
    result = asr.transcribe(np.zeros(16000, np.float32))
    assert result.text == "Pause tv."
    assert [h.text for h in result.hypotheses] == ["Pause tv.", "Boss TV."]
    assert not result.grammar_checked


def test_wrapper_marks_a_rejected_check_so_text_correction_is_skipped() -> None:
    engine = TableEngine(
        heard("Tell me a joke.", {"Tell me the date.": -19.0, "Tell me a joke.": -5.0})
    )
    asr = GrammarRescoringAsr(
        engine, lambda _result: ["tell me the date"], margin=3.0, per_word=0.0
    )
    result = asr.transcribe(np.zeros(16000, np.float32))
    assert result.text == "Tell me a joke." and result.grammar_checked


def test_partial_results_are_not_rescored() -> None:
    calls: list[AsrResult] = []

    def shortlist(result: AsrResult) -> list[str]:
        calls.append(result)
        return ["pause tv"]

    engine = TableEngine(heard("Boss TV.", {"Pause tv.": -6.0, "Boss tv.": -4.0}))
    asr = GrammarRescoringAsr(engine, shortlist, margin=3.0, per_word=0.0)
    result = asr.transcribe(np.zeros(16000, np.float32), AsrRequest(partial=True))
    assert result.text == "Boss TV." and calls == []


def test_the_margin_grows_with_the_sentence_length() -> None:
    scores = {"Order two large pizzas with ham.": -9.8, "Order two large pieces with hem.": -6.4}
    result = heard("Order two large pieces with hem.", scores)
    proposal = ["order two large pizzas with ham"]
    fixed = rescore(result, proposal, margin=2.0)
    scaled = rescore(result, proposal, margin=2.0, per_word=0.4)
    assert fixed is not None and not fixed.accepted
    assert scaled is not None and scaled.accepted and scaled.margin == pytest.approx(4.4)
