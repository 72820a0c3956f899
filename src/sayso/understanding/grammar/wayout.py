"""The way out of constrained decoding: is the best grammar sentence a command or open speech.

A constrained decode always finds *some* grammar sentence, so it needs a test. The same audio
keeps its free decode, and both are scored by the same decoder (`ConstrainedDecode.reference`):
a command scores about as well within the grammar as free (the words are the same, or a
sound-alike was replaced), open speech scores far worse (the grammar forces words that were not
said). The score is the log-likelihood ratio plus an allowance that grows with the length of
the free transcript (a longer utterance has more words Whisper may write its own way):

    score = (constrained - free) + offset + per_token × free tokens
            + per_said × constrained tokens - per_missing × shortfall

where the shortfall is how many tokens fewer the constrained sentence has than the free
transcript: Whisper finds ending early cheap, so a grammar sentence that stops before the
words it could not fit ("a large pizza with pepperoni", the rest heard as "I'll invent
halopane notes") can outscore the free transcript; what it leaves out is charged here. A long
grammar sentence the audio supports nearly as well as the free decode is itself evidence (open
speech rarely fits many grammar tokens; the open speech a fit must stop is mostly forced into
short sentences: "a mocha", "five,"), so the allowance may grow with the sentence's length too.

and the sentence is a command when the score is >= 0 and the no-speech probability is at most
`max_no_speech`. The constants belong to the model (its scores, its tokenizer), so they are
stored per model identity (`calibration.json`) and fitted by `sayso eval calibrate`
(`fit_wayout`): at most `TARGET_FORCED` of the calibration split's open speech taken.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from importlib import resources
from pathlib import Path

from sayso.events.speech import ConstrainedText

log = logging.getLogger(__name__)

TARGET_FORCED = 0.005
"""Open speech the fit may force into an intent on its own split: half the 1 % allowed on
held-out speech, as a safety margin for speech it has not seen."""
FIT_MARGIN = 2.0
"""Nats the fitted offset stays below the open speech it must stop (`wayout_fit.fit_wayout`).
The split's likeliest open utterance is one sample, and held-out open speech can score above
it: with the round-8 refit the held-out open questions' likeliest reading scored 1.3 nats above
the calibration split's and stayed 0.2 nats short of being forced (BENCHMARKS.md, "Refused
right readings (issue 12, round 8)"). 2 nats is a judgment, not a fit. Not for the sole way
out, which only stops what is clearly not the domain."""
DEFAULT_OFFSET = 1.0
"""Nats of allowance for a model never calibrated (conservative: only near-exact readings)."""
DEFAULT_PER_TOKEN = 0.1
DEFAULT_PER_MISSING = 0.5
DEFAULT_MAX_NO_SPEECH = 0.6
DEFAULT_PER_TAIL = 4.0
"""Nats charged per heard word left over after the sentence ends (`trailing.unexplained_tail`),
for every model until a fit says otherwise: "Add milk to my shopping list." for "… list and eggs"
(BENCHMARKS.md, "Trailing words in the constrained reading")."""
SOLE_SUFFIX = "#sole"
"""Calibration key suffix of a model's sole way out (`sole.py`: the grammar is all that can be
said, so the rule only stops what is clearly not speech or not the domain)."""
UNCALIBRATED_SOLE_OFFSET = -1000.0
"""Sole way out of a model never calibrated: no grammar sentence is taken over what the free
decode heard (what it heard and parsed still competes with the constrained sentences). A log-
likelihood ratio has no known scale for a model nobody measured: the sole default used to be
permissive (6 nats below the free decode was still the command, nothing charged for the words a
sentence leaves out) and forced **98 % of Cathy's real sentences** into a digit with Whisper base
in English, 31 % into a pizza order, 73 % with an adapted digits model (rounds 23-24,
BENCHMARKS.md). Even tiny.en's own fitted sole rule forced 22 % of base's. So an uncalibrated
model reads only what it heard until a fit (`sayso eval calibrate`, `sayso adapt asr`) says how
far its scores can be trusted. Finite, so rows and replays stay plain JSON numbers."""
SOLE_MAX_NO_SPEECH_GRID = (0.6, 0.7, 0.8, 0.9)
"""No-speech ceilings the sole fit tries: audio the free decode calls silence may still be a
quiet command when nothing else can be said. Not above 0.9: Whisper gives true silence
0.9-0.99, and no calibration split holds quiet commands to tell them apart."""
SHIPPED = ("calibration", "constrained.json")
"""The shipped calibrations, under the package data folder `sayso/data`."""


@dataclasses.dataclass(frozen=True)
class ConstrainedReading:
    """What the constrained decode found for one transcript, and what the way out decided."""

    best: ConstrainedText | None
    """The best grammar sentence (None: the grammar could not be ended within the budget)."""
    candidates: tuple[ConstrainedText, ...]
    """Every sentence found, best first."""
    score: float | None
    """Way-out margin of `best` (>= 0: a command)."""
    accepted: bool
    elapsed_ms: float
    ratio: float | None = None
    """Log-likelihood ratio of `best` to the free transcript (nats; calibration reads it)."""
    reference_tokens: int = 0
    """Tokens of the free transcript, end token included."""
    tail: int = 0
    """Words of the free transcript heard after `best` ends (`trailing.unexplained_tail`)."""
    sole: bool = False
    """Read as the only thing that can be said (see `ConstrainedReader.sole`)."""


@dataclasses.dataclass(frozen=True)
class WayOut:
    """The decision rule's constants for one model."""

    offset: float = DEFAULT_OFFSET
    per_token: float = DEFAULT_PER_TOKEN
    per_missing: float = DEFAULT_PER_MISSING
    max_no_speech: float = DEFAULT_MAX_NO_SPEECH
    fitted: bool = False
    """False for the uncalibrated default."""
    per_said: float = 0.0
    """Allowance per token of the constrained sentence (end token included)."""
    alone_offset: float | None = None
    """Offset where there is no free transcript (silence verdict, loop): the sentence's own
    log-probability is no ratio, and is fitted apart (None: `offset` and the rest as usual)."""
    per_tail: float = DEFAULT_PER_TAIL
    """Charge per word of the free transcript heard after the sentence's last word."""

    def score(
        self,
        constrained: float,
        free: float,
        free_tokens: int,
        constrained_tokens: int,
        tail: int = 0,
    ) -> float:
        """Margin left (nats): >= 0 reads the sentence as a command.

        `tail`: words of the free transcript after the sentence's end (`trailing.py`).
        """
        if free_tokens == 0 and self.alone_offset is not None:
            return constrained - free + self.alone_offset
        shortfall = max(0, free_tokens - constrained_tokens)
        return (
            constrained
            - free
            + self.offset
            + self.per_token * free_tokens
            + self.per_said * constrained_tokens
            - self.per_missing * shortfall
            - self.per_tail * tail
        )

    def accepts(self, score: float, no_speech_prob: float) -> bool:
        """The decision."""
        return score >= 0.0 and no_speech_prob <= self.max_no_speech


