"""Partials wait for slack in the shared pool; a paused burst over the reply is decided on its
speculation (scripted fakes; pure logic)."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import numpy as np

from sayso.config import SessionConfig
from sayso.events import Transcript, now
from sayso.session.articulation import WORDLESS_BELOW_DB, Articulation
from sayso.session.barge_in import (
    PARTIAL_MAX_URGENT_SHARE,
    RECHECK_MS,
    STOP_MIN_VOICED_MS,
    BargeInPolicy,
    echoes_reply,
)
from sayso.session.timeline import TurnTimeline
from sayso.session.utterance import LiveUtterance


class Pool:
    def __init__(self, share: float, idle: bool = True) -> None:
        self.share, self._idle = share, idle

    def idle(self) -> bool:
        return self._idle

    def urgent_share(self) -> float:
        return self.share


class Jobs:
    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.quick: list[int] = []
        self.leads: list[float] = []

    def transcribe_quick(
        self, audio: np.ndarray, priority: Any = None, *, lead_in_s: float = 0.0
    ) -> asyncio.Future[Transcript]:
        self.quick.append(len(audio))
        self.leads.append(lead_in_s)
        future: asyncio.Future[Transcript] = asyncio.get_running_loop().create_future()
        return future


@dataclasses.dataclass
class Endpointer:
    silent_frames: int = 0
    """Unvoiced frames since the last voiced one (0: the speaker is voicing)."""


class Listener:
    def __init__(self, jobs: Jobs, silent_frames: int = 0) -> None:
        self.jobs = jobs
        self.endpointer = Endpointer(silent_frames)

    def span(self) -> tuple[int, int]:
        return 0, 10

    def audio(self, span: tuple[int, int]) -> np.ndarray:
        return np.zeros(512 * span[1], np.float32)


class Session:
    config = SessionConfig(partial_interval_ms=600)

    def __init__(self) -> None:
        self.events: list[Any] = []
        self.barged: list[str] = []

    def emit(self, event: Any) -> None:
        self.events.append(event)

    def barge_in(self, utterance: LiveUtterance) -> None:
        utterance.barged = True  # as `Session.barge_in` does
        self.barged.append(utterance.turn_id)

    def pause(self, utterance: LiveUtterance) -> None:
        utterance.paused = True  # as `Replies.pause` does
        self.events.append(("pause", utterance.turn_id))

    def resume(self, utterance: LiveUtterance) -> None:
        if utterance.paused and not utterance.barged:  # as `Replies.resume` does
            utterance.paused = False
            self.events.append(("resume", utterance.turn_id))


def partials_started(pool: Pool, silent_frames: int = 0) -> int:
    async def run() -> int:
        jobs = Jobs(pool)
        policy = BargeInPolicy(Session(), Listener(jobs, silent_frames))  # type: ignore[arg-type]
        utterance = LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"),
                                  first_frame=0, onset_s=0.0, last_partial_t=-1e9)
        policy.on_voiced(utterance)
        return len(jobs.quick)

    return asyncio.run(run())


def test_a_partial_starts_on_an_idle_pool_with_slack() -> None:
    assert partials_started(Pool(share=0.0)) == 1
    assert partials_started(Pool(share=PARTIAL_MAX_URGENT_SHARE)) == 1


def test_quick_transcripts_say_how_much_pre_roll_the_audio_has() -> None:
    """The recogniser adds lead silence only where the segment lacks it (`lead_in_s`)."""

    async def run() -> list[float]:
        jobs = Jobs(Pool(0.0))
        policy = BargeInPolicy(Session(), Listener(jobs))  # type: ignore[arg-type]
        partial = LiveUtterance(turn_id="p", timeline=TurnTimeline(turn_id="p"), first_frame=0,
                                onset_s=0.32, last_partial_t=-1e9)
        policy.on_voiced(partial)
        burst = LiveUtterance(turn_id="b", timeline=TurnTimeline(turn_id="b"), first_frame=0,
                              onset_s=0.1, over=Reply(),  # type: ignore[arg-type]
                              voiced_ms=500)
        policy.on_voiced(burst)  # its barge-in check
        return jobs.leads

    assert asyncio.run(run()) == [0.32, 0.1]


def test_no_partial_while_turns_keep_the_pool_busy_or_anything_waits() -> None:
    assert partials_started(Pool(share=PARTIAL_MAX_URGENT_SHARE + 0.01)) == 0
    assert partials_started(Pool(share=0.0, idle=False)) == 0


def test_no_partial_in_the_trailing_silence_the_speculation_is_about_to_cover() -> None:
    """A partial started there would hold the recogniser the speculation needs (one CTranslate2
    worker: its call waits for the partial's)."""
    assert partials_started(Pool(share=0.0), silent_frames=1) == 0
    assert partials_started(Pool(share=0.0), silent_frames=0) == 1


class Said:
    """A playback schedule that has played `text` at any time after `at` (nothing before)."""

    def __init__(self, text: str = "", at: float = 0.0) -> None:
        self.text, self.at = text, at

    def played_text(self, t: float) -> str:
        return self.text if t >= self.at else ""


class Reply:
    """A reply being played."""

    active = True

    def __init__(self, playback: Said | None = None) -> None:
        self.playback = playback or Said()


def decided(text: str, voiced_ms: float, change_db: float | None = None,
            config: SessionConfig | None = None, frication_db: float = -20.0,
            reply_said: str = "") -> list[str]:
    session = Session()
    session.config = config or dataclasses.replace(Session.config, hum_cue=True)
    policy = BargeInPolicy(session, Listener(Jobs(Pool(0.0))))  # type: ignore[arg-type]
    over = Reply(Said(reply_said, at=now() - 0.5))
    utterance = LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"), first_frame=0,
                              onset_s=0.0, over=over, voiced_ms=voiced_ms,  # type: ignore[arg-type]
                              articulation=Articulation(change_db, frication_db))
    policy.heard(utterance, text)
    policy.heard(utterance, text)  # a later speculation of the same burst: decided once
    return session.barged


