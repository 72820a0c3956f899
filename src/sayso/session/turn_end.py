"""The end-of-turn decision: how much trailing silence ends this turn, and why.

Silence alone cannot tell "turn on the kitchen light." (done) from "set a timer for …" (more
to come). When the speculative recognition of the audio so far is ready, cheap cues are read
from it (`Cues`) and a logistic model (`EndModel`, fitted by `sayso eval dialogue --turn-end`)
turns them into one number, the probability that the speaker is done. That probability picks
the silence that ends the turn from four tiers; a last word a request cannot end with ("for",
"the") vetoes and holds the turn open, and only a complete command is ever "sure" (real
sentences cut mid-way read as over to the other cues). Every cue's contribution (in log-odds)
is written to the turn's timeline (`explain`), so a turn that ended too soon says which cue was
wrong.

The cues:

* grammar: a complete command (no open free-text slot, confident), an open or unsure one, or
  none; and whether the grammar allows a longer sentence from the words so far ("twenty" → "twenty
  two", "turn off the lights" → "… in the kitchen"); a command that ends in an amount another
  amount may follow ("set a timer for ninety minutes" → "… and thirty seconds") is at most
  "likely" (`TurnEndPolicy.amounts_wait`);
* Whisper's own end of sentence: the probability of ".", "?", "!" or end-of-text right after the
  last word, and of "," or "..." (a pause, more to come) (`SentenceEndScorer`), and the full
  stop in the transcript;
* prosody (`prosody.py`): the pitch fall at the end, and final lengthening (the last voiced
  stretch against the speaker's usual one);
* the turn so far: a speaker who already paused mid-turn and went on (`Cues.paused_ms`) is not
  trusted to be done after a short silence: such a turn is at most "likely" (`MID_PAUSE_MS`).
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Literal

from sayso.config import SessionConfig
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
_WORDS = re.compile(r"[a-z0-9']+")
"""Words and numbers ("set the thermostat to 20": the last word is "20", not "to")."""
LOGIT_CLIP = 6.0
"""Whisper's probabilities enter the model as log-odds clipped to ±6 (p 0.0025..0.9975):
beyond that the decoder's numbers say nothing more about a pause."""
PITCH_CLIP_ST = 6.0
"""Pitch changes enter clipped to ±6 semitones."""
OCTAVE_ERROR_ST = 8.0
"""A change beyond ±8 semitones is the tracker jumping an octave (12 st), not the voice: the
cue is then unknown (on the calibration half: AUC 0.81 this way, 0.78 clipped)."""
LENGTHENING_CLIP = 2.0
"""Final lengthening enters as log2 of the ratio, clipped to ±2 (a quarter to four times)."""


@dataclasses.dataclass(frozen=True)
class Cues:
    """What the speculative result says about the end of the turn (None: not measured)."""

    grammar: Grammar
    punctuated: bool
    """Whisper closed the sentence ("." "!" "?", not "...")."""
    dangling: bool
    """The last word cannot end a request ("for", "the", ...)."""
    pitch_change_st: float | None
    """Final pitch against the utterance median, semitones (negative: a fall)."""
    end_prob: float | None = None
    """Whisper's probability that the sentence ends after the last word heard."""
    pause_prob: float | None = None
    """Whisper's probability of "," or "..." after the last word heard (it goes on)."""
    continues: str | None = None
    """The words are a complete grammar sentence that can go on: "words" ("… in the kitchen"),
    "number" ("twenty" → "twenty two"), "amount" ("… ninety minutes" → "… and thirty
    seconds"), "no"; None: no complete sentence."""
    lengthening: float | None = None
    """The last voiced stretch against the utterance's median stretch (1: as usual)."""
    turn_prob: float | None = None
    """The audio end-of-turn model's P(complete) (`vad/turn_model.py`, Smart Turn v3)."""
    paused_ms: float | None = None
    """The longest silence earlier in this turn that the speaker went on after, ms (0: none;
    None: not measured). Read by the listener, not the recognition (`with_paused_ms`)."""

    def with_paused_ms(self, paused_ms: float) -> Cues:
        """These cues with the longest of the turn's earlier pauses (`paused_ms`)."""
        return dataclasses.replace(self, paused_ms=paused_ms)


