"""The end-of-turn decision: how much trailing silence ends this turn, and why.

Silence alone cannot tell "turn on the kitchen light." (done) from "set a timer for …" (more
to come). When the speculative recognition of the audio so far is ready, four cheap cues are
read from it and combined into one score, which picks the silence that ends the turn:

* grammar: the understanding step found a complete command (no open free-text slot, confident),
  an open or unsure one, or none;
* Whisper's own end of sentence: the transcript ends with ".", "!" or "?" (not "...");
* a dangling last word ("for", "the", "to", "and"): the sentence cannot end there;
* prosody: the pitch falls at the end (`prosody.final_pitch_change`).

The score (0.5 for a complete command, 0.25 each for the full stop and the fall; a dangling
word vetoes) picks the silence from a short table: a confident command ends
soon, a doubtful turn waits longer than the plain silence timeout, a dangling word holds the
turn open. The table was calibrated on rendered dialogues with mid-sentence pauses
(`sayso eval dialogue --turn-end`, BENCHMARKS.md).
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


LEVELS = 5
"""Score levels: 0, 0.25, 0.5, 0.75, 1."""
CALIBRATED_MS: tuple[int, ...] = (1000, 1000, 800, 256, 256)
"""Silence per score level, calibrated (`sayso eval dialogue --turn-end`, BENCHMARKS.md)."""
CALIBRATED_HOLD_MS = 1000
CALIBRATED_FALL_ST = 2.0


@dataclasses.dataclass(frozen=True)
class TurnEndPolicy:
    """Silence needed to end a turn, from the score of its cues."""

    by_score_ms: tuple[int, ...] = CALIBRATED_MS
    """Silence that ends a turn whose score is 0, 0.25, 0.5, 0.75, 1 (non-increasing), ms."""
    hold_ms: int = CALIBRATED_HOLD_MS
    """A dangling last word: the speaker is mid-sentence, ms."""
    fall_st: float = CALIBRATED_FALL_ST
    """Pitch fall that counts as an end cue, semitones."""

    def score(self, cues: Cues) -> float:
        """0..1: how sure the cues are that the turn is over.

        A complete command is worth 0.5, Whisper's full stop and a pitch fall 0.25 each; a
        dangling last word vetoes (0). An open command ("add … to my list": its free text may
        go on) or an unsure one counts as no command.
        """
        if cues.dangling:
            return 0.0
        fell = cues.pitch_change_st is not None and cues.pitch_change_st <= -self.fall_st
        grammar = 0.5 if cues.grammar == "complete" else 0.0
        return grammar + 0.25 * cues.punctuated + 0.25 * fell

    def silence_ms(self, cues: Cues) -> int:
        """Trailing silence that ends a turn with these cues."""
        if cues.dangling:
            return self.hold_ms
        level = min(round(self.score(cues) * (LEVELS - 1)), LEVELS - 1)
        return self.by_score_ms[level]

    @property
    def longest_ms(self) -> int:
        """The longest silence this policy ever waits."""
        return max(self.hold_ms, *self.by_score_ms)

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
