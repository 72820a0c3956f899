"""Prometheus metrics: per-stage latency, active sessions, errors by code."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from sayso.app.latency import TurnLatency
from sayso.events import Event, ResponseDone

MS_PER_S = 1000.0
LATENCY_BUCKETS_S = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
"""Histogram buckets in seconds: from a fast intent match to a long transcription."""
MAX_OPEN_TURNS = 64
"""Timelines kept per session; a turn that never finishes must not leak memory."""


class Metrics:
    """One registry per app, so several apps (tests) never clash in the global registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.stage_latency = Histogram(
            "sayso_stage_latency_seconds",
            "Latency of each pipeline stage per turn.",
            ["stage"],
            buckets=LATENCY_BUCKETS_S,
            registry=self.registry,
        )
        self.active_sessions = Gauge(
            "sayso_active_sessions",
            "Open realtime and Wyoming sessions.",
            ["protocol"],
            registry=self.registry,
        )
        self.errors = Counter(
            "sayso_errors_total", "Errors reported to clients, by code.", ["code"],
            registry=self.registry,
        )
        self.requests = Counter(
            "sayso_requests_total", "HTTP API requests by endpoint and status.",
            ["endpoint", "status"], registry=self.registry,
        )
        self.turns = Counter(
            "sayso_turns_total", "Finished turns by protocol and status.", ["protocol", "status"],
            registry=self.registry,
        )

    def observe_stages(self, stages_ms: dict[str, float]) -> None:
        """Record one turn's per-stage latencies (milliseconds, as `TurnLatency` gives them)."""
        for stage, ms in stages_ms.items():
            self.stage_latency.labels(stage=stage).observe(ms / MS_PER_S)

    def error(self, code: str) -> None:
        """Count one error."""
        self.errors.labels(code=code).inc()

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)


class TimelineTracker:
    """Builds a `TurnLatency` per turn from a live event stream and reports it when done."""

    def __init__(self, metrics: Metrics, protocol: str) -> None:
        self.metrics = metrics
        self.protocol = protocol
        self._open: dict[str, TurnLatency] = {}

    def start(self, turn_id: str, t: float) -> None:
        """The input of a turn is complete at monotonic time `t` (speech stopped / commit)."""
        self._timeline(turn_id).input_ready = t

    def observe(self, event: Event) -> dict[str, float] | None:
        """Fold one event in; on `ResponseDone` return (and record) the turn's stage latencies."""
        if not event.turn_id:
            return None
        timeline = self._timeline(event.turn_id)
        timeline.observe(event)
        if not isinstance(event, ResponseDone):
            return None
        self._open.pop(event.turn_id, None)
        stages = timeline.stages_ms()
        self.metrics.observe_stages(stages)
        self.metrics.turns.labels(protocol=self.protocol, status=event.status).inc()
        return stages

    def _timeline(self, turn_id: str) -> TurnLatency:
        if turn_id not in self._open:
            if len(self._open) >= MAX_OPEN_TURNS:
                self._open.pop(next(iter(self._open)))
            self._open[turn_id] = TurnLatency()
        return self._open[turn_id]