def test_a_paused_command_over_the_reply_interrupts_on_its_speculation() -> None:
    min_ms = Session.config.barge_in_min_ms
    assert decided("Turn on the kitchen light.", voiced_ms=min_ms) == ["t"]


def test_a_command_in_any_script_over_the_reply_interrupts() -> None:
    # With ASCII-only words a Chinese transcript was no words, i.e. feedback: never a barge-in.
    assert decided("把客厅的灯打开。", voiced_ms=600) == ["t"]
    assert decided("停止。", voiced_ms=200) == ["t"]  # a stop word: less voice


def test_feedback_and_short_bursts_over_the_reply_do_not() -> None:
    min_ms = Session.config.barge_in_min_ms
    assert decided("Mm-hmm.", voiced_ms=900) == []
    assert decided("", voiced_ms=900) == []
    assert decided("Four.", voiced_ms=min_ms - 1) == []
    assert decided("Stop.", voiced_ms=STOP_MIN_VOICED_MS - 1) == []  # a click read as a word


def test_a_short_stop_word_over_the_reply_interrupts() -> None:
    # Over a playing reply the VAD counts ~220 ms of a crisp "Stop." (a ringing timer's test).
    assert decided("Stop.", voiced_ms=STOP_MIN_VOICED_MS) == ["t"]
    assert decided("Be quiet!", voiced_ms=200) == ["t"]
    assert decided("Stop the music.", voiced_ms=200) == []  # a command needs its voice
    assert decided("Stop.", voiced_ms=200, config=SessionConfig(stop_words=[])) == []
    # The reply itself just said it: its own voice leaking back, not the user.
    assert decided("Enough.", voiced_ms=200, reply_said="and that was enough") == []
    assert decided("Enough.", voiced_ms=200, reply_said="the robot went home") == ["t"]