FEATURES = ("complete", "more_words", "more_digits", "end", "pause", "stop", "fall", "long")
"""The model's inputs, in weight order (`features`). An open command ("add … to my list", a
free-text slot) has no input of its own: more words may belong to it, so it counts as no
command whatever a calibration set says about how often people stop there."""


def features(cues: Cues) -> tuple[float, ...]:
    """The cues as model inputs (a cue not measured is 0: it moves nothing)."""
    end = 0.0 if cues.end_prob is None else _logit(cues.end_prob)
    pause = 0.0 if cues.pause_prob is None else _logit(cues.pause_prob)
    change = cues.pitch_change_st
    known = change is not None and abs(change) <= OCTAVE_ERROR_ST
    fall = -_clip(change, PITCH_CLIP_ST) if known and change is not None else 0.0
    long = 0.0
    if cues.lengthening is not None and cues.lengthening > 0:
        long = _clip(math.log2(cues.lengthening), LENGTHENING_CLIP)
    return (
        float(cues.grammar == "complete"),
        float(cues.continues in ("words", "amount")),  # the model was fitted before "amount"
        float(cues.continues == "number"),
        end,
        pause,
        float(cues.punctuated),
        fall,
        long,
    )


@dataclasses.dataclass(frozen=True)
class EndModel:
    """Logistic regression: P(the turn is over | cues) = sigmoid(bias + weights · features)."""

    weights: tuple[float, ...]
    """One per `FEATURES` entry, log-odds per unit."""
    bias: float

    def log_odds(self, cues: Cues) -> float:
        """The model's log-odds that the turn is over."""
        return self.bias + sum(w * x for w, x in zip(self.weights, features(cues), strict=True))

    def probability(self, cues: Cues) -> float:
        """P(the turn is over | cues)."""
        return 1.0 / (1.0 + math.exp(-self.log_odds(cues)))

    def contributions(self, cues: Cues) -> str:
        """Each cue's share of the log-odds ("complete+2.1 end+1.3 ..."), non-zero ones only."""
        parts = [f"{name}{w * x:+.1f}" for name, w, x in
                 zip(FEATURES, self.weights, features(cues), strict=True) if w * x]
        return " ".join([f"bias{self.bias:+.1f}", *parts])


FITTED = EndModel(
    weights=(0.79, -0.34, -2.309, -0.07, -1.429, 1.308, 0.563, -0.174), bias=-5.105
)
"""Fitted on the calibration half of `data/scenarios/turn_end.yaml` (BENCHMARKS.md, "End of
turn, round 3"): `sayso eval dialogue src/sayso/data/scenarios/turn_end.yaml --turn-end`.
Whisper's pause probability carries most of it (-1.4 per unit of its log-odds), then a round
ten the grammar can extend (-2.3), the full stop and the pitch fall; with the pause probability
in, Whisper's end probability adds nothing (-0.07), and lengthening came out slightly negative
(rendered voices lengthen before a comma too)."""
CUT_POINTS: tuple[float, float, float] = (0.7, 0.35, 0.2)
"""P(over) at or above which a turn is "sure", "likely", "maybe" (else "unsure"), calibrated
with `FITTED` and `CALIBRATED_MS`; each tier has its own silence (`TurnEndPolicy.by_tier_ms`).
"Sure" was 0.8 until round 20: with the amount rule (`TurnEndPolicy.amounts_wait`), 0.7 is the
lowest that cuts no more turns of the four-phase calibration half (0.65 cuts two more), and
the report half cuts the same 6 / 368 (BENCHMARKS.md, "Amounts in two breaths")."""
ROUND_19_CUT_POINTS: tuple[float, float, float] = (0.8, 0.35, 0.2)
"""The cut points shipped until round 20, kept for the report's comparison rows."""
TIERS = ("unsure", "maybe", "likely", "sure")
CALIBRATED_MS: tuple[int, int, int, int] = (1000, 1000, 800, 256)
"""Silence per tier (unsure, maybe, likely, sure), ms (`SessionConfig` holds the live ones).
A turn that is no complete command waits at least `CALIBRATED_OPEN_MS` whatever its tier."""
CALIBRATED_HOLD_MS = 1000
CALIBRATED_OPEN_MS = 800
"""Least silence that ends a turn that is no complete command, ms (`TurnEndPolicy.open_ms`)."""
AUDIO_VETO = 0.2
"""Smart Turn's P(complete) below which a turn is not "sure" whatever the other cues say
(`vad/turn_model.py`). An audio model's veto, not one more input of the fitted model: fitted as
an input it got a weight of 0.05-0.18 log-odds per unit (the rendered calibration turns are
pieces rendered apart, each ending like a finished sentence, so an audio model hears their
pauses as ends). 0.2 was chosen on the calibration halves (real cut-offs 14 -> 8 of 35); the
report halves did not move, so the model is off by default (BENCHMARKS.md, "Real speech
pauses")."""
VETOED_TIER = 2
"""The highest tier a vetoed turn, one that is no complete command, one the speaker already
paused in (`MID_PAUSE_MS`) or one that ends in an amount another can follow gets ("likely")."""
MID_PAUSE_MS = 224
"""A turn in which the speaker already paused at least this long and went on is at most
"likely": whoever paused once mid-command pauses again ("Set the | thermostat to | twenty two
| degrees"), and the cues of a pause after "twenty two" read as done. 224 ms (7 VAD frames):
within the 200-250 ms by which speech research tells a silent pause from the gaps of fluent
speech, and above every gap the VAD found inside fluent speech here (<= 128 ms in 300 real FSDD
words and 96 renders of the bench's commands, 192 ms once in 14 live bench commands), so a
command said in one go keeps its "sure" (BENCHMARKS.md, "A speaker who paused", round 19)."""


