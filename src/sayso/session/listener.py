"""The listening half of a session: input frames → VAD → turn taking, with echo gating.

Runs on the session's event loop. Each frame gets a speech probability from the session's own
VAD instance; while reply audio is playing the frame is also checked against that audio (echo),
and the turn-taking machine decides when the user starts, pauses and finishes. The listener
then starts speculative, partial and barge-in transcriptions and hands finished utterances to
the session (`Host`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import uuid
from collections.abc import Callable
from typing import Protocol

import numpy as np

from sayso.audio.echo_cancel import StreamingCanceller
from sayso.config import SessionConfig
from sayso.constants import FRAME_MS, FRAME_SAMPLES, MS_PER_SECOND, SAMPLE_RATE
from sayso.events import Event, SpeechStarted, now
from sayso.session.articulation import articulation
from sayso.session.audio_input import AudioInput, Frame
from sayso.session.echo import peak_correlation
from sayso.session.recognition import Heard, SpeechJobs
from sayso.session.response import Response
from sayso.session.speculative import Speculator
from sayso.session.timeline import TurnTimeline
from sayso.session.turn_end import turn_end_policy
from sayso.session.utterance import LiveUtterance
from sayso.session.wake_hook import FRAME_S, WakeHook
from sayso.vad.base import VadEngine
from sayso.vad.endpointer import Endpointer, Signal, Thresholds

ECHO_WINDOW_FRAMES: int = 8
"""Input compared with the played reply: 8 frames = 256 ms."""
ECHO_LEAD_S: float = 0.05
"""The reference may run this far ahead of the input (timestamp jitter), seconds."""


class Host(Protocol):
    """What the listener needs from its session."""

    def emit(self, event: Event) -> None:
        """Send an event to the client."""

    def active_response(self) -> Response | None:
        """The reply in progress, if any."""

    def on_voiced(self, utterance: LiveUtterance) -> None:
        """The utterance grew by a voiced frame (barge-in and partial policy)."""

    def on_endpoint(
        self, utterance: LiveUtterance, heard: asyncio.Future[Heard], speculation: str
    ) -> None:
        """The utterance ended; `heard` will hold its transcript and understanding."""

    def preparing(self, utterance: LiveUtterance) -> Callable[[Heard], object] | None:
        """What prepares the reply of a speculation of `utterance`, in its pool job (or None)."""

    def heard_over(self, utterance: LiveUtterance, heard: Heard) -> None:
        """A speculation of speech over the reply finished: it may interrupt now."""


def thresholds(config: SessionConfig) -> Thresholds:
    """Turn-taking thresholds for a session config.

    With cue-based ending on, the endpointer itself waits for the longest silence the policy
    may ask for; the listener ends every turn whose cues ask for less (`Listener._end_of_turn`).
    """
    # The raised threshold keeps the reply's own voice from starting a turn; input that has been
    # through echo cancellation no longer carries it (AEC3 leaves ~30 dB less), while the user's
    # voice over the reply comes out attenuated by its double-talk suppression, so it needs the
    # ordinary threshold to be heard at all.
    raised = config.echo_gating and not config.echo_cancellation
    playing = config.playing_vad_threshold if raised else None
    vad = config.vad
    if config.early_endpoint_ms:
        longest = max(vad.min_silence_ms, turn_end_policy(config).longest_ms)
        vad = dataclasses.replace(vad, min_silence_ms=longest)
    return Thresholds.from_config(vad, playing_threshold=playing)


class Listener:
    """Frames in, utterances out."""

    def __init__(
        self,
        host: Host,
        audio_input: AudioInput,
        vad: VadEngine,
        jobs: SpeechJobs,
        config: SessionConfig,
    ) -> None:
        self.host = host
        self.input = audio_input
        self.vad = vad
        self.jobs = jobs
        self.config = config
        self.endpointer = Endpointer(thresholds(config))
        self.policy = turn_end_policy(config)
        self.speculator: Speculator[Heard] = Speculator()
        self.current: LiveUtterance | None = None
        self.echo_frames = 0
        """Voiced frames ignored as the assistant's own voice."""
        self.bursts_over_reply = 0
        """Utterances that began while a reply was active (barge-in candidates)."""
        self.manual_start = 0
        """First frame of the audio a manual `commit()` will send."""
        self.manual_voiced = 0
        """Voiced frames since then (no endpointer started that turn: the speech gate's measure)."""
        self.wake: WakeHook | None = None
        """The wake word and follow-up gate, when the session uses one."""
        self.floor = 0
        """No utterance starts before this frame (the end of the last wake word)."""
        self.aec: StreamingCanceller | None = None
        """Echo cancellation of the played reply, when on."""

    def update(self, config: SessionConfig) -> None:
        """Apply new settings from the next frame on."""
        self.config = config
        self.endpointer.thresholds = thresholds(config)
        self.policy = turn_end_policy(config)

    def process(self) -> int:
        """Handle every queued frame; returns how many."""
        frames = self.input.frames()
        for frame in frames:
            self._frame(frame)
        return len(frames)

    def _frame(self, frame: Frame) -> None:
        if self.aec is not None:
            frame = self._cancel_echo(frame)
        p = self.vad.probability(frame.samples)
        if self.config.manual:
            self.manual_voiced += p >= self.config.vad.threshold
            # The endpointer's frame numbers stay the input's: a switch to VAD turn taking
            # then cuts its utterances (and measures their pauses) where they are.
            self.endpointer.frame = frame.index + 1
            return
        if self.wake is not None and not self._admitted(frame):
            return
        response = self.host.active_response()
        tail = self.config.echo_max_delay_ms / MS_PER_SECOND
        # A paused reply keeps the raised threshold: the burst that paused it is judged by the
        # same measure as before the pause (its echo check sees silence in the reference).
        playing = bool(
            self.config.echo_gating
            and response
            and (response.paused or response.is_playing(frame.t_end, tail))
        )
        echo = playing and p >= self.endpointer.thresholds.playing_threshold and self._echo(frame)
        self.echo_frames += echo
        for signal in self.endpointer.step(p, playing=playing, echo=echo):
            self._signal(signal, frame)
        if self._end_of_turn():
            return
        utterance = self.current
        if utterance is not None and self.endpointer.in_speech:
            utterance.voiced_ms = self.endpointer.voiced_frames * FRAME_MS
            if frame.index - utterance.first_frame >= self._max_frames():
                self.endpointer.force_endpoint()
                self._endpoint()
            else:
                self.host.on_voiced(utterance)

    def _cancel_echo(self, frame: Frame) -> Frame:
        """The frame with the reply's echo removed; it replaces the held input (ASR hears it)."""
        assert self.aec is not None
        response = self.host.active_response()
        n = len(frame.samples)
        reference = (response.playback.reference(frame.t_end, n / SAMPLE_RATE)
                     if response is not None else np.zeros(n, np.float32))
        cleaned = dataclasses.replace(frame, samples=self.aec.process(frame.samples, reference))
        self.input.replace(cleaned)
        return cleaned

    def _admitted(self, frame: Frame) -> bool:
        """Ask the wake gate; skipped frames still advance the endpointer's frame count."""
        assert self.wake is not None
        admitted, woke = self.wake.admit(frame, self.current is not None)
        if woke:  # the wake word is not part of any command: start over after it
            self.current = None
            self.speculator.discard()
            self.floor = frame.index + 1
        if not admitted or woke:
            self.endpointer.reset()
            self.endpointer.frame = frame.index + 1
            return False
        return True

    def _end_of_turn(self) -> bool:
        """End the turn once the trailing silence reaches what its cues ask for (`turn_end`).

        The policy reads the cues once per speculation, when it is ready. Speech over a reply
        (barge-in rules apply) and sessions with cue-based ending off wait `vad.min_silence_ms`.
        """
        utterance = self.current
        if utterance is None or self.endpointer.silent_frames == 0:
            return False
        needed = self._needed(utterance)
        if self.endpointer.silent_frames * FRAME_MS < needed:
            return False
        utterance.timeline.early_endpoint = needed < self.config.vad.min_silence_ms
        self.endpointer.force_endpoint()
        self._endpoint()
        return True

    def _needed(self, utterance: LiveUtterance) -> float:
        if not self.config.early_endpoint_ms or utterance.over is not None:
            return self.config.vad.min_silence_ms
        if utterance.end_after_ms is None:
            heard = self.speculator.ready()
            if heard is None:
                # The reply needs the recognition anyway: wait for it (the endpointer ends the
                # turn at the longest silence if it never comes).
                return math.inf
            cues = heard.cues().with_paused_ms(utterance.paused_ms)
            utterance.end_after_ms = self.policy.silence_ms(cues)
            utterance.timeline.end_silence_ms = utterance.end_after_ms
            utterance.timeline.turn_end = self.policy.explain(cues)
        return utterance.end_after_ms

    def _echo(self, frame: Frame) -> bool:
        """True when the input around `frame` is mostly the reply being played."""
        response = self.host.active_response()
        if response is None:
            return False
        window = self.input.recent(frame.index + 1, ECHO_WINDOW_FRAMES)
        span = len(window) / SAMPLE_RATE + self.config.echo_max_delay_ms / MS_PER_SECOND
        reference = response.playback.reference(frame.t_end + ECHO_LEAD_S, span + ECHO_LEAD_S)
        ncc, _ = peak_correlation(window, reference)
        return ncc >= self.config.echo_correlation

    def _signal(self, signal: Signal, frame: Frame) -> None:
        if signal is Signal.STARTED:
            self._started()
        elif signal is Signal.SEGMENT_READY and self.current is not None:
            span = self.span()
            utterance = self.current
            utterance.drop_partial()  # the speculation covers all of its audio, and goes first
            audio = self.audio(span)
            if utterance.deferred and self.config.hum_cue:
                # Whisper writes words on a hum: the barge-in asks the sound too (~10 ms numpy)
                utterance.articulation = articulation(audio)
            utterance.silence_from = self.endpointer.voiced_end
            future = self.jobs.recognize(
                audio, self.host.preparing(utterance), voiced_ms=self._voiced_ms(),
                lead_in_s=utterance.lead_in_s,
            )
            self.speculator.start(span, future)
            # Decide the early endpoint the moment the speculation is ready, not on the next
            # input frame (up to a chunk later: 20-40 ms of every command's response gap).
            future.add_done_callback(lambda done: self._speculated(utterance, done))
        elif signal is Signal.RESUMED and self.current is not None:
            self._went_on(self.current)
            self.current.end_after_ms = None
            self.current.drop_prepared()
            self.speculator.discard()
            self.current.timeline.speculations_discarded += 1
        elif signal is Signal.ENDPOINT:
            self._endpoint()

    def _went_on(self, utterance: LiveUtterance) -> None:
        """Speech resumed: the pause it ends counts for the rest of the turn.

        Counted in the endpointer's own frame numbers (its frame just stepped is the first
        voiced one again), as the replay counts a pause's `silence_ms`.
        """
        start, utterance.silence_from = utterance.silence_from, None
        if start is not None:
            pause_ms = (self.endpointer.frame - 1 - start) * FRAME_MS
            utterance.paused_ms = max(utterance.paused_ms, pause_ms)

    def _speculated(self, utterance: LiveUtterance, future: asyncio.Future[Heard]) -> None:
        """A speculation finished (its reply is now being prepared): check the end of turn.

        Speech over the reply is decided on it at once: it is the transcript the endpoint would
        decide on (unless speech resumes), so waiting for the endpoint's silence adds only time.
        """
        if self.speculator.holds(future) and self.current is utterance:
            heard = self.speculator.ready()
            if heard is not None and utterance.deferred:
                self.host.heard_over(utterance, heard)
            self._end_of_turn()

    def _started(self) -> None:
        turn_id = uuid.uuid4().hex[:12]
        onset = self.endpointer.onset
        pad = math.ceil(self.config.vad.speech_pad_ms / FRAME_MS)
        timeline = TurnTimeline(turn_id=turn_id, speech_start=self.input.time_of(onset + 1))
        response = self.host.active_response()
        self.current = LiveUtterance(
            turn_id=turn_id,
            timeline=timeline,
            first_frame=max(onset - pad, self.floor, 0),
            onset_s=onset * FRAME_SAMPLES / SAMPLE_RATE,
            over=response,
            last_partial_t=now(),  # the first partial comes one interval after the onset
        )
        if response is None:
            self.announce(self.current)
        else:
            self.bursts_over_reply += 1
        if self.wake is not None:
            self.wake.speech_started()

    def announce(self, utterance: LiveUtterance) -> None:
        """Emit the utterance's `SpeechStarted` (once)."""
        if not utterance.announced:
            utterance.announced = True
            self.host.emit(SpeechStarted(turn_id=utterance.turn_id, start_s=utterance.onset_s))

    def span(self) -> tuple[int, int]:
        """Frame span of the current utterance's audio."""
        assert self.current is not None
        return self.current.first_frame, self.endpointer.segment_end

    def audio(self, span: tuple[int, int]) -> np.ndarray:
        """Audio of a frame span."""
        return self.input.audio(*span)

    def _endpoint(self) -> None:
        utterance, self.current = self.current, None
        if utterance is None:
            return
        utterance.closed = True
        utterance.drop_quick()
        utterance.end_s = self.endpointer.voiced_end * FRAME_SAMPLES / SAMPLE_RATE
        span = utterance.first_frame, self.endpointer.segment_end
        timeline = utterance.timeline
        timeline.last_voiced = self.input.time_of(self.endpointer.voiced_end)
        timeline.endpoint = now()
        future = self.speculator.take(span)
        speculation = "hit" if future is not None else "miss"
        if future is None:
            utterance.drop_prepared()  # made from other audio
        if self.wake is not None:
            self.wake.turn_ended(self.input_time())
        if future is None:
            future = self.jobs.recognize(self.audio(span), voiced_ms=self._voiced_ms(),
                                         lead_in_s=utterance.lead_in_s)
        self.host.on_endpoint(utterance, future, speculation)

    def commit(self) -> LiveUtterance | None:
        """End the user's turn now (manual mode: everything since the last commit or clear)."""
        self.process()
        end = self.input.next_index
        if self.config.manual:
            first, self.manual_start = self.manual_start, end
            voiced, self.manual_voiced = self.manual_voiced * FRAME_MS, 0
            if end <= first:
                return None
            turn_id = uuid.uuid4().hex[:12]
            timeline = TurnTimeline(turn_id=turn_id, last_voiced=self.input.time_of(end))
            timeline.endpoint = now()
            utterance = LiveUtterance(
                turn_id=turn_id, timeline=timeline, first_frame=first, closed=True,
                onset_s=first * FRAME_SAMPLES / SAMPLE_RATE,
                end_s=end * FRAME_SAMPLES / SAMPLE_RATE,
            )
            future = self.jobs.recognize(self.input.audio(first, end), voiced_ms=voiced)
            self.host.on_endpoint(utterance, future, "none")
            return utterance
        current = self.current
        if current is None or not self.endpointer.force_endpoint():
            return None
        self._endpoint()
        return current

    def clear(self) -> None:
        """Forget queued input and the utterance in progress."""
        self.input.clear()
        self.endpointer.reset()
        self.speculator.discard()
        self.current = None
        self.manual_start = self.input.next_index
        self.manual_voiced = 0
        self.vad.reset()

    def _voiced_ms(self) -> float:
        """Voiced audio of the current utterance, as the endpointer counted it."""
        return self.endpointer.voiced_frames * FRAME_MS

    def input_time(self) -> float:
        """Seconds of input framed so far: the session's input clock (the wake gate's)."""
        return self.input.next_index * FRAME_S

    def _max_frames(self) -> int:
        return math.ceil(self.config.max_utterance_s * SAMPLE_RATE / FRAME_SAMPLES)
