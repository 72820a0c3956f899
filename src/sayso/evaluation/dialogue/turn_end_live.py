"""The same audio through a live session and through the replay: the same end-of-turn cues.

`sayso eval dialogue --turn-end` fits the end-of-turn model on cues read offline
(`turn_end.replay`); the live session reads them in `Listener._end_of_turn`. Both must see the
same thing for the calibration to hold live. `live_decision` streams a padded clip into a fresh
`Session` in real time (the simulated microphone of `sayso eval dialogue`) and returns the first
turn's decision as its timeline recorded it; `replay_decision` replays the same samples (same
lead, so the same 32 ms frame phase) and returns the decision the policy takes there: the one at
the first pause whose silence reaches what its cues ask for (a cut-off), else at the end.
`scripts/turn_end_live_check.py` runs both over many clips.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from sayso.config import SessionConfig
from sayso.constants import SAMPLE_RATE
from sayso.evaluation.dialogue.scenarios import Turn
from sayso.evaluation.dialogue.turn_end import LEAD_S, TRAIL_S, TurnPauses, replay
from sayso.session.turn_end import TurnEndPolicy

LIVE_TIMEOUT_S = 30.0
"""Longest wait for the live session to end the turn after the clip, seconds."""


@dataclasses.dataclass(frozen=True)
class Decision:
    """An end-of-turn decision: why (cues and score, no words) and the silence it asked."""

    explain: str
    """`TurnEndPolicy.explain`; "" when the session ended the turn without reading cues."""
    silence_ms: float | None


def padded(speech: np.ndarray) -> np.ndarray:
    """`speech` with the replay's silence before and after (so both cut the same frames)."""
    lead = np.zeros(round(LEAD_S * SAMPLE_RATE), np.float32)
    trail = np.zeros(round(TRAIL_S * SAMPLE_RATE), np.float32)
    return np.concatenate([lead, np.asarray(speech, np.float32), trail])


async def live_decision(
    assistant: Any, speech: np.ndarray, config: SessionConfig | None = None
) -> Decision | None:
    """Stream `padded(speech)` into a new session in real time; its first turn's decision.

    `config`: the session's settings (default: the assistant's). None when no turn was
    answered within `LIVE_TIMEOUT_S` (nothing heard).
    """
    from sayso.evaluation.dialogue.sim import SimulatedCall
    from sayso.session import Session

    session = Session(assistant, config)
    async with SimulatedCall(session) as call:
        await call.say(padded(speech), until=lambda: bool(session.timelines),
                       timeout_s=LIVE_TIMEOUT_S)
    if not session.timelines:
        return None
    timeline = session.timelines[0]
    return Decision(timeline.turn_end, timeline.end_silence_ms)


def replay_decision(turn: TurnPauses, policy: TurnEndPolicy) -> Decision | None:
    """The decision `policy` takes on a replayed turn: at its first cut-off, else at its end."""
    for pause in turn.pauses:
        asked = policy.silence_ms(pause.cues)
        if pause.final or pause.silence_ms >= asked:
            return Decision(policy.explain(pause.cues), asked)
    return None


def replayed(
    assistant: Any, name: str, turn: Turn, speech: np.ndarray,
    hear: Callable[[np.ndarray, float], Any] | None = None,
) -> TurnPauses:
    """`turn_end.replay` of `speech` with `assistant`'s live endpointing and recognition job."""
    from sayso.session.recognition import session_jobs
    from sayso.vad.base import fork_vad

    settings = assistant.settings
    if hear is None:
        jobs = session_jobs(assistant)

        def hear(audio: np.ndarray, lead_in_s: float) -> Any:
            return jobs.hearing(audio, lead_in_s=lead_in_s)()

    vad = fork_vad(assistant.vad)
    return replay(name, turn, speech, vad, settings.live_session().vad, hear)