@dataclasses.dataclass(frozen=True)
class TurnEndPolicy:
    """Silence needed to end a turn, from the probability that it is over."""

    by_tier_ms: tuple[int, ...] = CALIBRATED_MS
    """Silence that ends an unsure, maybe, likely or sure turn (non-increasing), ms."""
    hold_ms: int = CALIBRATED_HOLD_MS
    """A dangling last word: the speaker is mid-sentence, ms."""
    model: EndModel = FITTED
    cut_points: tuple[float, ...] = CUT_POINTS
    """P(over) thresholds of the sure, likely and maybe tiers (non-increasing)."""
    audio_veto: float | None = AUDIO_VETO
    """The audio end-of-turn model's P(complete) below which the turn is at most "likely"
    (None: its cue, where measured, moves nothing)."""
    sure_needs_command: bool = True
    """Only a complete command is ever "sure"; any other turn is at most "likely". Without a
    command nothing but Whisper's and the voice's cues says the turn is over, and on real
    speech they called 37 % of sentences over at a mid-sentence pause (BENCHMARKS.md, "Real
    speech pauses")."""
    open_ms: int = CALIBRATED_OPEN_MS
    """With `sure_needs_command`: the least silence that ends a turn that is no complete
    command (a question, open speech, a free-text slot), whatever its tier. People pause
    ~500 ms mid-sentence (the real Cathy cuts), so only a command's words may end a turn
    sooner; a "likely" command may then get a shorter silence than a "likely" question."""
    mid_pause_ms: int = MID_PAUSE_MS
    """A turn with an earlier pause at least this long (`Cues.paused_ms`) is at most "likely";
    0: earlier pauses change nothing."""
    amounts_wait: bool = True
    """A command that ends in an amount the grammar lets another amount follow ("set a timer
    for ninety minutes" → "… and thirty seconds", `Cues.continues` "amount") is at most
    "likely". People say a compound amount in two breaths, and the cues of the first breath's
    end read as done (P(over) 0.85-0.97 for "ninety minutes" cut at 384-512 ms): a timer set
    from its first half is a wrong timer. The cost is a timer command's speed: 1 % of Home
    Assistant's English test sentences end so (BENCHMARKS.md, "Amounts in two breaths")."""

    def tier(self, cues: Cues) -> int:
        """0 (unsure) .. 3 (sure)."""
        tier = self._by_probability(cues)
        limited = self.capped(cues) or self.vetoed(cues) or self.held(cues)
        return min(tier, VETOED_TIER) if limited else tier

    def _by_probability(self, cues: Cues) -> int:
        p = self.model.probability(cues)
        return len(self.cut_points) - sum(p < c for c in self.cut_points)

    def capped(self, cues: Cues) -> bool:
        """Not a complete command, so not "sure" (`sure_needs_command`)."""
        return self.sure_needs_command and cues.grammar != "complete"

    def vetoed(self, cues: Cues) -> bool:
        """The audio model hears an unfinished turn (`audio_veto`)."""
        veto, heard = self.audio_veto, cues.turn_prob
        return veto is not None and heard is not None and heard < veto

    def paused(self, cues: Cues) -> bool:
        """The speaker already paused mid-turn and went on (`mid_pause_ms`)."""
        earlier = cues.paused_ms
        return bool(self.mid_pause_ms) and earlier is not None and earlier >= self.mid_pause_ms

    def held(self, cues: Cues) -> bool:
        """More may come whatever the cues say: an earlier pause or an amount."""
        return self.paused(cues) or self.amounted(cues)

    def amounted(self, cues: Cues) -> bool:
        """The command ends in an amount another amount may follow (`amounts_wait`)."""
        return self.amounts_wait and cues.continues == "amount"

    def silence_ms(self, cues: Cues) -> int:
        """Trailing silence that ends a turn with these cues."""
        if cues.dangling:
            return self.hold_ms
        silence = self.by_tier_ms[self.tier(cues)]
        return max(silence, self.open_ms) if self.capped(cues) else silence

    @property
    def longest_ms(self) -> int:
        """The longest silence this policy ever waits."""
        return max(self.hold_ms, self.open_ms, *self.by_tier_ms)

    def explain(self, cues: Cues) -> str:
        """One line saying which cues decided (for logs and reports; no transcript words)."""
        if cues.dangling:
            return f"dangling last word -> hold {self.hold_ms} ms"
        p = self.model.probability(cues)
        audio = "" if cues.turn_prob is None else f" audio_p={cues.turn_prob:.2f}"
        veto = " vetoed" if self.vetoed(cues) else ""
        veto += " no-command" if self.capped(cues) and self.tier(cues) == VETOED_TIER else ""
        if self.paused(cues):  # the earlier pause; "(held)": it alone kept the turn "likely"
            veto += f" paused={cues.paused_ms:.0f}ms"
            alone = not (self.capped(cues) or self.vetoed(cues) or self.amounted(cues))
            veto += "(held)" if alone and self._by_probability(cues) > VETOED_TIER else ""
        veto += " amount-may-follow" if self.amounted(cues) else ""
        return (f"p_over={p:.2f} ({self.model.contributions(cues)}){audio}{veto} "
                f"{TIERS[self.tier(cues)]} -> {self.silence_ms(cues)} ms")


