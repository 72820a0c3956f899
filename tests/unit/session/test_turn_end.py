"""The end-of-turn decision: cues → silence (table), and the listener ending turns on scripted
fakes (a VAD that hears any non-zero frame, recognition jobs that answer with a scripted
result). The prosody cues: `test_prosody.py`."""

from __future__ import annotations

import asyncio
import dataclasses
import math
from typing import Any

import numpy as np
import pytest

from sayso.config import SessionConfig, VadConfig
from sayso.constants import FRAME_MS, FRAME_SAMPLES, MS_PER_SECOND
from sayso.events import Event, IntentRecognized, NoIntent, Transcript
from sayso.session.audio_input import AudioInput
from sayso.session.listener import Listener
from sayso.session.recognition import Heard
from sayso.session.turn_end import FEATURES, Cues, EndModel, TurnEndPolicy, cues_of, features
from sayso.session.utterance import LiveUtterance

MODEL = EndModel(weights=(2.0, -1.0, -3.0, 1.0, -1.0, 0.0, 0.5, 1.0), bias=-1.0)
"""A hand model: complete +2, more words -1, a round ten -3, Whisper's end log-odds x1 and
pause log-odds x-1, a fall +0.5 per semitone, lengthening +1 per doubling."""
POLICY = TurnEndPolicy(by_tier_ms=(1000, 700, 256, 160), hold_ms=800, model=MODEL,
                       cut_points=(0.9, 0.6, 0.3), open_ms=500)
COMMAND = IntentRecognized(intent="HassTurnOn", text="turn on the kitchen light")


def cues(grammar: str = "complete", end: float | None = None, *, dangling: bool = False,
         continues: str | None = None, pitch: float | None = None,
         lengthening: float | None = None, pause: float | None = None) -> Cues:
    return Cues(grammar, False, dangling, pitch, end_prob=end,  # type: ignore[arg-type]
                pause_prob=pause, continues=continues, lengthening=lengthening)


@pytest.mark.parametrize(
    ("cue", "ms"),
    [
        (cues(end=0.9), 160),  # log-odds -1 + 2 + 2.2 = 3.2: p 0.96, sure
        (cues(end=0.5), 256),  # -1 + 2: p 0.73, likely
        (cues(end=0.9, continues="number"), 700),  # "twenty …": 0.2 -> p 0.55, maybe
        (cues(end=0.1), 1000),  # Whisper expects more words: -1.2, p 0.23, unsure
        (cues(end=0.5, pause=0.9), 1000),  # Whisper expects a comma: -1.2, unsure
        (cues("none", end=0.5), 1000),  # no command, Whisper unsure: p 0.27
        (cues("none", end=0.99, pitch=-4.0), 500),  # a question that ended: p 0.99, but no
        # command: at most likely, and never before the open-turn floor (500, above 256)
        (cues("open", end=0.99, pitch=-4.0), 500),  # "add … to my list": no complete command
        (cues(end=0.9, dangling=True), 800),  # "... to the": a veto, hold on
    ],
)
def test_the_policy_maps_the_probability_of_the_end_to_silence(cue: Cues, ms: int) -> None:
    assert POLICY.silence_ms(cue) == ms
    assert POLICY.explain(cue).endswith(f"-> {ms} ms") or cue.dangling


def test_only_a_complete_command_is_ever_sure_and_the_line_says_why() -> None:
    question = cues("none", end=0.99, pitch=-4.0)
    assert POLICY.explain(question).endswith("no-command likely -> 500 ms")
    assert POLICY.silence_ms(cues(end=0.5)) == 256  # a likely command: its tier, below the floor
    free = dataclasses.replace(POLICY, sure_needs_command=False)
    assert free.silence_ms(question) == 160 and "no-command" not in free.explain(question)
    assert "no-command" not in POLICY.explain(cues("none", end=0.1))  # unsure anyway


def test_the_explanation_names_each_cue_and_no_words() -> None:
    line = POLICY.explain(cues(end=0.8, continues="number", pitch=-2.0, lengthening=2.0))
    assert line.startswith("p_over=0.80")
    for part in ("bias-1.0", "complete+2.0", "more_digits-3.0", "end+1.4", "fall+1.0",
                 "long+1.0", "likely -> 256 ms"):
        assert part in line
    assert "dangling" in POLICY.explain(cues(dangling=True))


