"""Progress of long runs: a plain line a minute when stderr is a log, not a terminal."""

from __future__ import annotations

import io
import sys

import pytest

from sayso.evaluation.progress import LINE_INTERVAL_S, ProgressBar


@pytest.fixture(autouse=True)
def _stderr_is_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal, even under `pytest -s`


def test_a_log_gets_a_line_a_minute_with_the_count_and_an_eta() -> None:
    now = [0.0]
    lines: list[str] = []
    with ProgressBar(10, "transcribing", clock=lambda: now[0], write=lines.append) as bar:
        now[0] = LINE_INTERVAL_S / 2
        bar.advance()  # too soon for a line
        now[0] = LINE_INTERVAL_S
        bar.advance()
        now[0] = LINE_INTERVAL_S * 1.5
        bar.advance()  # half a minute after the last line
    assert lines == ["transcribing: 2/10, 1:00 elapsed, ETA 4:00"]


def test_a_disabled_bar_says_nothing() -> None:
    now = [0.0]
    lines: list[str] = []
    with ProgressBar(3, "x", enabled=False, clock=lambda: now[0], write=lines.append) as bar:
        now[0] = LINE_INTERVAL_S * 5
        bar.advance(3)
    assert lines == []
