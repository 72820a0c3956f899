"""Live-session settings: turn detection, barge-in, echo gating, partial transcripts."""

from __future__ import annotations

import dataclasses

from sayso import constants as C
from sayso.errors import ConfigError

TURN_DETECTION_MODES: tuple[str, ...] = ("server_vad", "manual")
"""`server_vad`: the VAD ends turns; `manual`: the client ends them with `commit()`."""

DEFAULT_BACKCHANNELS: tuple[str, ...] = (
    "mm-hm", "mm-hmm", "mhm", "mm", "hmm", "uh-huh", "uh huh", "yeah", "yep", "okay", "ok",
    "right", "i see", "got it", "alright", "all right", "uh", "um", "ah", "oh",
)
"""Listener feedback that never interrupts a reply (compared after normalisation)."""


@dataclasses.dataclass(frozen=True)
class SessionConfig:
    """How one live session takes turns. Replace it at run time with `Session.update`."""

    turn_detection: str = "server_vad"
    """"server_vad" (VAD endpointing) or "manual" (`commit()` ends the user's turn)."""
    vad_threshold: float = C.VAD_THRESHOLD
    """Speech probability at which a frame counts as voiced, 0..1."""
    silence_ms: int = 500
    """Trailing silence that confirms the end of the user's turn, ms."""
    early_endpoint_ms: int = 256
    """Trailing silence after which the turn ends early when the speculative transcript is a
    complete command the grammar understands (no open free-text slot), ms; 0 disables. People
    leave ~200 ms between turns; waiting `silence_ms` for every command would add ~250 ms. The
    cost: a complete command followed by a longer pause is acted on ("turn on the kitchen …
    light" turns on the kitchen's lights); raise it for slow speakers."""
    prefix_padding_ms: int = 300
    """Audio kept before the detected speech onset, ms."""
    min_speech_ms: int = C.MIN_SPEECH_MS
    """Shortest voiced run that starts an utterance, ms (clicks and breaths are shorter)."""
    barge_in_min_ms: int = 250
    """Voiced speech needed to interrupt a reply, ms."""
    backchannels: tuple[str, ...] = DEFAULT_BACKCHANNELS
    """Words that never interrupt a reply; empty: any speech long enough interrupts at once."""
    backchannel_max_ms: int = 1200
    """Voiced speech after which a burst interrupts even before its transcript is known, ms."""
    echo_gating: bool = True
    """Ignore input that matches the reply being played (the assistant hearing itself)."""
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

    def __post_init__(self) -> None:
        if self.turn_detection not in TURN_DETECTION_MODES:
            raise ConfigError(
                f"turn_detection must be one of {', '.join(TURN_DETECTION_MODES)}, "
                f"got {self.turn_detection!r}"
            )
        for name in ("vad_threshold", "playing_vad_threshold", "echo_correlation"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be in (0, 1], got {getattr(self, name)}")
        for name in ("silence_ms", "min_speech_ms", "barge_in_min_ms", "echo_max_delay_ms"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive, got {getattr(self, name)}")
        if self.prefix_padding_ms < 0 or self.partial_interval_ms < 0:
            raise ConfigError("prefix_padding_ms and partial_interval_ms must not be negative")
        if self.max_utterance_s <= 0:
            raise ConfigError(f"max_utterance_s must be positive, got {self.max_utterance_s}")

    @property
    def manual(self) -> bool:
        """True when the client ends turns."""
        return self.turn_detection == "manual"
