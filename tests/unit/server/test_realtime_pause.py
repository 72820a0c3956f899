"""The two-stage barge-in on the wire: a client opts in, and pauses and resumes when told."""

from __future__ import annotations

from sayso.events import PlaybackPaused, PlaybackResumed
from sayso.server.realtime_config import RealtimeSession
from sayso.server.realtime_events import Translator


def test_a_client_says_it_pauses_and_is_told_when() -> None:
    wire = RealtimeSession()
    assert not wire.config.client_pauses  # a plain OpenAI client gets no pauses
    wire.update({"sayso": {"client_pauses": True, "barge_in_pause_ms": 128}})
    assert wire.config.client_pauses and wire.config.barge_in_pause_ms == 128
    t = Translator()
    (pause,) = t.translate(PlaybackPaused(turn_id="t", response_id="resp_1", voiced_ms=96.0))
    (resume,) = t.translate(PlaybackResumed(turn_id="t", response_id="resp_1", paused_ms=412.4))
    assert (pause["type"], pause["response_id"], pause["voiced_ms"]) == (
        "sayso.response.pause", "resp_1", 96)
    assert (resume["type"], resume["paused_ms"]) == ("sayso.response.resume", 412)
