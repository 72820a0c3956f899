"""Admission control's decisions without a server: the default limit and which refusal applies."""

from __future__ import annotations

import os

from sayso.server.realtime_gate import refusal
from sayso.server.settings import SESSIONS_PER_CORE, ServerSettings
from sayso.server.state import ServerState


def test_the_default_limit_follows_the_cores() -> None:
    cores = len(os.sched_getaffinity(0))
    assert ServerSettings().max_sessions == SESSIONS_PER_CORE * cores


def test_a_full_machine_says_when_to_retry_a_greedy_client_is_told_to_close_one() -> None:
    state = ServerState(assistant=None, settings=ServerSettings(max_sessions=3,
                                                                max_sessions_per_client=2))
    assert state.sessions.try_acquire("a") and state.sessions.try_acquire("a")
    assert not state.sessions.try_acquire("a")
    code, message, extra = refusal(state)
    assert code == "too_many_sessions" and extra == {} and "close one" in message
    assert state.sessions.try_acquire("b") and not state.sessions.try_acquire("c")
    code, message, extra = refusal(state)
    assert code == "server_full" and extra == {"retry_after_s": 10.0} and "retry in 10 s" in message
    state.sessions.release("b")
    assert state.sessions.try_acquire("c")  # a slot freed: admitted again
