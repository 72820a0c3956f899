"""When does the user's speech interrupt the reply? And partial transcripts while they talk.

Speech that starts while a reply is active is held back (not even `SpeechStarted` is sent, since
clients stop their playback on it). It interrupts once it has `barge_in_min_ms` of voiced speech
*and* a quick transcription of the burst is not just listener feedback ("mm-hm", "yeah") nor
the reply's own words leaking back (`echoes_reply`). The check is repeated as the burst grows;
past `backchannel_max_ms` it interrupts without waiting, unless the latest check heard no talk.
With an empty backchannel list the threshold alone decides, at once. A burst whose whole
transcript is a stop word (`session.stop_words`: "Stop.") interrupts with less voice than that,
since the VAD counts less of a short word over a playing reply. A burst that ends without
interrupting is dropped: it never becomes a turn.

The checks take 550 ms of voice and two transcriptions; a person stops talking within ~200 ms of
being interrupted. So with a client that pauses (`session.client_pauses`), a burst pauses the
reply once it has `barge_in_pause_ms` of voice (stage one: the user hears it stop at once), and
the checks then either confirm the barge-in (the reply is cancelled) or, when the burst ends as
feedback, noise or too short, resume it where it stopped (stage two). A burst pauses at most once.

Whisper writes words on a hum ("Hmmmm." → "I can't remember him."), so with `hum_cue` (off by
default: held out it lost about as many real words as it stopped hums) a decision on the
burst's whole transcript (its speculation, its endpoint) also asks the sound: a burst whose
voiced spectral envelope barely moves and that has no frication (`session.articulation`: no
formant transitions, no "s" or "t") has no words and does not interrupt, whatever it was read
as. The quick checks are not gated: two of them hearing words on a growing burst still
interrupt, which is how a real word mistaken for a hum (a drawn-out "fourrr") still gets in
when the user goes on.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from sayso.config import SessionConfig
from sayso.constants import MS_PER_SECOND
from sayso.events import PartialTranscript, Transcript, now
from sayso.runtime.pool import Priority
from sayso.session.listener import Listener
from sayso.session.recognition import is_backchannel, is_stop, normalise
from sayso.session.utterance import LiveUtterance

log = logging.getLogger(__name__)

RECHECK_MS: float = 300.0
"""Voiced speech added to a burst before its backchannel check is repeated, ms."""
PARTIAL_MAX_URGENT_SHARE: float = 0.25
"""Partials are skipped while turns and checks used more than this share of one pool thread
over the last seconds (`PriorityPool.urgent_share`): with one or two sessions they run, with
8 sessions speaking every ~10 s mostly not (BENCHMARKS.md, "Many sessions, round 4")."""
STOP_MIN_VOICED_MS: float = 128.0
"""Voiced speech a stop word (`session.stop_words`) needs to interrupt, ms: four VAD frames, so
a click read as words does not; the whole burst must read as the word."""
SPEECH_CHECKS_TO_INTERRUPT = 2
"""Consecutive checks that must hear words (not a backchannel) before the burst interrupts."""


class Interruptible(Protocol):
    """What the policy needs from its session."""

    config: SessionConfig

    def barge_in(self, utterance: LiveUtterance) -> None:
        """Interrupt the reply the utterance talks over."""

    def pause(self, utterance: LiveUtterance) -> None:
        """Pause the reply the utterance talks over while the checks decide."""

    def resume(self, utterance: LiveUtterance) -> None:
        """Play the paused reply on: the utterance did not interrupt it."""

    def emit(self, event: PartialTranscript) -> None:
        """Send an event to the client."""


class BargeInPolicy:
    """Decides barge-ins and schedules partial transcripts for one session."""

    def __init__(self, session: Interruptible, listener: Listener) -> None:
        self.session = session
        self.listener = listener

    @property
    def config(self) -> SessionConfig:
        """The session's current settings."""
        return self.session.config

    def on_voiced(self, utterance: LiveUtterance) -> None:
        """The utterance grew: maybe interrupt, maybe send a partial transcript."""
        if utterance.over is not None and not utterance.over.active and not utterance.barged:
            utterance.over = None  # the reply ended meanwhile: an ordinary turn now
            self.listener.announce(utterance)
        if utterance.deferred:
            self._maybe_pause(utterance)
            self._consider(utterance)
        elif self.config.partial_interval_ms > 0:
            self._maybe_partial(utterance)

    def interrupts(self, utterance: LiveUtterance, text: str) -> bool:
        """Final say on a burst over the reply once its transcript is known."""
        if utterance.voiced_ms < self.config.barge_in_min_ms and not self._stops(utterance, text):
            return False
        if echoes_reply(utterance, text):
            return False
        if is_backchannel(text, self.config.backchannels):
            return False
        sound = utterance.articulation
        if self.config.hum_cue and self.config.backchannels and sound is not None \
                and sound.wordless:
            # With feedback allowed at all (a non-empty list), a hum is feedback too.
            log.info("no words in the burst over the reply, though read as words: %s", sound)
            return False
        return True

    def _stops(self, utterance: LiveUtterance, text: str) -> bool:
        """A short "Stop." over the reply (the VAD counts less voice while it plays).

        Not when the reply itself just said those words: its own voice leaking back.
        """
        return (utterance.voiced_ms >= STOP_MIN_VOICED_MS
                and is_stop(text, self.config.stop_words)
                and not _recently_played(utterance, text))

    def heard(self, utterance: LiveUtterance, text: str) -> None:
        """The burst paused and was recognised whole (its speculation): decide now.

        The quick checks need two hearings on a growing burst; a command shorter than that
        used to wait for the endpoint's silence (1 s) and its recognition. The speculation is
        that same recognition, 96 ms into the silence.
        """
        if not utterance.deferred:
            return
        if self.interrupts(utterance, text):
            self.session.barge_in(utterance)
        else:
            # Feedback, noise or too short so far: play on. Should the user go on talking, the
            # checks still decide; the reply is not paused a second time for this burst.
            self.session.resume(utterance)

    def _maybe_pause(self, utterance: LiveUtterance) -> None:
        cfg = self.config
        if not cfg.client_pauses or cfg.barge_in_pause_ms <= 0 or utterance.pause_tried:
            return
        if cfg.echo_cancellation:
            # Not with sayso's own echo canceller (yet): over a loud echo, pausing cost 3-4 of 20
            # detected barge-ins in `sayso bench echo` (15, 16 vs 19 of 20 without), unexplained.
            return
        if utterance.voiced_ms >= cfg.barge_in_pause_ms:
            utterance.pause_tried = True
            self.session.pause(utterance)

    def _consider(self, utterance: LiveUtterance) -> None:
        cfg = self.config
        if utterance.voiced_ms < cfg.barge_in_min_ms:
            return
        if not cfg.backchannels:
            self.session.barge_in(utterance)
            return
        if utterance.voiced_ms >= cfg.backchannel_max_ms and not utterance.quiet_check:
            # Long enough that it is talk, whatever the slower checks will say, unless the last
            # one heard no talk: then it is a hum, noise or the reply's own residue through a
            # reverberant room (BENCHMARKS.md, "Round 8, lead"), and the checks go on deciding.
            self.session.barge_in(utterance)
            return
        check = utterance.check
        grown = utterance.voiced_ms - utterance.check_voiced_ms >= RECHECK_MS
        if check is None or (check.done() and grown):
            audio = self.listener.audio(self.listener.span())
            check_at = Priority.INTERACTIVE  # a reply is being talked over: decide soon
            utterance.check = self.listener.jobs.transcribe_quick(
                audio, check_at, lead_in_s=utterance.lead_in_s)
            utterance.check_voiced_ms = utterance.voiced_ms
            utterance.check.add_done_callback(lambda f: self._checked(utterance, f))

    def _checked(self, utterance: LiveUtterance, future: asyncio.Future[Transcript]) -> None:
        if future.cancelled() or not utterance.deferred:
            return
        if future.exception() is not None:
            log.warning("barge-in check failed: %r", future.exception())
            return
        text = future.result().text
        utterance.quiet_check = True
        if echoes_reply(utterance, text):
            utterance.speech_checks = 0
            log.debug("the reply's own words over the reply")
            return
        if is_backchannel(text, self.config.backchannels):
            utterance.speech_checks = 0
            log.debug("backchannel over the reply: %r", text)
            return
        # Whisper hallucinates words on the first fraction of a hum ("Amen", "And then we..."), so
        # one check is not enough: two in a row, the second on more audio. A short real command
        # that ends before the second check is still decided at its endpoint, on all its audio.
        utterance.quiet_check = False
        utterance.speech_checks += 1
        if utterance.speech_checks >= SPEECH_CHECKS_TO_INTERRUPT:
            self.session.barge_in(utterance)

    def _maybe_partial(self, utterance: LiveUtterance) -> None:
        t = now()
        interval = self.config.partial_interval_ms / MS_PER_SECOND
        busy = utterance.partial is not None and not utterance.partial.done()
        if busy or t - utterance.last_partial_t < interval:
            return
        if self.listener.endpointer.silent_frames:
            # The trailing silence: the speculation of the same audio starts within
            # `vad.trail_pad_ms`, and a partial started now would hold the recogniser it needs.
            return
        pool = self.listener.jobs.pool
        if not pool.idle() or pool.urgent_share() > PARTIAL_MAX_URGENT_SHARE:
            # Partials must never delay a final transcript (ours or another session's): not
            # while anything waits, and not while turns keep the pool busy (many sessions), as
            # a started partial holds the recogniser until it is done.
            return
        utterance.last_partial_t = t
        audio = self.listener.audio(self.listener.span())
        utterance.partial = self.listener.jobs.transcribe_quick(
            audio, lead_in_s=utterance.lead_in_s)
        utterance.partial.add_done_callback(lambda f: self._partial_done(utterance, f))

    def _partial_done(self, utterance: LiveUtterance, future: asyncio.Future[Transcript]) -> None:
        if future.cancelled() or future.exception() is not None or utterance.closed:
            return
        text = future.result().text
        if text:
            self.session.emit(PartialTranscript(turn_id=utterance.turn_id, text=text))


