"""Run parsed scenarios through a live `Session` and record what happened in each turn."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Final

import numpy as np

from sayso.audio.io import resample
from sayso.constants import SAMPLE_RATE
from sayso.evaluation.augment.conditions import condition_seed
from sayso.evaluation.augment.effects import add_noise
from sayso.evaluation.augment.noise import NoiseSource
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.dialogue.scenarios import Scenario, ScenarioFile, Turn
from sayso.evaluation.dialogue.sim import SimulatedCall
from sayso.evaluation.dialogue.voices import UserVoices
from sayso.events import (
    AudioChunk,
    BargeIn,
    IntentRecognized,
    ResponseDone,
    Transcript,
)
from sayso.session.recognition import is_stop

LEAD_S: Final[float] = 0.4
"""Silence before each user utterance, seconds."""
SETTLE_S: Final[float] = 0.3
"""Silence streamed after a turn before the next one, seconds."""
TURN_TIMEOUT_S: Final[float] = 45.0
WAKE_PAUSE_S: Final[float] = 0.4
"""Pause between the wake phrase and the command, seconds."""
WAKE_LEAD_S: Final[float] = 1.5
"""Extra silence before the wake phrase: a fresh wake-word stream scores after ~1.3 s."""

Speak = UserVoices
"""Text → 16 kHz mono float32 speech in the user's voice (`speak.turn`: a turn, with pauses)."""


@dataclasses.dataclass
class TurnRecord:
    """What one scripted turn produced."""

    scenario: str
    index: int
    user_text: str
    planned_barge_in: bool
    transcripts: list[str] = dataclasses.field(default_factory=list)
    intent: str | None = None
    barge_ins: int = 0
    state_ok: bool | None = None
    intent_ok: bool | None = None
    barge_in_ok: bool | None = None
    heard_ok: bool | None = None
    timed_out: bool = False
    response_gaps_ms: list[float] = dataclasses.field(default_factory=list)
    replies: list[tuple[str, np.ndarray]] = dataclasses.field(default_factory=list, repr=False)
    """(played text, 16 kHz audio) of each completed reply, for the intelligibility check."""
    heard: list[str] = dataclasses.field(default_factory=list)
    """What ASR heard in each reply's audio (filled by the intelligibility check)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready row (reply audio left out)."""
        row = dataclasses.asdict(self)
        row["replies"] = [text for text, _ in self.replies]
        return row


async def run_scenario(
    assistant: Any,
    scenario: Scenario,
    spec: ScenarioFile,
    speak: Speak,
    noise: NoiseSource,
    seed: int = 0,
) -> list[TurnRecord]:
    """Play one scenario against a fresh session of `assistant`."""
    from sayso.session import Session

    _set_states(assistant, scenario.setup)
    config = assistant.settings.live_session()
    if spec.wake is not None:
        config = dataclasses.replace(config, wake=spec.wake)
    session = Session(assistant, config)
    records = []
    async with SimulatedCall(session, echo_gain=spec.echo_gain) as call:
        for k, turn in enumerate(scenario.turns):
            utt_id = f"{scenario.name}-{k}"
            speech = _user_audio(turn, speak, noise, utt_id, seed)
            if turn.wake_word:
                pause = np.zeros(round(WAKE_PAUSE_S * SAMPLE_RATE), np.float32)
                speech = np.concatenate([_wake_lead(), speak(spec.wake_phrase), pause, speech])
            if turn.wait_s:
                await call.silence(turn.wait_s)
            record = TurnRecord(
                scenario.name, k, turn.say or str(turn.audio), turn.barge_in is not None
            )
            # `timelines` is a bounded deque: tell new entries apart by identity, not index.
            before = {id(t) for t in session.timelines}
            await _play_turn(call, turn, speech, speak, record)
            record.response_gaps_ms = [
                t.response_gap_ms
                for t in list(session.timelines)
                if id(t) not in before and t.response_gap_ms is not None and t.source == "audio"
            ]
            _check(assistant, turn, record)
            records.append(record)
    return records


