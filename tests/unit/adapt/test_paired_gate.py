"""The recogniser gate's row-by-row comparison of the base and the adapted model (no model)."""

from __future__ import annotations

from typing import Any

from sayso.adapt import gate
from sayso.adapt.asr import report
from sayso.adapt.asr.evaluate import paired


def _rows(*rows: tuple[str, str, bool, str]) -> dict[str, Any]:
    return {"rows": {"commands": [
        {"id": i, "condition": c, "text": "a large pizza", "accepted": ok, "transcript": heard}
        for i, c, ok, heard in rows
    ]}}  # fmt: skip


def test_rows_fixed_broken_and_word_errors_are_counted_per_condition_kind() -> None:
    base = _rows(("a", "noise-6dB", False, "a lodge pizza"), ("b", "noise-6dB", True, "a large"),
                 ("c", "noise-6dB", True, "a large pizza"), ("a", "clean", False, "lodge"))
    adapted = _rows(("a", "noise-6dB", True, "a large pizza"), ("b", "noise-6dB", False, "large"),
                    ("c", "noise-6dB", True, "a large pizza"), ("a", "clean", True, "large pizza"))
    noisy = paired(base, adapted, noisy=True)
    assert (noisy["fixed"], noisy["broken"]) == (1.0, 1.0)
    assert (noisy["fewer_errors"], noisy["more_errors"]) == (1.0, 1.0)
    assert noisy["better_p"] == 1.0  # one each way shows nothing
    clean = paired(base, adapted, noisy=False)
    assert (clean["fixed"], clean["fewer_errors"]) == (1.0, 1.0)


def _many(n_better: int, n_worse: int, n_same: int) -> tuple[dict[str, Any], dict[str, Any]]:
    spec = [(True, False)] * n_better + [(False, True)] * n_worse + [(True, True)] * n_same
    heard = {True: "a large pizza", False: "a lodge pizza"}
    base = _rows(*[(str(i), "noise-6dB", b, heard[b]) for i, (_, b) in enumerate(spec)])
    adapted = _rows(*[(str(i), "noise-6dB", a, heard[a]) for i, (a, _) in enumerate(spec)])
    return base, adapted


def test_the_gate_passes_a_model_better_row_by_row_and_refuses_one_better_by_chance() -> None:
    rules = report.rules(real=False)
    base, adapted = _many(12, 1, 40)
    for metrics in (base, adapted):
        metrics["metrics"] = {"acceptance_noisy": 0.0, "acceptance_clean": 1.0,
                              "open_wer": 0.05, "open_forced": 0.0}
    adapted["metrics"] |= paired(base, adapted, noisy=True)
    assert adapted["metrics"]["better_p"] < report.BETTER_P
    assert gate.compare(base["metrics"], adapted["metrics"], rules).passed
    base, adapted = _many(3, 1, 40)
    p = paired(base, adapted, noisy=True)["better_p"]
    assert not gate.check(rules[0], None, p).passed


def test_a_clip_counts_once_however_many_conditions_it_was_heard_in() -> None:
    # Fixed at three SNRs is one clip of evidence: 3 rows, 1 clip (rows repeat, clips do not).
    snrs = ("noise-6dB", "noise-12dB", "noise-24dB")
    base = _rows(*[("a", c, False, "a lodge pizza") for c in snrs],
                 ("b", "noise-6dB", True, "a large pizza"))
    adapted = _rows(*[("a", c, True, "a large pizza") for c in snrs],
                    ("b", "noise-6dB", False, "a lodge pizza"))
    result = paired(base, adapted, noisy=True)
    assert (result["fixed"], result["broken"]) == (3.0, 1.0)
    assert (result["clips_fixed"], result["clips_broken"]) == (1.0, 1.0)
    assert result["better_p"] == 1.0