def test_features_clip_what_the_trackers_get_wrong() -> None:
    """An octave jump of the pitch tracker or a certain decoder do not swamp the others."""
    x = dict(zip(FEATURES, features(cues(end=1.0, pitch=-7.0, lengthening=100.0, pause=0.0)),
                 strict=True))
    assert x["end"] == 6.0 and x["fall"] == 6.0 and x["long"] == 2.0 and x["pause"] == -6.0
    octave = dict(zip(FEATURES, features(cues(pitch=11.0)), strict=True))
    assert octave["fall"] == 0.0  # a jump of about an octave is the tracker, not the voice
    assert all(v == 0.0 for k, v in zip(FEATURES, features(cues("none")), strict=True))


def test_the_audio_model_holds_a_sure_turn_it_hears_unfinished_and_says_so() -> None:
    """Smart Turn's P(complete) below the veto caps the tier at "likely"; above it, or not
    measured, it moves nothing."""
    policy = dataclasses.replace(POLICY, audio_veto=0.2)
    sure = Cues("complete", False, False, None, end_prob=0.9)  # p 0.96: sure
    assert policy.silence_ms(sure) == 160
    unfinished = dataclasses.replace(sure, turn_prob=0.1)
    assert policy.silence_ms(unfinished) == 256  # the "likely" tier's silence
    assert "audio_p=0.10 vetoed likely -> 256 ms" in policy.explain(unfinished)
    assert policy.silence_ms(dataclasses.replace(sure, turn_prob=0.9)) == 160
    assert "vetoed" not in policy.explain(dataclasses.replace(sure, turn_prob=0.9))
    unsure = Cues("complete", False, False, None, end_prob=0.1, turn_prob=0.1)
    assert policy.silence_ms(unsure) == 1000  # a veto never shortens the wait
    assert dataclasses.replace(policy, audio_veto=None).silence_ms(unfinished) == 160


def test_a_speaker_who_paused_mid_turn_is_at_most_likely_and_the_line_says_so() -> None:
    """An earlier pause of `mid_pause_ms` or more holds a sure turn at "likely"; a shorter gap,
    none, or the rule turned off (0) move nothing, and it never shortens a wait."""
    policy = dataclasses.replace(POLICY, mid_pause_ms=192)
    sure = cues(end=0.9)  # p 0.96: sure, 160 ms
    assert policy.silence_ms(sure.with_paused_ms(0.0)) == 160
    assert policy.silence_ms(sure.with_paused_ms(160.0)) == 160  # a gap inside fluent speech
    paused = sure.with_paused_ms(288.0)
    assert policy.silence_ms(paused) == 256  # the "likely" tier's silence
    assert "paused=288ms(held) likely -> 256 ms" in policy.explain(paused)
    assert dataclasses.replace(policy, mid_pause_ms=0).silence_ms(paused) == 160
    unsure = cues(end=0.1).with_paused_ms(288.0)
    assert policy.silence_ms(unsure) == 1000
    assert "paused=288ms unsure" in policy.explain(unsure)  # noted, but it held nothing
    assert policy.silence_ms(sure) == 160  # not measured (an offline row without it)


def test_a_command_another_amount_may_follow_is_at_most_likely_and_the_line_says_so() -> None:
    """ "Set a timer for ninety minutes" (`continues` "amount": "… and thirty seconds" may
    follow) is held at "likely" however sure its cues; the model reads it as more words, as it
    was fitted; the rule off, or no amount, moves nothing."""
    sure_words = cues(end=0.99, continues="words")  # -1 + 2 - 1 + 4.6: p 0.99, sure
    amount = cues(end=0.99, continues="amount")
    assert POLICY.model.probability(amount) == POLICY.model.probability(sure_words)
    assert POLICY.silence_ms(sure_words) == 160
    assert POLICY.silence_ms(amount) == 256  # the "likely" tier's silence
    assert POLICY.explain(amount).endswith("amount-may-follow likely -> 256 ms")
    assert dataclasses.replace(POLICY, amounts_wait=False).silence_ms(amount) == 160
    assert POLICY.silence_ms(cues(end=0.1, continues="amount")) == 1000  # never shortens
    both = amount.with_paused_ms(300.0)  # paused too: the pause did not hold it alone
    assert dataclasses.replace(POLICY, mid_pause_ms=192).explain(both).endswith(
        "paused=300ms amount-may-follow likely -> 256 ms")


