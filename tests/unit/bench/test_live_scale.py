"""The sessions-at-once summary of `sayso bench live` on scripted client results (pure logic)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sayso.bench.live_scale import per_session_mib, plot_gaps, scale_row, scale_table


def client(*gaps: float | None, barge: float | None = 300.0) -> dict[str, object]:
    return {"refused": False, "gaps_ms": list(gaps), "gap_ms": gaps[0], "barge_in_ms": barge,
            "server": []}


REFUSED = {"refused": True, "gaps_ms": [], "gap_ms": None, "barge_in_ms": None, "server": []}


def test_a_row_counts_refusals_and_finds_the_starved_session() -> None:
    results = [client(100, 100, 100, 100), client(100, 100, 100, 900, barge=None), REFUSED]
    row = scale_row(results)
    assert (row["sessions"], row["admitted"], row["refused"], row["turns"]) == (3, 2, 1, 8)
    assert row["gap_p50_ms"] == 100.0 and row["barge_in_p50_ms"] == 300.0
    # One session's slow turn is its own p95 and lifts the overall p95 less.
    assert row["session_p95_max_ms"] > row["gap_p95_ms"] and row["starvation_ratio"] > 1.0


def test_turns_without_a_reply_are_counted_not_averaged() -> None:
    row = scale_row([client(200, None), client(400)])
    assert row["turns"] == 2 and row["without_reply"] == 1 and row["gap_p50_ms"] == 300.0


def test_rounds_pool_turns_but_count_sessions_per_run() -> None:
    row = scale_row([client(100), client(300), REFUSED] * 3, rounds=3)
    assert (row["sessions"], row["admitted"], row["refused"], row["turns"]) == (3, 2, 1, 6)


def test_memory_per_extra_session_and_the_table(tmp_path: Path) -> None:
    rows = {"N=1": scale_row([client(100)]), "N=4": scale_row([client(100)] * 4),
            "N=6": scale_row([client(100)] * 4 + [REFUSED] * 2)}
    peaks = {"N=1": 800.0, "N=4": 830.0, "N=6": 830.0}
    assert per_session_mib(rows, peaks) == 10.0  # admitted sessions count, not refused ones
    # Past the admission limit (run last, refused connections too) is not the per-session cost.
    assert per_session_mib(rows, {**peaks, "N=6": 860.0}) == 10.0
    assert per_session_mib(rows, {"N=1": 800.0}) is None
    table = scale_table(rows, {"peak_mib": peaks, "loaded_mib": 790.0, "per_session_mib": 10.0})
    assert "| 6 | 4 | 2 | 4 | 0 |" in table and "790.0 MiB" in table
    runs = {"N=1": [client(100)], "N=2": [REFUSED, REFUSED]}
    assert plot_gaps(tmp_path / "gaps.png", runs).stat().st_size > 0


def test_the_table_shows_how_many_turns_asked_each_end_silence() -> None:
    ends = [{"end_silence": 256.0, "endpoint_wait": 300.0}, {"end_silence": 800.0},
            {"end_silence": 256.0, "reply_ready_before_endpoint": -20.0}]
    served = {**client(100), "turn_end": ends}
    row = scale_row([served])
    assert row["end_silence_asked"] == "256 ms x 2, 800 ms x 1"
    assert "| 256 ms x 2, 800 ms x 1 |" in scale_table({"N=1": row}, {})
    assert scale_row([client(100)])["end_silence_asked"] == "-"
    # A turn whose speculation was not ready before the longest silence asked for nothing.
    late = {**client(100, 900), "turn_end": [*ends, {"endpoint_wait": 1040.0}]}
    assert scale_row([late])["end_silence_asked"] == "256 ms x 2, 800 ms x 1, none x 1"


def test_the_gap_beyond_the_asked_silence_does_not_move_with_the_tier_mix() -> None:
    from sayso.bench.live import server_turn_ends

    def served(*gaps_and_tiers: tuple[float, float]) -> dict[str, object]:
        events: list[tuple[float, dict[str, Any]]] = [
            (0.0, {"type": "sayso.turn.latency",
                   "latency_ms": {"response_gap": gap, "end_silence": tier}})
            for gap, tier in gaps_and_tiers
        ]
        return {**client(*(g for g, _ in gaps_and_tiers)), "turn_end": server_turn_ends(events)}

    # The same machine (150 ms beyond the silence), two tier mixes: the gap p50 moves, this not.
    fast = scale_row([served((406.0, 256.0), (406.0, 256.0), (950.0, 800.0))])
    slow = scale_row([served((406.0, 256.0), (950.0, 800.0), (950.0, 800.0))])
    assert fast["gap_p50_ms"] == 406.0 and slow["gap_p50_ms"] == 950.0
    assert fast["beyond_silence_p50_ms"] == slow["beyond_silence_p50_ms"] == 150.0
    # A turn that asked for no silence ended at the longest one: what it waited is its tier.
    late = scale_row([{**client(1300.0), "turn_end": [
        {"response_gap": 1300.0, "endpoint_wait": 1000.0}]}])
    assert late["beyond_silence_p50_ms"] == 300.0 and late["end_silence_asked"] == "none x 1"
    # With neither measure there is nothing to subtract: left out.
    bare = scale_row([{**client(1300.0), "turn_end": [{"response_gap": 1300.0}]}])
    assert bare["beyond_silence_p50_ms"] is None
    assert "| 150.0 / 150.0 |" in scale_table({"N=1": fast}, {})


def test_the_cue_lines_of_the_served_turns_are_kept_per_session_count() -> None:
    from sayso.bench.live import server_decisions

    events: list[tuple[float, dict[str, Any]]] = [
        (0.1, {"type": "sayso.turn.latency", "latency_ms": {"response_gap": 400.0},
               "turn_end": "p_over=0.91 (bias-5.1 complete+0.8) sure -> 256 ms"}),
        (0.2, {"type": "sayso.turn.latency", "latency_ms": {"response_gap": 900.0}}),
        (0.3, {"type": "response.done"}),
    ]
    lines = server_decisions(events)
    assert lines == ["p_over=0.91 (bias-5.1 complete+0.8) sure -> 256 ms"]
    row = scale_row([{**client(400, 900), "decisions": lines}, REFUSED])
    assert row["decisions"] == lines
