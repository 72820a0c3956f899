"""`sayso bench capacity`: machines needed for N concurrent users, simulated on service times."""

from __future__ import annotations

from typing import Annotated

import typer

MAX_MACHINES = 1000


def bench_capacity(
    users: Annotated[int, typer.Option(min=1, max=100_000, help="Concurrent users.")] = 100,
    period: Annotated[
        float, typer.Option(min=1.0, max=3600.0, help="Mean seconds between a user's commands.")
    ] = 10.0,
    service_ms: Annotated[
        float, typer.Option(min=1.0, max=60_000.0, help="Inference per turn on one machine, ms "
                            "(speculative ASR + understanding + first reply sentence).")
    ] = 350.0,
    p95_ms: Annotated[
        float, typer.Option(min=1.0, max=600_000.0, help="Response-gap p95 to meet, ms.")
    ] = 1000.0,
    hours: Annotated[float, typer.Option(min=0.01, max=24.0, help="Simulated hours.")] = 1.0,
) -> None:
    """Simulate `users` sessions on 1..N machines: the gap per count and the machines needed."""
    from sayso.bench.capacity import Load, machines_needed, simulate

    load = Load(users=users, period_s=period, service_s=service_ms / 1000, hours=hours)
    need = machines_needed(load, p95_ms, MAX_MACHINES)
    if need is None:
        typer.echo(f"more than {MAX_MACHINES} machines would be needed")
        raise typer.Exit(1)
    lines = ["| machines | turns | gap p50 ms | gap p95 ms | utilisation |", "|" + "---|" * 5]
    for machines in range(max(1, need - 2), need + 2):
        r = simulate(load, machines)
        lines.append(f"| {machines} | {r['turns']} | {r['gap_p50_ms']} | {r['gap_p95_ms']} | "
                     f"{r['utilisation']} |")
    typer.echo("\n".join(lines))
    typer.echo(f"\n{users} users, a command every ~{period:g} s, {service_ms:g} ms of inference "
               f"per turn: {need} machine(s) keep the response-gap p95 within {p95_ms:g} ms.")


def register(group: typer.Typer) -> None:
    """Add `capacity` to the bench group."""
    group.command("capacity")(bench_capacity)