def test_cues_are_read_from_the_transcript_and_understanding() -> None:
    assert cues_of("Turn on the kitchen light.", COMMAND, -2.0, end_prob=0.8) == Cues(
        "complete", True, False, -2.0, end_prob=0.8
    )
    assert cues_of("Set a timer for", NoIntent(text="x"), None).dangling
    assert not cues_of("Set the thermostat to 20.", COMMAND, None).dangling  # a number ends it
    assert not cues_of("Set a timer for...", NoIntent(text="x"), None).punctuated
    open_ended = IntentRecognized(intent="HassListAddItem", text="add", open_ended=True)
    assert cues_of("Add milk to my list.", open_ended, None).grammar == "open"
    unsure = IntentRecognized(intent="HassTurnOn", text="t", confidence=0.3)
    assert cues_of("Turn on.", unsure, None).grammar == "open"


# ---- the listener on scripted fakes ---------------------------------------------------------


class LoudVad:
    """Speech wherever the frame is not silent."""

    def probability(self, samples: np.ndarray) -> float:
        return 1.0 if float(np.abs(samples).max()) > 0 else 0.0

    def reset(self) -> None:
        """Stateless."""


class ScriptedJobs:
    """Recognition that answers every speculation with `heard` (None: never finishes)."""

    def __init__(self, heard: Heard | None) -> None:
        self.heard = heard
        self.started = 0
        self.voiced: list[float | None] = []  # the speech gate's measure of each job
        self.leads: list[float] = []  # the pre-roll each job's audio begins with

    def recognize(
        self, audio: np.ndarray, then: object = None, *, voiced_ms: float | None = None,
        lead_in_s: float = 0.0,
    ) -> asyncio.Future[Heard]:
        self.started += 1
        self.voiced.append(voiced_ms)
        self.leads.append(lead_in_s)
        future: asyncio.Future[Heard] = asyncio.get_running_loop().create_future()
        if self.heard is not None:
            future.set_result(self.heard)
        return future


class Host:
    """Records endpoints."""

    def __init__(self) -> None:
        self.ended: list[LiveUtterance] = []

    def emit(self, event: Event) -> None:
        """Dropped."""

    def active_response(self) -> None:
        return None

    def on_voiced(self, utterance: LiveUtterance) -> None:
        """No partials."""

    def on_endpoint(self, utterance: LiveUtterance, heard: Any, speculation: str) -> None:
        self.ended.append(utterance)

    def preparing(self, utterance: LiveUtterance) -> None:
        """Nothing to prepare."""


def heard(text: str, understood: IntentRecognized | NoIntent, pitch: float | None,
          end_prob: float | None = None, pause_prob: float | None = None) -> Heard:
    return Heard(Transcript(text=text), understood, pitch, end_prob=end_prob,
                 pause_prob=pause_prob)


CONFIG = SessionConfig(vad=VadConfig(min_silence_ms=500), early_endpoint_ms=160,
                       doubtful_endpoint_ms=256, mixed_endpoint_ms=640, unsure_endpoint_ms=640,
                       hold_endpoint_ms=800, open_endpoint_ms=600,
                       partial_interval_ms=0)


async def silence_until_end(result: Heard | None, config: SessionConfig = CONFIG,
                            speech_frames: int = 20) -> float | None:
    """Speech, then silent frames one by one: the silence (ms) at which the turn ended."""
    host = Host()
    audio = AudioInput(keep_s=30)
    listener = Listener(host, audio, LoudVad(), ScriptedJobs(result), config)  # type: ignore[arg-type]
    audio.push(np.full(speech_frames * FRAME_SAMPLES, 0.1, np.float32), 0.0)
    listener.process()
    for k in range(1, 60):
        audio.push(np.zeros(FRAME_SAMPLES, np.float32), 0.0)
        listener.process()
        await asyncio.sleep(0)  # the speculation's done-callback
        if host.ended:
            return k * FRAME_MS
    return None