def cues_of(
    text: str, understood: Understood, pitch_change_st: float | None, *,
    end_prob: float | None = None, pause_prob: float | None = None,
    continues: str | None = None, lengthening: float | None = None,
    turn_prob: float | None = None,
) -> Cues:
    """Read the cues of a speculative transcript, its understanding and its prosody."""
    stripped = text.strip()
    words = _WORDS.findall(stripped.lower())
    return Cues(
        grammar=grammar_of(understood),
        punctuated=bool(FULL_STOP.search(stripped)) and not ELLIPSIS.search(stripped),
        dangling=bool(words) and words[-1] in DANGLING,
        pitch_change_st=pitch_change_st,
        end_prob=end_prob,
        pause_prob=pause_prob,
        continues=continues,
        lengthening=lengthening,
        turn_prob=turn_prob,
    )


def grammar_of(understood: Understood) -> Grammar:
    """"complete": a confident command with no open free-text slot; "open": any other match."""
    if not isinstance(understood, IntentRecognized):
        return "none"
    if understood.open_ended or understood.confidence < MIN_CONFIDENCE:
        return "open"
    return "complete"


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return _clip(math.log(p / (1 - p)), LOGIT_CLIP)


def _clip(x: float, bound: float) -> float:
    return max(-bound, min(bound, x))


def turn_end_policy(config: SessionConfig) -> TurnEndPolicy:
    """The end-of-turn policy of a session config."""
    c = config
    # A client asking for a longer silence (Realtime `silence_duration_ms`) gets it for every
    # turn that is not a complete command.
    floor = c.vad.min_silence_ms
    unsure, mixed = max(c.unsure_endpoint_ms, floor), max(c.mixed_endpoint_ms, floor)
    return TurnEndPolicy(
        by_tier_ms=(unsure, mixed, c.doubtful_endpoint_ms, c.early_endpoint_ms),
        hold_ms=max(c.hold_endpoint_ms, floor),
        open_ms=max(c.open_endpoint_ms, floor),
        mid_pause_ms=c.mid_pause_ms,
        amounts_wait=c.amounts_wait,
    )
