"""How many machines do N concurrent users need? A queueing simulation on measured service times.

A machine (2 cores) runs one turn's inference at a time at full speed (the models use every
core), so it is one server with a FIFO queue. Each user speaks a command after an exponential
pause of mean `period_s`; a turn needs `service_s` of inference (speculative ASR + understanding +
the reply's first sentence, measured by `sayso bench asr|tts` on an idle machine) and waits
`endpoint_s` of silence anyway (its inference starts speculatively after `speculate_s`). A new
turn goes to the machine that will be free first (the front-ends route by queue length). The
simulation replays `hours` of such traffic per machine count and reports the response gap
(endpoint wait + queueing + service) percentiles. Not modelled: LLM turns, partial transcripts,
barge-in checks and REST requests (all lower priority or rarer), speaking and listening time.
"""

from __future__ import annotations

import dataclasses
import heapq
import random

from sayso.bench.report import percentile

SECONDS_PER_HOUR = 3600.0


@dataclasses.dataclass(frozen=True)
class Load:
    """The traffic and the measured costs."""

    users: int = 100
    """Concurrent users (sessions), each speaking independently."""
    period_s: float = 10.0
    """Mean pause between one user's commands, seconds."""
    service_s: float = 0.35
    """Inference per turn on one machine, seconds."""
    endpoint_s: float = 0.256
    """Trailing silence before the turn ends (the early endpoint of a complete command), seconds."""
    speculate_s: float = 0.096
    """Trailing silence after which the turn's inference starts (speculative recognition)."""
    hours: float = 1.0
    """Simulated traffic, hours."""
    seed: int = 0


def simulate(load: Load, machines: int) -> dict[str, float]:
    """Response-gap percentiles (ms) and machine utilisation for `machines` replicas."""
    rng = random.Random(load.seed)
    horizon = load.hours * SECONDS_PER_HOUR
    arrivals: list[float] = []
    for _ in range(load.users):
        t = rng.expovariate(1.0 / load.period_s)
        while t < horizon:
            arrivals.append(t)
            t += load.endpoint_s + load.service_s + rng.expovariate(1.0 / load.period_s)
    arrivals.sort()
    free_at = [0.0] * machines  # a heap: when each machine finishes its queued work
    gaps: list[float] = []
    for t in arrivals:
        ready = t + load.endpoint_s  # the reply never starts before the endpoint
        soonest = heapq.heappop(free_at)
        done = max(soonest, t + load.speculate_s) + load.service_s
        heapq.heappush(free_at, done)
        gaps.append(max(done, ready) - t)
    busy = len(arrivals) * load.service_s / (machines * horizon)
    return {
        "machines": machines,
        "turns": len(arrivals),
        "gap_p50_ms": round(percentile(gaps, 0.5) * 1000, 1),
        "gap_p95_ms": round(percentile(gaps, 0.95) * 1000, 1),
        "utilisation": round(busy, 3),
    }


def machines_needed(load: Load, p95_ms: float, most: int = 1000) -> int | None:
    """The fewest machines whose simulated p95 response gap is within `p95_ms`."""
    for machines in range(1, most + 1):
        if simulate(load, machines)["gap_p95_ms"] <= p95_ms:
            return machines
    return None
