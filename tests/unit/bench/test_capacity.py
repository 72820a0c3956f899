"""The capacity simulation's logic (pure: seeded traffic, no model)."""

from __future__ import annotations

from sayso.bench.capacity import Load, machines_needed, simulate


def test_one_user_never_queues_and_the_gap_is_endpoint_or_inference() -> None:
    load = Load(users=1, hours=0.2)
    row = simulate(load, 1)
    expected = max(load.endpoint_s, load.speculate_s + load.service_s) * 1000
    assert row["gap_p50_ms"] == row["gap_p95_ms"] == round(expected, 1)


def test_more_machines_shorten_the_queue_and_share_the_work() -> None:
    load = Load(users=100, hours=0.5)
    few, many = simulate(load, 4), simulate(load, 8)
    assert few["turns"] == many["turns"]
    assert many["gap_p95_ms"] < few["gap_p95_ms"]
    assert few["utilisation"] == 2 * many["utilisation"]
    # 100 users at one command per ~10 s need at least their inference in machines.
    need = machines_needed(load, p95_ms=1000.0)
    assert need is not None and need >= 100 * load.service_s / load.period_s