ECHO_MIN_WORDS = 2
"""Shorter transcripts are not compared with the reply (one shared word proves nothing)."""
ECHO_WORD_SHARE = 0.7
"""Share of a burst's words found, in order, among the reply's words played meanwhile, from
which the burst is the reply's own voice leaking through (a reverberant room defeats the
canceller and the echo check; Whisper then reads the reply: "There was a little." over "Once
upon a time there was a little robot"; BENCHMARKS.md, "Round 8, lead")."""
ECHO_SLACK_S = 1.5
"""The reply's words played this long before the burst began still count (reverberation,
the loudspeaker's latency, the VAD's onset)."""


def echoes_reply(utterance: LiveUtterance, text: str) -> bool:
    """True when `text` is mostly the reply's words played while the burst was heard.

    Only the words played during the burst (plus `ECHO_SLACK_S`) are compared: a user who
    answers with words the reply said earlier ("the bedroom light") is still heard.
    """
    words = normalise(text).split()
    if utterance.over is None or len(words) < ECHO_MIN_WORDS:
        return False
    return _in_order(words, _played_meanwhile(utterance)) >= ECHO_WORD_SHARE * len(words)


def _recently_played(utterance: LiveUtterance, text: str) -> bool:
    """True when the reply played `text`'s words while the burst was heard ("stop" in a story)."""
    words = normalise(text).split()
    return bool(words) and _in_order(words, _played_meanwhile(utterance)) == len(words)


def _played_meanwhile(utterance: LiveUtterance) -> list[str]:
    """The reply's words played during the burst, plus `ECHO_SLACK_S` before it."""
    reply = utterance.over
    if reply is None:
        return []
    t = now()
    window_s = utterance.voiced_ms / MS_PER_SECOND + ECHO_SLACK_S
    played = normalise(reply.playback.played_text(t)).split()
    before = len(normalise(reply.playback.played_text(t - window_s)).split())
    return played[before:]


def _in_order(words: list[str], reference: list[str]) -> int:
    """Length of the longest common subsequence of two word lists."""
    row = [0] * (len(reference) + 1)
    for word in words:
        diagonal = 0
        for j, ref in enumerate(reference, start=1):
            diagonal, row[j] = row[j], diagonal + 1 if word == ref else max(row[j], row[j - 1])
    return row[-1]
