"""Live sessions with and without speech-request load, in alternating rounds of one run.

Issue 11 asks that 8 live sessions keep their p95 response gap within 1.5× of the unloaded value
while 4 maximal speech requests run. Each round runs the sessions once alone and once beside the
load, so both sides of the ratio see the same machine (two shared cores drift over minutes).
Between phases the benchmark waits for the inference pool to drain: the dropped requests' last
pieces must not count against the next unloaded phase.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from sayso.bench.live import run_concurrent
from sayso.bench.report import percentile
from sayso.bench.tts_load import RssPeak, SpeechStats, TtsLoad, http_speech

SETTLE_TIMEOUT_S: Final[float] = 60.0
"""Longest wait for the inference pool to drain between phases, seconds."""
SETTLE_QUIET_S: Final[float] = 1.0
"""How long the pool must stay idle before the next phase starts, seconds."""
SETTLE_POLL_S: Final[float] = 0.05
PCM16_BYTES: Final[int] = 2


@dataclasses.dataclass
class Phase:
    """Every round of one phase (sessions alone, or beside the load)."""

    results: list[list[dict[str, Any]]] = dataclasses.field(default_factory=list)
    """Per round, one result per session (`one_client`'s dict)."""
    speech: list[SpeechStats] = dataclasses.field(default_factory=list)
    peak_rss_mib: float | None = None

    def add_rss(self, peak: float | None) -> None:
        """Keep the highest peak over the rounds."""
        if peak is not None:
            self.peak_rss_mib = max(peak, self.peak_rss_mib or 0.0)

    def flat(self) -> list[dict[str, Any]]:
        """Every session result of every round."""
        return [r for results in self.results for r in results]


def run_rounds(
    server: Any,
    pool: Any,
    clips: tuple[Sequence[np.ndarray], np.ndarray],
    sessions: int,
    load_clients: int,
    rounds: int,
) -> tuple[Phase, Phase]:
    """`rounds` × (sessions alone, then sessions beside `load_clients` speech loops)."""
    commands, interruption = clips
    alone, loaded = Phase(), Phase()
    for _ in range(rounds):
        with RssPeak() as rss:
            alone.results.append(
                asyncio.run(run_concurrent(server.ws_url, commands, interruption, sessions))
            )
        alone.add_rss(rss.peak_mib)
        settle(pool)
        with RssPeak() as rss:
            results, stats = asyncio.run(
                _beside_load(server.http_url, server.ws_url, clips, sessions, load_clients)
            )
        loaded.results.append(results)
        loaded.speech.append(stats)
        loaded.add_rss(rss.peak_mib)
        settle(pool)
    return alone, loaded


async def _beside_load(
    http_url: str,
    ws_url: str,
    clips: tuple[Sequence[np.ndarray], np.ndarray],
    sessions: int,
    load_clients: int,
) -> tuple[list[dict[str, Any]], SpeechStats]:
    async with TtsLoad(http_speech(http_url), load_clients) as load:
        results = await run_concurrent(ws_url, clips[0], clips[1], sessions)
    return results, load.stats


def settle(pool: Any) -> None:
    """Wait (bounded) until the inference pool stays idle for `SETTLE_QUIET_S`.

    A moment of idleness is not enough: a speech stream leaves the pool idle between its pieces.
    """
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        if not pool.idle():
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= SETTLE_QUIET_S:
            return
        time.sleep(SETTLE_POLL_S)


def load_summary(alone: Phase, loaded: Phase, sample_rate: int) -> dict[str, Any]:
    """The issue-11 measure and what the load clients got, for one session count."""
    speech = SpeechStats()
    for stats in loaded.speech:
        speech.completed_s += stats.completed_s
        speech.stopped += stats.stopped
        speech.failed += stats.failed
        speech.body_bytes += stats.body_bytes
    return {
        "p95_ratio_client": _ratio(_p95(loaded.flat(), "gap_ms"), _p95(alone.flat(), "gap_ms")),
        "p95_ratio_server": _ratio(_p95_server(loaded.flat()), _p95_server(alone.flat())),
        "session_p95_ms": {"no load": _per_session(alone), "load": _per_session(loaded)},
        "without_reply": {"no load": _missing(alone), "load": _missing(loaded)},
        "speech_completed": len(speech.completed_s),
        "speech_completed_s": [round(s, 1) for s in speech.completed_s],
        "speech_stopped_in_flight": speech.stopped,
        "speech_failed": speech.failed[:10],
        "speech_audio_received_s": round(speech.body_bytes / (sample_rate * PCM16_BYTES), 1),
        "peak_rss_mib": {"no load": _mib(alone.peak_rss_mib), "load": _mib(loaded.peak_rss_mib)},
    }


def _p95(results: Sequence[dict[str, Any]], key: str) -> float:
    return percentile([r[key] for r in results if r[key] is not None], 0.95)


def _p95_server(results: Sequence[dict[str, Any]]) -> float:
    return percentile([g for r in results for g in r["server"]], 0.95)


def _ratio(loaded: float, alone: float) -> float:
    return round(loaded / alone, 2) if alone > 0 else float("nan")


def _per_session(phase: Phase) -> list[float]:
    """p95 gap of session slot i over the rounds (NaN: no reply in any round)."""
    slots = zip(*phase.results, strict=True)
    return [round(_p95(list(slot), "gap_ms"), 1) for slot in slots]


def _missing(phase: Phase) -> int:
    return sum(r["gap_ms"] is None for r in phase.flat())


def _mib(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
