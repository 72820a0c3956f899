"""Settings of a live session and its wake word."""

from __future__ import annotations

import dataclasses
import math

from sayso.config.speech import VadConfig
from sayso.errors import ConfigError

TURN_DETECTION_MODES: tuple[str, ...] = ("server_vad", "manual")
"""`server_vad`: the VAD ends turns; `manual`: the client ends them with `commit()`."""

WAKE_MODELS: tuple[str, ...] = ("hey_jarvis", "alexa", "hey_mycroft", "hey_rhasspy")
"""openWakeWord's pre-trained models (the `wake` extra); a path to an .onnx model works too."""


@dataclasses.dataclass(frozen=True)
class WakeConfig:
    """The optional wake word in front of live turn taking (`wake:`); off by default."""

    enabled: bool = False
    """Listen for the wake word before a command (live sessions, Wyoming `detect`)."""
    engine: str = "openwakeword"
    """Registered wake-word engine."""
    model: str = "hey_jarvis"
    """A pre-trained model name (see `WAKE_MODELS`) or the path of an openWakeWord .onnx model."""
    threshold: float = 0.5
    """Model score (0..1) at which the phrase counts as said."""
    listen_s: float = 5.0
    """After the wake word, how long sayso waits for the command to start, seconds."""
    follow_up_s: float = 6.0
    """After a reply, how long the user may speak again without the wake word, seconds; 0
    disables (a question sayso asked keeps listening until the answer regardless)."""

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError(f"wake.threshold must be in (0, 1), got {self.threshold}")
        if not (math.isfinite(self.listen_s) and self.listen_s > 0):
            raise ConfigError(f"wake.listen_s must be a positive number, got {self.listen_s}")
        if not (math.isfinite(self.follow_up_s) and self.follow_up_s >= 0):
            raise ConfigError(f"wake.follow_up_s must not be negative, got {self.follow_up_s}")
        if not self.model.strip():
            raise ConfigError("wake.model must name a model or an .onnx file")


DEFAULT_BACKCHANNELS: tuple[str, ...] = (
    "mm-hm", "mm-hmm", "mhm", "mm", "hmm", "uh-huh", "uh huh", "yeah", "yep", "okay", "ok",
    "right", "i see", "got it", "alright", "all right", "uh", "um", "ah", "oh",
    "thank you", "thank you very much", "thanks", "amen",
)
"""Listener feedback that never interrupts a reply (compared after normalisation).

"Thank you" over a reply is politeness, not a request, and it is also what Whisper writes for a
hum ("Hmmmm." → "Thank you.", "Amen."): 5 of the 6 rendered hums that interrupted a reply in
`scripts/barge_in_checks.py` had "Thank you." as a check (BENCHMARKS.md, "Round 6, lead")."""

DEFAULT_STOP_WORDS: tuple[str, ...] = (
    "stop", "stop it", "stop that", "stop talking", "stop please", "please stop", "quiet",
    "be quiet", "shut up", "enough",
    "stopp", "halt", "hör auf", "sei still", "ruhe",  # de
    "arrête", "arrête toi", "arrêtez", "tais toi", "chut",  # fr
    "para", "basta", "detente", "cállate", "alto",  # es
    "停", "停止", "别说了", "安静",  # zh
)
"""Said over a reply, these interrupt it even when shorter than `barge_in_min_ms`, and they are
the whole request: the reply stops and nothing more is said, unless sayso asked something (the
words answer it). While a timer or alarm rings (it has been said), any of them stops the ring
too, over a reply or not. A crisp "Stop." has ~220 ms of voice that the VAD counts over a
playing reply, under the 250 ms any other speech needs. English, German, French, Spanish and
Chinese: the languages whose Home Assistant sentences sayso is measured on. Not "cancel": said
over "Timer set for 5 minutes." it may mean the timer."""