def test_a_burst_without_articulation_does_not_interrupt_whatever_it_was_read_as() -> None:
    # Whisper reads a hum as words ("Hmmmm." -> "I can't remember him."); the sound says none.
    hum_db, words_db = WORDLESS_BELOW_DB - 0.5, WORDLESS_BELOW_DB + 0.5
    assert decided("I can't remember him.", voiced_ms=900, change_db=hum_db) == []
    assert decided("Stop.", voiced_ms=400, change_db=words_db) == ["t"]
    assert decided("Stop.", voiced_ms=400, change_db=None) == ["t"]  # too little voice to tell
    # "Stop." voices one steady vowel between voiceless consonants: its "s" and "t" say words.
    assert decided("Stop.", voiced_ms=400, change_db=hum_db, frication_db=17.0) == ["t"]
    # With no feedback allowed at all, the voice threshold alone decides, as before.
    assert decided("So", voiced_ms=400, change_db=hum_db,
                   config=SessionConfig(backchannels=[], hum_cue=True)) == ["t"]
    # Off (the default): Whisper's reading decides, as before the cue.
    assert decided("I can't remember him.", voiced_ms=900, change_db=hum_db,
                   config=SessionConfig()) == ["t"]


def test_two_checks_hearing_words_still_interrupt_a_burst_the_cue_calls_wordless() -> None:
    # A real word with a long steady vowel can look like a hum; if the user goes on talking,
    # the quick checks on the growing burst decide, as before.
    async def run() -> list[str]:
        session = Session()
        policy = BargeInPolicy(session, Listener(Jobs(Pool(0.0))))  # type: ignore[arg-type]
        utterance = LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"), first_frame=0,
                                  onset_s=0.0, over=Reply(), voiced_ms=300,  # type: ignore[arg-type]
                                  articulation=Articulation(WORDLESS_BELOW_DB - 0.5, -20.0))
        for voiced_ms in (300, 300 + RECHECK_MS):
            utterance.voiced_ms = voiced_ms
            policy.on_voiced(utterance)
            assert utterance.check is not None
            if not utterance.check.done():
                utterance.check.set_result(Transcript(text="Four, stop the music"))
            await asyncio.sleep(0)
        return session.barged

    assert asyncio.run(run()) == ["t"]


def forced(last_check_heard: str) -> list[str]:
    """A burst over the reply checked once, then grown past `backchannel_max_ms`."""

    async def run() -> list[str]:
        session = Session()
        policy = BargeInPolicy(session, Listener(Jobs(Pool(0.0))))  # type: ignore[arg-type]
        utterance = LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"), first_frame=0,
                                  onset_s=0.0, over=Reply(), voiced_ms=500)  # type: ignore[arg-type]
        policy.on_voiced(utterance)  # starts the check
        assert utterance.check is not None
        utterance.check.set_result(Transcript(text=last_check_heard))
        await asyncio.sleep(0)  # its done-callback runs
        utterance.voiced_ms = Session.config.backchannel_max_ms
        policy.on_voiced(utterance)
        return session.barged

    return asyncio.run(run())


def test_long_talk_over_the_reply_interrupts_without_waiting_for_a_second_check() -> None:
    assert forced("Tell me") == ["t"]


def test_a_long_burst_the_check_heard_no_talk_in_does_not_force_its_way_in() -> None:
    # Noise, a hum, the reply's residue through a reverberant room: the checks go on deciding.
    assert forced("") == []
    assert forced(" . ") == []
    assert forced("Thank you very much.") == []  # what Whisper makes of a hum or of residue


def echo(text: str, reply_said: str, said_s_ago: float, voiced_ms: float = 900) -> bool:
    """`echoes_reply` for a burst over a reply that finished saying `reply_said` a while ago."""
    said = Said(reply_said, at=now() - said_s_ago)
    utterance = LiveUtterance(turn_id="t", timeline=TurnTimeline(turn_id="t"), first_frame=0,
                              onset_s=0.0, over=Reply(said), voiced_ms=voiced_ms)  # type: ignore[arg-type]
    return echoes_reply(utterance, text)


def test_the_replys_own_words_heard_during_the_burst_are_echo() -> None:
    story = "Once upon a time there was a little robot"
    assert echo("There was a little.", story, said_s_ago=0.5)
    assert echo("upon a time there is a little", story, said_s_ago=0.5)  # 6 of 7 in order


def test_the_user_is_heard_when_the_words_are_theirs_or_the_reply_said_them_before() -> None:
    question = "Do you mean the kitchen light or the bedroom light?"
    assert not echo("Stop, turn it off.", question, said_s_ago=0.5)
    assert not echo("the bedroom light", question, said_s_ago=5.0)  # said before the burst
    assert not echo("Light.", question, said_s_ago=0.5)  # one word proves nothing
