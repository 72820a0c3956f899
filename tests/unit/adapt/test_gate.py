"""The generic gate: rules against base and candidate metrics, the report, the deployable mark."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from sayso.adapt import gate

RULES = [
    gate.Rule("acceptance", "min_gain", 0.01),
    gate.Rule("open_wer", "max_rise", 0.005),
    gate.Rule("clean", "max_drop", 0.02),
]


def test_a_better_model_that_keeps_open_speech_passes() -> None:
    base = {"acceptance": 0.80, "open_wer": 0.060, "clean": 0.95}
    result = gate.compare(base, {"acceptance": 0.90, "open_wer": 0.064, "clean": 0.94}, RULES)
    assert result.passed
    assert [c.passed for c in result.checks] == [True, True, True]


def test_each_rule_can_refuse() -> None:
    base = {"acceptance": 0.80, "open_wer": 0.060, "clean": 0.95}
    cases = {
        "acceptance": {"acceptance": 0.805, "open_wer": 0.06, "clean": 0.95},
        "open_wer": {"acceptance": 0.9, "open_wer": 0.066, "clean": 0.95},
        "clean": {"acceptance": 0.9, "open_wer": 0.06, "clean": 0.92},
    }
    for failing, candidate in cases.items():
        checks = gate.compare(base, candidate, RULES).checks
        assert [c.rule.metric for c in checks if not c.passed] == [failing]


def test_missing_or_nan_metrics_and_no_rules_refuse() -> None:
    assert not gate.compare({}, {"acceptance": 1.0}, RULES[:1]).passed
    assert not gate.compare({"acceptance": math.nan}, {"acceptance": 1.0}, RULES[:1]).passed
    assert not gate.compare({"a": 1.0}, {"a": 2.0}, []).passed


def test_report_marks_deployable_only_when_passed(tmp_path: Path) -> None:
    good = gate.compare({"acceptance": 0.5}, {"acceptance": 0.9}, RULES[:1])
    gate.write_report(tmp_path, "t", good, sections=[("Use it", "asr: {}")], data={"x": 1})
    assert gate.is_deployable(tmp_path)
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["deployable"] is True and report["x"] == 1
    assert "Verdict: deployable" in (tmp_path / "report.md").read_text()
    bad = gate.compare({"acceptance": 0.9}, {"acceptance": 0.5}, RULES[:1])
    gate.write_report(tmp_path, "t", bad)
    assert not gate.is_deployable(tmp_path)
    assert not (tmp_path / gate.DEPLOYABLE_FILE).exists()
    assert "NOT deployable" in (tmp_path / "report.md").read_text()


def test_sign_test_is_the_exact_binomial_tail() -> None:
    assert gate.sign_test_p(0, 0) == 1.0
    assert gate.sign_test_p(5, 0) == pytest.approx(1 / 32)
    exact = sum(math.comb(12, k) for k in range(8, 13)) / 4096
    assert gate.sign_test_p(8, 4) == pytest.approx(exact, rel=1e-12)
    assert gate.sign_test_p(0, 5) == pytest.approx(1.0)
    assert 0.0 < gate.sign_test_p(3000, 2900) < 0.2  # large counts stay finite
    assert 0.0 < gate.sign_test_p(60000, 59000) < 0.05


def test_at_most_reads_the_candidate_only() -> None:
    rule = gate.Rule("better_p", "at_most", 0.05)
    assert gate.check(rule, None, 0.01).passed
    assert gate.check(rule, None, 0.05).passed
    assert not gate.check(rule, None, 0.2).passed
    assert not gate.check(rule, 0.0, None).passed
    assert not gate.check(rule, None, math.nan).passed