@dataclasses.dataclass(frozen=True)
class Sample:
    """One calibration utterance: its log-likelihood ratio, free length, and what it is."""

    ratio: float
    """Constrained minus free log-probability."""
    free_tokens: int
    constrained_tokens: int
    no_speech_prob: float
    command: bool
    """A command (True) or open speech whose constrained reading parses as an intent (False)."""
    right: bool = True
    """For a command: whether the constrained reading is the right command. Taking a wrong one
    costs as much as taking a right one gains (it also hides what the older paths would read)."""
    tail: int = 0
    """Words of the free transcript heard after the sentence's end."""


def sole_identity(identity: str) -> str:
    """The calibration key of model `identity`'s sole way out."""
    return identity + SOLE_SUFFIX


def default_wayout(identity: str) -> WayOut:
    """The rule of a model never calibrated (conservative; the sole one takes no reading)."""
    if identity.endswith(SOLE_SUFFIX):
        return WayOut(UNCALIBRATED_SOLE_OFFSET, 0.0, 0.0, DEFAULT_MAX_NO_SPEECH)
    return WayOut()


MODEL_CALIBRATION = "calibration.json"
"""A model's own fitted way out, in the model's folder: `sayso adapt asr` fits one for every model
it serves, so an adapted model arrives calibrated wherever its folder is copied."""


def weights_key(identity: str) -> str:
    """`identity` without the folder's name ("model:75537502:int8" → "75537502:int8").

    The key of a model's own calibration file, which must hold when the folder is renamed or moved.
    """
    _, sep, rest = identity.partition(":")
    return rest if sep and ":" in rest else identity


def load_wayout(
    identity: str, user_file: Path | None = None, model_file: Path | None = None
) -> WayOut:
    """The calibration of model `identity`.

    The user's fit, else the model's own (`model_file`), else the shipped one, else the default.
    """
    tables = (
        (_read(user_file), identity), (_read(model_file), weights_key(identity)),
        (_shipped(), identity),
    )  # fmt: skip
    for table, key in tables:
        if key in table:
            entry = table[key]
            return WayOut(
                float(entry["offset"]),
                float(entry["per_token"]),
                float(entry.get("per_missing", DEFAULT_PER_MISSING)),
                float(entry["max_no_speech"]),
                fitted=True,
                per_said=float(entry.get("per_said", 0.0)),
                alone_offset=_optional(entry.get("alone_offset")),
                per_tail=float(entry.get("per_tail", DEFAULT_PER_TAIL)),
            )
    log.warning(
        "no constrained-decoding calibration for model %s: using the cautious defaults (fit one "
        "with 'sayso eval calibrate', see README)",
        identity,
    )
    return default_wayout(identity)


def save_wayout(identity: str, rule: WayOut, path: Path, *, model_file: bool = False) -> None:
    """Store `rule` for `identity` in `path` (other models' entries are kept).

    `model_file`: `path` is the model's own `MODEL_CALIBRATION` (keyed by `weights_key`).
    """
    table = _read(path)
    entry = {k: v for k, v in dataclasses.asdict(rule).items() if k != "fitted"}
    table[weights_key(identity) if model_file else identity] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _shipped() -> dict[str, dict[str, float]]:
    try:
        text = resources.files("sayso.data").joinpath(*SHIPPED).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return dict(json.loads(text))


def _read(path: Path | None) -> dict[str, dict[str, float]]:
    if path is None or not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _optional(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
