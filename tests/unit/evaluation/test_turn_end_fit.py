"""Fitting the end-of-turn model and choosing its tiers (`turn_end_fit`, `turn_end_report`), on
hand-made pauses: pure logic, no audio."""

from __future__ import annotations

import dataclasses

import numpy as np

from sayso.evaluation.dialogue.turn_end import Pause, TurnPauses
from sayso.evaluation.dialogue.turn_end_fit import Pauses, cue_auc, fit, policy_of, search
from sayso.evaluation.dialogue.turn_end_report import calibrate, of, score
from sayso.session.turn_end import FEATURES, Cues, EndModel, TurnEndPolicy


def pause(silence_ms: float, final: bool, end_prob: float, grammar: str = "complete") -> Pause:
    return Pause(silence_ms, final, Cues(grammar, False, False, None, end_prob=end_prob),  # type: ignore[arg-type]
                 text="")


def turns(n: int = 20) -> list[TurnPauses]:
    """One-go commands Whisper is sure of, and commands with a 400 ms pause it doubts."""
    one_go = [TurnPauses(f"complete-{k}", "x", "calibrate", (pause(1500, True, 0.95),))
              for k in range(n)]
    paused = [TurnPauses(f"numbers-{k}", "x", "calibrate",
                         (pause(400, False, 0.2 + 0.01 * k), pause(1500, True, 0.9)))
              for k in range(n)]
    return one_go + paused


def test_the_fit_learns_which_cue_tells_the_end() -> None:
    model = fit(turns())
    weights = dict(zip(FEATURES, model.weights, strict=True))
    assert weights["end"] > 0.5  # Whisper's end probability separates the two
    assert weights["fall"] == 0.0 and weights["long"] == 0.0  # never measured: no weight
    only_grammar = fit(turns(), use=("complete",))
    assert dict(zip(FEATURES, only_grammar.weights, strict=True))["end"] == 0.0


def test_every_policy_has_non_increasing_silences_and_cut_points() -> None:
    model = EndModel(weights=(0.0,) * len(FEATURES), bias=0.0)
    for _, tiers in search(Pauses(turns(2), model))[::997]:
        policy = policy_of(tiers, model)
        assert list(policy.by_tier_ms) == sorted(policy.by_tier_ms, reverse=True)
        assert list(policy.cut_points) == sorted(policy.cut_points, reverse=True)


def test_array_scoring_agrees_with_the_plain_count() -> None:
    # questions too: a turn that is no command is never "sure", in the arrays as in the policy
    # and slow speakers: after a pause they went on from, at most "likely" (`paused_ms`),
    # and amounts in two breaths: after "… ninety minutes", at most "likely" (`amounted`)
    sample = turns() + [
        TurnPauses(f"question-{k}", "x", "calibrate",
                   (pause(300, False, 0.5 + 0.02 * k, "none"), pause(1500, True, 0.97, "none")))
        for k in range(20)
    ] + [
        TurnPauses(f"slow-{k}", "x", "calibrate", (
            pause(300, False, 0.3), _after(pause(400, False, 0.9 + 0.004 * k), 300),
            _after(pause(1500, True, 0.97), 400)))
        for k in range(20)
    ] + [
        TurnPauses(f"finished-too-soon-{k}", "x", "calibrate", (
            _goes_on(pause(300 + 20 * k, False, 0.95), "amount"),
            _goes_on(pause(1500, True, 0.97), "words")))
        for k in range(20)
    ]
    # the fitted model, and one sure of every complete command (so the amount rule decides)
    sure = EndModel(weights=(6.0,) + (0.0,) * (len(FEATURES) - 1), bias=-3.0)
    for model in (fit(sample), sure):
        for metrics, tiers in search(Pauses(sample, model))[::2999]:
            rate, mean, one_go_p50, one_go_mean = metrics
            plain = score(sample, of(policy_of(tiers, model)))
            assert rate == plain.cutoff_rate and mean == plain.end_mean_ms
            assert one_go_p50 == plain.one_go_p50_ms and one_go_mean == plain.one_go_mean_ms


def _goes_on(p: Pause, continues: str) -> Pause:
    return Pause(p.silence_ms, p.final, dataclasses.replace(p.cues, continues=continues), p.text)


def _after(p: Pause, paused_ms: float) -> Pause:
    return Pause(p.silence_ms, p.final, p.cues.with_paused_ms(paused_ms), p.text)


def test_calibration_ends_sure_commands_fast_and_waits_out_the_doubtful_pauses() -> None:
    fitted = calibrate(turns(), use=FEATURES)
    sample = turns()
    safe = score(sample, of(fitted.safe))
    assert safe.cutoffs == 0  # no 400 ms pause ends a turn
    assert safe.one_go_p50_ms <= 256  # and Whisper's sure commands still end fast
    assert isinstance(fitted.fast, TurnEndPolicy)


def test_a_margin_counts_pauses_a_policy_only_just_waits_out() -> None:
    """A 400 ms mid-turn pause against a 500 ms silence: waited out, but not with 1.5x margin."""
    sample = turns(4)
    model = EndModel(weights=(0.0,) * len(FEATURES), bias=0.0)  # p 0.5: the "maybe" tier
    arrays = Pauses(sample, model)
    table = np.array([[1000.0, 500.0, 500.0, 500.0]])
    assert arrays.grid((0.9, 0.8, 0.35), table, 1000)[0][0] == 0.0
    assert arrays.grid((0.9, 0.8, 0.35), table, 1000, margin=1.5)[0][0] == 0.5


def test_each_cue_is_rated_alone_by_how_it_orders_ends_and_pauses() -> None:
    auc = cue_auc(turns())
    assert auc["end"] == 1.0  # Whisper's end probability is higher at every real end
    assert auc["complete"] == 0.5  # every pause is a complete command: it tells nothing
