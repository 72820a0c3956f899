"""The end-of-turn decision: how much trailing silence ends this turn, and why.

Silence alone cannot tell "turn on the kitchen light." (done) from "set a timer for …" (more
to come). When the speculative recognition of the audio so far is ready, four cheap cues are
read from it and combined into one score, which picks the silence that ends the turn:

* grammar: the understanding step found a complete command (no open free-text slot, confident),
  an open or unsure one, or none;
* Whisper's own end of sentence: the transcript ends with ".", "!" or "?" (not "...");
* a dangling last word ("for", "the", "to", "and"): the sentence cannot end there;
* prosody: the pitch falls at the end (`prosody.final_pitch_change`).

A complete command with the end cues ends after `confident_ms`; a complete command with a cue
against waits `early_ms` (the older early endpoint); a dangling word holds the turn open for
`hold_ms` (longer than the plain silence timeout); anything else waits `vad.min_silence_ms`.
The numbers were calibrated on rendered dialogues (`sayso eval dialogue --turn-end`, BENCHMARKS.md).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

from sayso.events import IntentRecognized
from sayso.understanding.understand import Understood

Grammar = Literal["complete", "open", "none"]

MIN_CONFIDENCE = 0.5
"""Intent matches less likely than this (relative to the best) count as "open"."""
DANGLING = frozenset({
    "a", "an", "the", "to", "for", "of", "and", "or", "but", "my", "your", "in", "on", "at",
    "with", "from", "by", "into", "set", "turn", "add", "is", "are", "was", "what", "how",
})
"""Words an English request does not end with: a pause after them is mid-sentence."""
FULL_STOP = re.compile(r"[.!?][\"')\]]*\s*$")
ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")
_WORDS = re.compile(r"[a-z']+")


@dataclasses.dataclass(frozen=True)
class Cues:
    """What the speculative result says about the end of the turn."""

    grammar: Grammar
    punctuated: bool
    """Whisper closed the sentence ("." "!" "?", not "...")."""
    dangling: bool
    """The last word cannot end a request ("for", "the", ...)."""
    pitch_change_st: float | None
    """Final pitch against the utterance median, semitones (negative: a fall); None: unknown."""


@dataclasses.dataclass(frozen=True)
class TurnEndPolicy:
    """Silence needed to end a turn from its cues; every field in ms except the thresholds."""

    confident_ms: int = 160
    """A complete command whose end cues agree (score >= `confident_score`)."""
    early_ms: int = 256
    """A complete command with a cue against it."""
    default_ms: int = 500
    """Anything else: the plain silence timeout (`vad.min_silence_ms`)."""
    hold_ms: int = 800
    """A dangling last word: the speaker is mid-sentence."""
    confident_score: float = 1.0
    """Score a complete command needs for `confident_ms` (0.5 grammar, +0.25 each end cue)."""
    fall_st: float = 1.0
    """Pitch fall that counts as an end cue, semitones."""

    def score(self, cues: Cues) -> float:
        """0..1: how sure the cues are that the turn is over (the dangling word is a veto)."""
        if cues.dangling:
            return 0.0
        fell = cues.pitch_change_st is not None and cues.pitch_change_st <= -self.fall_st
        grammar = 0.5 if cues.grammar == "complete" else 0.0
        return grammar + 0.25 * cues.punctuated + 0.25 * fell

    def silence_ms(self, cues: Cues) -> int:
        """Trailing silence that ends a turn with these cues."""
        if cues.dangling:
            return max(self.hold_ms, self.default_ms)
        if cues.grammar != "complete":
            return self.default_ms
        confident = self.score(cues) >= self.confident_score
        return min(self.confident_ms if confident else self.early_ms, self.default_ms)

    def explain(self, cues: Cues) -> str:
        """One line saying which cues decided (for logs and reports; no transcript words)."""
        pitch = "?" if cues.pitch_change_st is None else f"{cues.pitch_change_st:+.1f} st"
        return (
            f"grammar={cues.grammar} punctuated={cues.punctuated} dangling={cues.dangling} "
            f"pitch={pitch} score={self.score(cues):.2f} -> {self.silence_ms(cues)} ms"
        )


def cues_of(text: str, understood: Understood, pitch_change_st: float | None) -> Cues:
    """Read the cues of a speculative transcript, its understanding and its final pitch."""
    stripped = text.strip()
    words = _WORDS.findall(stripped.lower())
    return Cues(
        grammar=grammar_of(understood),
        punctuated=bool(FULL_STOP.search(stripped)) and not ELLIPSIS.search(stripped),
        dangling=bool(words) and words[-1] in DANGLING,
        pitch_change_st=pitch_change_st,
    )


def grammar_of(understood: Understood) -> Grammar:
    """"complete": a confident command with no open free-text slot; "open": any other match."""
    if not isinstance(understood, IntentRecognized):
        return "none"
    if understood.open_ended or understood.confidence < MIN_CONFIDENCE:
        return "open"
    return "complete"