async def _play_turn(
    call: SimulatedCall, turn: Turn, speech: np.ndarray, speak: Speak, record: TurnRecord
) -> None:
    mark = len(call.events)
    if turn.expect.heard is False:  # nothing must answer: stream it and listen a while
        await call.say(speech)
        done = True
    elif turn.barge_in is None:
        done = await call.say(
            speech, until=lambda: call.count(ResponseDone, mark) >= 1, timeout_s=TURN_TIMEOUT_S
        )
    else:
        plan = turn.barge_in
        done = await call.say(
            speech, until=lambda: call.count(AudioChunk, mark) >= 1, timeout_s=TURN_TIMEOUT_S
        )
        await call.silence(plan.after_s)
        interruption = read_clip(plan.audio) if plan.audio else speak(plan.say or "")
        done = done and await call.say(
            interruption,
            until=lambda: call.count(ResponseDone, mark) >= 2 or _stopped(call, mark),
            timeout_s=TURN_TIMEOUT_S,
        )
    await call.silence(SETTLE_S)
    record.timed_out = not done
    _observe(call.events[mark:], record)


def _stopped(call: SimulatedCall, mark: int) -> bool:
    """True once a "Stop." interrupted the reply: it is the whole request, nothing answers it."""
    if not call.count(BargeIn, mark):
        return False
    heard = [e.text for _, e in call.events[mark:] if isinstance(e, Transcript)]
    return len(heard) >= 2 and is_stop(heard[-1], call.session.config.stop_words)


def _observe(events: list[tuple[float, Any]], record: TurnRecord) -> None:
    audio: dict[str, list[np.ndarray]] = {}
    for _, event in events:
        if isinstance(event, Transcript):
            record.transcripts.append(event.text)
        elif isinstance(event, IntentRecognized) and record.intent is None:
            record.intent = event.intent
        elif isinstance(event, BargeIn):
            record.barge_ins += 1
        elif isinstance(event, AudioChunk) and len(event.samples):
            audio.setdefault(event.turn_id, []).append(
                resample(event.samples, event.sample_rate, SAMPLE_RATE)
            )
        elif isinstance(event, ResponseDone) and event.status == "completed":
            pieces = audio.get(event.turn_id)
            if pieces and event.played_text:
                record.replies.append((event.played_text, np.concatenate(pieces)))


def _check(assistant: Any, turn: Turn, record: TurnRecord) -> None:
    expect = turn.expect
    if expect.intent is not None:
        record.intent_ok = record.intent == expect.intent
    if expect.state:
        record.state_ok = all(_state(assistant, e) == s for e, s in expect.state.items())
    if expect.barge_in is not None:
        record.barge_in_ok = (record.barge_ins > 0) == expect.barge_in
    if expect.heard is not None:
        record.heard_ok = bool(record.transcripts) == expect.heard


def _user_audio(turn: Turn, speak: Speak, noise: NoiseSource, utt_id: str, seed: int) -> np.ndarray:
    speech = read_clip(turn.audio) if turn.audio is not None else speak.turn(turn)
    if turn.noise_snr_db is not None:
        rng = np.random.default_rng(condition_seed(utt_id, f"dialogue-{turn.noise_snr_db}", seed))
        speech = add_noise(speech, noise.sample(rng), turn.noise_snr_db, rng)
    return np.concatenate([np.zeros(round(LEAD_S * SAMPLE_RATE), np.float32), speech])


def _wake_lead() -> np.ndarray:
    return np.zeros(round(WAKE_LEAD_S * SAMPLE_RATE), np.float32)


def _state(assistant: Any, entity_id: str) -> str | None:
    from sayso.actions.devices import get_device

    device = get_device(assistant.actions.store, entity_id)
    return None if device is None else str(device.state)


def _set_states(assistant: Any, states: dict[str, str]) -> None:
    from sayso.actions.devices import get_device, update_device

    store = assistant.actions.store
    for entity_id, state in states.items():
        device = get_device(store, entity_id)
        if device is None:
            from sayso.errors import BadInput

            raise BadInput(f"scenario setup names an unknown device {entity_id!r}")
        with store.transaction():
            update_device(store, device, dt.datetime.now(dt.UTC), state=state)