@dataclasses.dataclass(frozen=True)
class SessionConfig:
    """Live sessions: turn taking, barge-in, echo gating, partial transcripts (`session:`).

    Replace it at run time with `Session.update`.
    """

    turn_detection: str = "server_vad"
    """"server_vad" (VAD endpointing) or "manual" (`commit()` ends the user's turn)."""
    vad: VadConfig = VadConfig()
    """Endpointing (threshold, silence, padding): the `vad:` section, which file turns use too;
    a Realtime client may change it per session (`turn_detection`)."""
    early_endpoint_ms: int = 256
    """Trailing silence that ends a turn its cues call "sure" over (a fitted probability,
    `session/turn_end.py`: grammar, Whisper's end of sentence, pitch, lengthening), ms; 0 turns
    cue-based ending off (every turn then waits `vad.min_silence_ms`). The turn cannot end
    before its speculative recognition is ready."""
    doubtful_endpoint_ms: int = 800
    """Trailing silence that ends a turn its cues call "likely" over, ms."""
    open_endpoint_ms: int = 800
    """Least trailing silence that ends a turn that is no complete command (a question, open
    speech, a free-text slot), whatever its cues, ms. People pause ~500 ms mid-sentence; only
    a command's words say the turn is over sooner (BENCHMARKS.md, "Real speech pauses"). So a
    lower `doubtful_endpoint_ms` speeds up "likely" commands without cutting questions."""
    mid_pause_ms: int = 224
    """A turn in which the user already paused at least this long and went on is at most
    "likely" (`doubtful_endpoint_ms`), whatever its cues: whoever paused once mid-command
    pauses again ("set the | thermostat to | twenty two | degrees"); 0 turns this off. A command
    said in one go has no such pause (`session/turn_end.py`, `MID_PAUSE_MS`), ms."""
    amounts_wait: bool = True
    """A command that ends in an amount another amount may follow ("set a timer for ninety
    minutes" → "… and thirty seconds") is at most "likely" (`doubtful_endpoint_ms`), whatever
    its cues: people say a compound amount in two breaths (`TurnEndPolicy.amounts_wait`)."""
    mixed_endpoint_ms: int = 1000
    """Trailing silence that ends a turn its cues call "maybe" over, ms."""
    unsure_endpoint_ms: int = 1000
    """Trailing silence that ends any other turn, ms. Longer than `vad.min_silence_ms`: people
    pause mid-sentence for 250-800 ms ("set the thermostat to twenty … two degrees"); a
    question to the LLM may wait this long."""
    hold_endpoint_ms: int = 1000
    """Trailing silence that ends a turn whose last word cannot end a request ("set a timer
    for …"), ms. The five values and the tiers' probabilities were calibrated on rendered
    turns with mid-sentence pauses (`sayso eval dialogue … --turn-end`, BENCHMARKS.md)."""
    turn_model: str | bool = "off"
    """The audio end-of-turn model (`vad/turn_model.py`: Smart Turn v3), whose "not
    finished" holds a turn the other cues call sure: "off" (the default: held out it cut no
    fewer turns, BENCHMARKS.md, "Real speech pauses"), "auto" (where its file is found:
    put in the cache by `sayso turn-model --fetch`, or in an installed Pipecat) or its path.
    YAML's bare `off` / `on` (false / true) read as "off" / "auto". Read when the assistant
    loads (every session shares the model), not per session."""
    prepare_replies: bool = True
    """While the trailing silence runs, plan a speculative command's action (changing nothing)
    and synthesise its reply's first sentence, so the reply is ready at the endpoint."""
    prepare_llm: bool = True
    """With `prepare_replies`: start the LLM's answer to an utterance no intent matched on the
    speculative transcript; the turn takes it if it ends on the same words (`llm/prefetch.py`).
    With a remote LLM this sends the speculative transcript early (and again if it changes)."""
    barge_in_min_ms: int = 250
    """Voiced speech needed to interrupt a reply, ms."""
    backchannels: tuple[str, ...] = DEFAULT_BACKCHANNELS
    """Words that never interrupt a reply; empty: any speech long enough interrupts at once."""
    stop_words: tuple[str, ...] = DEFAULT_STOP_WORDS
    """Words that stop a reply however short (compared after normalisation; see above)."""
    hum_cue: bool = False
    """Also ask the sound whether a burst over the reply has words (`session/articulation.py`):
    a still spectral envelope without frication is a hum and does not interrupt on its
    speculation or endpoint, whatever Whisper read. Off by default: on held-out voices and
    speakers it stopped 1 more of 36 hums and lost 2 of 74 real one-word barge-ins (FSDD
    digits), and a drawn-out "Four." no longer interrupted (BENCHMARKS.md, "Hums do not barge
    in (issue 15, round 9)")."""
    backchannel_max_ms: int = 1200
    """Voiced speech after which a burst interrupts even before its transcript is known, ms."""
    barge_in_pause_ms: int = 96
    """Voiced speech over a reply after which a client that pauses (`client_pauses`) is told to
    pause it at once (`PlaybackPaused`), while the checks above decide: a confirmed barge-in
    cancels it, feedback or noise resumes it where it stopped. ms; 0: never pause (the reply
    plays on until a barge-in is confirmed). Speech starts after `vad.min_speech_ms`, so values
    below it act as it. At 96 the reply stops 245-289 ms after the user starts (was 0.66-4 s);
    hums pause it too and resume ~0.7 s later, and longer waits barely change that
    (BENCHMARKS.md, "Barge-in reaction (issue 15, round 7)"). Not with `echo_cancellation`:
    there it cost detected barge-ins (same section)."""
    client_pauses: bool = False
    """The client pauses and resumes its playback when told (the page, `sayso talk`, the
    simulated call do; a plain OpenAI Realtime client does not and sets nothing)."""
    echo_gating: bool = True
    """Ignore input that matches the reply being played (the assistant hearing itself)."""
    echo_cancellation: bool = False
    """Cancel the played reply from the input (WebRTC AEC3, the `aec` extra) before anything
    listens to it: for a loudspeaker without an echo canceller of its own (`sayso talk` turns it
    on when installed). Browsers cancel echo themselves (`echoCancellation`)."""
    playing_vad_threshold: float = 0.8
    """Raised speech threshold while reply audio is playing (margin against residual echo)."""
    echo_correlation: float = 0.5
    """Normalised cross-correlation with the played reply above which input counts as echo."""
    echo_max_delay_ms: int = 300
    """Longest loudspeaker → microphone delay searched by the echo check, ms."""
    partial_interval_ms: int = 600
    """Re-transcribe the speech so far this often while the user talks, ms; 0 disables."""
    max_utterance_s: float = 30.0
    """An utterance is ended after this long even if the user keeps talking, seconds."""
    wake: WakeConfig = WakeConfig()
    """The wake word and follow-up window: the `wake:` section; a Realtime client may turn it on
    per session (`session.sayso.wake`)."""

    def __post_init__(self) -> None:
        if self.turn_detection not in TURN_DETECTION_MODES:
            raise ConfigError(
                f"turn_detection must be one of {', '.join(TURN_DETECTION_MODES)}, "
                f"got {self.turn_detection!r}"
            )
        if isinstance(self.turn_model, bool):  # YAML reads a bare off / on as a boolean
            object.__setattr__(self, "turn_model", "auto" if self.turn_model else "off")
        if not str(self.turn_model).strip():
            raise ConfigError('session.turn_model must be "auto", "off" or the path of a model')
        # Comparisons are written so that NaN fails them too; infinities are refused as well.
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(f"session.{f.name} must be a finite number, got {value}")
        for name in ("playing_vad_threshold", "echo_correlation"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ConfigError(f"session.{name} must be in (0, 1], got {getattr(self, name)}")
        for name in ("barge_in_min_ms", "echo_max_delay_ms", "max_utterance_s"):
            if not getattr(self, name) > 0:
                raise ConfigError(f"session.{name} must be positive, got {getattr(self, name)}")
        for name in ("early_endpoint_ms", "doubtful_endpoint_ms", "mixed_endpoint_ms",
                     "unsure_endpoint_ms", "open_endpoint_ms", "mid_pause_ms",
                     "hold_endpoint_ms", "partial_interval_ms", "backchannel_max_ms",
                     "barge_in_pause_ms"):
            if not getattr(self, name) >= 0:
                raise ConfigError(f"session.{name} must not be negative, got {getattr(self, name)}")

    @property
    def manual(self) -> bool:
        """True when the client ends turns."""
        return self.turn_detection == "manual"
