"""Typed events, one dataclass per message, grouped by the boundary they cross."""

from sayso.events.actions import ActionResult, StateChange
from sayso.events.audio import AudioChunk, AudioFrame, SpeechSegment, SpeechStarted, SpeechStopped
from sayso.events.base import Event, Lane, now
from sayso.events.control import Cancel, EndOfStream, ErrorEvent
from sayso.events.reply import ReplyText
from sayso.events.session import (
    BargeIn,
    ListeningChanged,
    PlaybackPaused,
    PlaybackResumed,
    ResponseDone,
    ResponseStarted,
    RingStopped,
    WakeDetected,
)
from sayso.events.speech import Hypothesis, PartialTranscript, Transcript, WordTiming
from sayso.events.understanding import IntentRecognized, NoIntent, Reading, Slot

__all__ = [
    "ActionResult",
    "AudioChunk",
    "AudioFrame",
    "BargeIn",
    "Cancel",
    "EndOfStream",
    "ErrorEvent",
    "Event",
    "Hypothesis",
    "IntentRecognized",
    "Lane",
    "ListeningChanged",
    "NoIntent",
    "PartialTranscript",
    "PlaybackPaused",
    "PlaybackResumed",
    "Reading",
    "ReplyText",
    "ResponseDone",
    "ResponseStarted",
    "RingStopped",
    "Slot",
    "SpeechSegment",
    "SpeechStarted",
    "SpeechStopped",
    "StateChange",
    "Transcript",
    "WakeDetected",
    "WordTiming",
    "now",
]