async def test_a_confident_command_ends_after_the_short_silence() -> None:
    ended = await silence_until_end(heard("Turn on the kitchen light.", COMMAND, -4.0, 0.99, 0.01))
    assert ended is not None and 160 <= ended < 160 + FRAME_MS


async def test_a_question_waits_the_unsure_silence() -> None:
    ended = await silence_until_end(heard("what is love", NoIntent(text="x"), None))
    assert ended is not None and 640 <= ended < 640 + FRAME_MS


async def test_a_dangling_word_holds_the_turn_past_the_silence_timeout() -> None:
    ended = await silence_until_end(heard("Set a timer for", NoIntent(text="x"), None))
    assert ended is not None and 800 <= ended < 800 + FRAME_MS


async def test_without_a_finished_speculation_the_turn_waits_for_it() -> None:
    """No cues yet: the turn ends only at the longest silence the policy knows (the hold)."""
    ended = await silence_until_end(None)
    assert ended is not None and 800 <= ended < 800 + FRAME_MS


async def test_a_turn_the_speaker_paused_in_waits_the_likely_silence() -> None:
    """Speech, a 224 ms pause (a speculation starts; the speaker goes on), speech, silence:
    the same confident command that ends after the sure silence when said in one go now waits
    the "likely" one, and the timeline says why."""
    config = dataclasses.replace(CONFIG, early_endpoint_ms=320, doubtful_endpoint_ms=480)
    command = heard("Turn on the kitchen light.", COMMAND, -4.0, 0.99, 0.01)
    assert await silence_until_end(command, config) == 320  # said in one go
    host = Host()
    audio = AudioInput(keep_s=30)
    jobs = ScriptedJobs(command)
    listener = Listener(host, audio, LoudVad(), jobs, config)  # type: ignore[arg-type]
    speech = np.full(20 * FRAME_SAMPLES, 0.1, np.float32)
    audio.push(speech, 0.0)
    audio.push(np.zeros(7 * FRAME_SAMPLES, np.float32), 0.0)  # 224 ms: past the trail pad
    listener.process()
    await asyncio.sleep(0)
    assert jobs.started == 1 and not host.ended  # speculated, not ended
    audio.push(speech[: 10 * FRAME_SAMPLES], 0.0)
    listener.process()
    ended = None
    for k in range(1, 60):
        audio.push(np.zeros(FRAME_SAMPLES, np.float32), 0.0)
        listener.process()
        await asyncio.sleep(0)
        if host.ended:
            ended = k * FRAME_MS
            break
    assert ended == 480
    (utterance,) = host.ended
    assert utterance.paused_ms == 224.0
    assert "paused=224ms(held) likely -> 480 ms" in utterance.timeline.turn_end


async def test_after_push_to_talk_the_vad_cuts_and_measures_where_the_speech_is() -> None:
    """Frames heard in manual mode keep the endpointer's numbering in step with the input's:
    once the client switches to VAD turn taking, an utterance starts at its own frames and a
    224 ms pause measures 224 ms (it measured every manual frame too before)."""
    config = dataclasses.replace(CONFIG, early_endpoint_ms=320, doubtful_endpoint_ms=480)
    host = Host()
    audio = AudioInput(keep_s=30)
    listener = Listener(host, audio, LoudVad(), ScriptedJobs(  # type: ignore[arg-type]
        heard("Turn on the kitchen light.", COMMAND, -4.0, 0.99, 0.01)),
        dataclasses.replace(config, turn_detection="manual"))
    audio.push(np.zeros(50 * FRAME_SAMPLES, np.float32), 0.0)
    listener.process()
    listener.update(config)
    speech = np.full(20 * FRAME_SAMPLES, 0.1, np.float32)
    for chunk in (speech, np.zeros(7 * FRAME_SAMPLES, np.float32), speech[: 10 * FRAME_SAMPLES],
                  np.zeros(30 * FRAME_SAMPLES, np.float32)):
        audio.push(chunk, 0.0)
        listener.process()
        await asyncio.sleep(0)
    (utterance,) = host.ended
    assert utterance.paused_ms == 224.0
    assert utterance.first_frame >= 50 - math.ceil(CONFIG.vad.speech_pad_ms / FRAME_MS)


