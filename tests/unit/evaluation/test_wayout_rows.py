"""The way out read from SLU rows: the trade-off curve and the calibration fit (pure logic)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sayso.errors import BadInput
from sayso.evaluation.calibrate import calibrate, replay
from sayso.evaluation.wayout_curve import curve, write_curve
from sayso.understanding.grammar.wayout import FIT_MARGIN, Sample, WayOut
from sayso.understanding.grammar.wayout_fit import sample_score


def _row(gold: str | None, score: float, right: bool, *, legacy: bool = False) -> dict[str, object]:
    ratio = score - 1.0
    return {
        "gold_intent": gold,
        "pred_intent": gold if score >= 0 and right else None,
        "accepted": (score >= 0 and right) if gold else not (score >= 0 and right),
        "path": "constrained" if score >= 0 and right else "none",
        "constrained_score": score,
        "constrained_text": "x",
        "constrained_right": right,
        "constrained_ratio": ratio,
        "free_tokens": 8,
        "constrained_tokens": 8,
        "no_speech_prob": 0.01,
        "model_identity": "m:1:int8",
        "legacy_accepted": legacy if gold else True,
    }


ROWS = [
    *(_row("HassTurnOn", s, True) for s in (2.0, 1.0, 0.5, -0.5, -1.5)),
    _row("HassTurnOn", -4.0, False, legacy=True),
    *(_row(None, s, True) for s in (-20.0, -12.0, -6.0, -1.0)),
]


def test_the_curve_replays_the_threshold_with_and_without_the_older_paths() -> None:
    points = {p["shift"]: p for p in curve(ROWS)["points"]}
    assert points[0.0]["constrained_only"] == {"acceptance": 3 / 6, "forced": 0.0}
    assert points[0.0]["with_older"]["acceptance"] == 4 / 6  # the older paths add the last one
    assert points[2.0]["constrained_only"] == {"acceptance": 5 / 6, "forced": 1 / 4}


def test_the_curve_is_written_with_its_plot(tmp_path: Path) -> None:
    notes = write_curve(tmp_path, ROWS)
    assert (tmp_path / "slu_wayout_curve.png").stat().st_size > 0
    assert json.loads((tmp_path / "slu_wayout_curve.json").read_text())["commands"] == 6
    assert any("open speech forced 0.0 %" in n for n in notes)


def test_calibration_from_rows_forces_none_of_the_split_and_names_the_model(
    tmp_path: Path,
) -> None:
    rows = tmp_path / "slu_utterances.jsonl"
    rows.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    identity, rule, summary = calibrate([tmp_path], target=0.0)
    assert identity == "m:1:int8"
    assert "0/4 open-speech readings forced" in summary
    assert rule.fitted


def test_calibrating_without_rows_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such rows file"):
        calibrate([tmp_path / "missing"])


def test_a_fit_is_replayed_on_the_rows_of_another_split(tmp_path: Path) -> None:
    (tmp_path / "slu_utterances.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8"
    )
    strict = WayOut(offset=-100.0, per_token=0.0, per_missing=0.0)  # takes nothing
    (line,) = replay(strict, [tmp_path])
    assert "constrained_only: acceptance 0.0 %, open speech forced 0.0 %" in line
    assert "with_older: acceptance 16.7 %" in line  # the one the older paths read


def test_the_sole_way_out_charges_what_is_left_out_as_the_sole_ranking_does(
    tmp_path: Path,
) -> None:
    from sayso.understanding.grammar.sole import RANK_PER_MISSING

    sole = [{**r, "model_identity": "m:1:int8#sole"} for r in ROWS]
    (tmp_path / "slu_utterances.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in sole), encoding="utf-8"
    )
    identity, rule, _summary = calibrate([tmp_path], target=0.0)
    assert identity.endswith("#sole") and rule.per_missing == RANK_PER_MISSING


def test_a_fit_from_rows_keeps_the_margin_below_the_split_s_open_speech(tmp_path: Path) -> None:
    (tmp_path / "slu_utterances.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8"
    )
    _identity, kept, _summary = calibrate([tmp_path], target=0.0)
    _identity, tight, _summary = calibrate([tmp_path], target=0.0, margin=0.0)
    # The likeliest open row (ratio -2, 8 tokens each way) is the margin short of the offset.
    likeliest = Sample(-2.0, 8, 8, 0.01, False)
    assert sample_score(kept, likeliest) == pytest.approx(-FIT_MARGIN, abs=0.01)
    assert sample_score(tight, likeliest) == pytest.approx(0.0, abs=0.01)
