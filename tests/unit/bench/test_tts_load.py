"""The speech-load loop of `sayso bench live --tts-load` against scripted requesters (pure logic).

Counts only, never timings: the fakes decide how many requests finish, fail or are in flight.
"""

import asyncio

from sayso.bench.live_load import Phase, load_summary, settle
from sayso.bench.tts_load import OnData, RssPeak, SpeechStats, TtsLoad, rss_mib


async def test_clients_loop_until_the_body_is_done_and_drop_the_request_in_flight() -> None:
    finished, hanging = 0, 0
    hang = asyncio.Event()  # never set: requests after the fourth stay in flight
    both_hang = asyncio.Event()

    async def request(on_data: OnData) -> None:
        nonlocal finished, hanging
        on_data(100)
        if finished >= 4:
            hanging += 1
            if hanging == 2:
                both_hang.set()
            await hang.wait()
        finished += 1

    async with TtsLoad(request, clients=2) as load:
        await both_hang.wait()
    assert len(load.stats.completed_s) == 4
    assert load.stats.stopped == 2
    assert load.stats.failed == []
    assert load.stats.body_bytes == 600


async def test_a_refusing_server_is_counted_and_does_not_hold_the_sessions_back() -> None:
    async def refused(on_data: OnData) -> None:
        raise RuntimeError("HTTP 429: too many")

    async with TtsLoad(refused, clients=1) as load:  # returns although no audio ever came
        pass
    assert load.stats.failed == ["RuntimeError: HTTP 429: too many"]
    assert load.stats.completed_s == []


def test_load_summary_reports_the_ratio_per_session_p95_and_the_requests() -> None:
    def session(gap: float | None) -> dict[str, object]:
        return {"gap_ms": gap, "barge_in_ms": 1.0, "server": [] if gap is None else [gap]}

    alone = Phase([[session(100.0), session(200.0)], [session(100.0), session(200.0)]])
    loaded = Phase(
        [[session(150.0), session(None)], [session(150.0), session(300.0)]],
        speech=[SpeechStats([40.0], 1, [], 44 + 22_050 * 2 * 3)],
    )
    summary = load_summary(alone, loaded, sample_rate=22_050)
    # p95 of 150, 150, 300 over p95 of 100, 100, 200, 200
    assert summary["p95_ratio_client"] == round(285.0 / 200.0, 2)
    assert summary["session_p95_ms"] == {"no load": [100.0, 200.0], "load": [150.0, 300.0]}
    assert summary["without_reply"] == {"no load": 0, "load": 1}
    assert summary["speech_completed"] == 1 and summary["speech_stopped_in_flight"] == 1
    assert summary["speech_audio_received_s"] == 3.0


def test_rss_peak_sees_this_process() -> None:
    with RssPeak() as rss:
        pass
    now = rss_mib()
    assert now is None or (rss.peak_mib is not None and rss.peak_mib > 0)


def test_settle_waits_through_the_idle_moments_between_pieces() -> None:
    class Pool:
        """Busy, idle for one poll (between two pieces), busy again, then idle for good."""

        def __init__(self) -> None:
            self.script = [False, False, True, False, False]
            self.calls = 0

        def idle(self) -> bool:
            self.calls += 1
            return self.script.pop(0) if self.script else True

    pool = Pool()
    settle(pool)
    assert pool.script == [] and pool.calls > 5