async def test_cue_based_ending_off_waits_the_plain_timeout() -> None:
    config = SessionConfig(vad=VadConfig(min_silence_ms=500), early_endpoint_ms=0,
                           partial_interval_ms=0)
    ended = await silence_until_end(heard("Turn on the light.", COMMAND, -4.0, 0.99, 0.01), config)
    assert ended is not None and 500 <= ended < 500 + FRAME_MS


# ---- the speech gate's measure, as the listener hands it on ----------------------------------


async def test_each_recognition_carries_the_voiced_audio_of_its_utterance() -> None:
    jobs = ScriptedJobs(heard("Turn on the light.", COMMAND, -4.0, 0.99, 0.01))
    audio = AudioInput(keep_s=30)
    listener = Listener(Host(), audio, LoudVad(), jobs, CONFIG)  # type: ignore[arg-type]
    audio.push(np.full(20 * FRAME_SAMPLES, 0.1, np.float32), 0.0)
    audio.push(np.zeros(30 * FRAME_SAMPLES, np.float32), 0.0)
    listener.process()
    assert jobs.voiced and all(v == 20 * FRAME_MS for v in jobs.voiced)


async def test_each_recognition_says_how_much_pre_roll_its_audio_has() -> None:
    """The VAD's pre-roll before the onset, less where the stream (or a wake word) cut it: the
    recogniser puts lead silence only where it is missing (`AsrRequest.lead_in_s`)."""
    pad_s = math.ceil(CONFIG.vad.speech_pad_ms / FRAME_MS) * FRAME_MS / MS_PER_SECOND
    for quiet_frames, expected_s in ((30, pad_s), (0, 0.0)):
        jobs = ScriptedJobs(heard("Turn on the light.", COMMAND, -4.0, 0.99, 0.01))
        audio = AudioInput(keep_s=30)
        listener = Listener(Host(), audio, LoudVad(), jobs, CONFIG)  # type: ignore[arg-type]
        audio.push(np.zeros(quiet_frames * FRAME_SAMPLES, np.float32), 0.0)
        audio.push(np.full(20 * FRAME_SAMPLES, 0.1, np.float32), 0.0)
        audio.push(np.zeros(30 * FRAME_SAMPLES, np.float32), 0.0)
        listener.process()
        assert jobs.leads and all(lead == pytest.approx(expected_s) for lead in jobs.leads)


async def test_a_manual_commit_carries_the_voiced_frames_since_the_last_one() -> None:
    """No endpointer starts a push-to-talk turn: the gate's measure is all that says speech."""
    jobs = ScriptedJobs(None)
    audio = AudioInput(keep_s=30)
    config = SessionConfig(turn_detection="manual")
    listener = Listener(Host(), audio, LoudVad(), jobs, config)  # type: ignore[arg-type]
    audio.push(np.zeros(10 * FRAME_SAMPLES, np.float32), 0.0)
    audio.push(np.full(2 * FRAME_SAMPLES, 0.1, np.float32), 0.0)
    listener.commit()
    audio.push(np.full(5 * FRAME_SAMPLES, 0.1, np.float32), 0.0)
    listener.commit()
    assert jobs.voiced == [2 * FRAME_MS, 5 * FRAME_MS]


def test_the_session_config_sets_the_open_turn_floor() -> None:
    """`open_endpoint_ms` reaches the policy, and a client's longer silence raises it."""
    from sayso.session.turn_end import turn_end_policy

    assert turn_end_policy(SessionConfig(open_endpoint_ms=900)).open_ms == 900
    longer = SessionConfig(vad=VadConfig(min_silence_ms=1200), open_endpoint_ms=900)
    assert turn_end_policy(longer).open_ms == 1200
    fast = turn_end_policy(SessionConfig(doubtful_endpoint_ms=300))
    question = Cues("none", True, False, -4.0, end_prob=0.99, pause_prob=0.001)
    assert fast.tier(question) == 2 and fast.silence_ms(question) == 800  # likely, floored
