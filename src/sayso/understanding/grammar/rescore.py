"""Acoustic rescoring: take a grammar sentence the audio supports about as well as what was heard.

The recogniser scores texts against the audio it heard (`Transcript.acoustic`, e.g. Whisper's
forced decoding in `sayso.asr.whisper.scorer`). The understanding step proposes grammar sentences
close to the N-best list (`shortlist`) and `rescore` compares the best of them with Whisper's own
best free hypotheses: a proposal is taken only if it scores within `margin` of them. All texts are
compared in one written form (`comparable`), so casing and punctuation, which the grammar does not
know, do not decide.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from sayso.events.speech import ConstrainedDecoder, Hypothesis, TextScorer
from sayso.understanding.grammar.casing import as_written
from sayso.understanding.grammar.spelling import number_words

DEFAULT_MARGIN = 2.0
"""Nats a grammar sentence may score below Whisper's best free hypothesis and still win, plus
`DEFAULT_MARGIN_PER_WORD` per word of the sentence: a longer sentence has more words Whisper may
have written its own way. Chosen on rendered HA commands and open sentences in noise
(ARCHITECTURE.md, "Grammar-aware recognition"): 2 of 120 open sentences taken at any margin
tried, the most commands taken at this one."""
DEFAULT_MARGIN_PER_WORD = 0.4
FREE_HYPOTHESES = 2
"""Free N-best entries scored alongside the proposals, as the reference."""
CONTRADICTED_PER_WORD: dict[str, float] = {"en": 3.6}
"""Per language: nats per word of a grammar correction below Whisper's best free hypothesis at
which the audio contradicts it. Corrections read the words only; heard clearly, "make the kitchen
warmer" read as "make the kitchen orange" trailed what was said by 3.8 nats per word and open
speech read as "what is the time" by 4.7, while right corrections of misheard HA commands (clean
and 12 dB) trailed by at most 3.3 (BENCHMARKS.md, "Corrections the audio contradicts")."""
CONTRADICTED_PER_TOKEN: dict[str, float] = {"de": 1.7}
"""The same per recogniser token, for languages where words do not measure a sentence: German
compounds are one word of many tokens ("Wohnzimmerthermostat"), and per word right and wrong
German corrections overlapped (5.7 against 5.9 nats). Measured with the correction scored as the
grammar writes it (`casing`), on the calibration split of HA's German test sentences (Whisper
base, clean and 12 dB): right corrections trailed by at most 1.61 nats per token, the wrong ones
this refuses by 2.03-2.35, open speech by 3.3-3.6 (BENCHMARKS.md, round 27; 2.7 in round 26,
when German was scored in lower case). A language in neither
table keeps every correction."""


def comparable(text: str, language: str = "en") -> str:
    """One written form for every compared text: words only, sentence case, final full stop.

    A lone digit is written as its word in `language`: the grammar says "six", Whisper writes
    "6", and the two must compare as the same sentence rather than as a spelling contest. (In
    English only until round 26, so a German "um 5 Minuten" was scored as "um five minuten".)
    """
    words = "".join(c if c.isalnum() or c in "'%" else " " for c in text.lower()).split()
    words = [_digit_word(w, language) if len(w) == 1 and w.isdigit() else w for w in words]
    if not words:
        return ""
    return " ".join(words).capitalize() + "."


def _digit_word(digit: str, language: str) -> str:
    return number_words(int(digit), language or "en") or digit


@dataclasses.dataclass(frozen=True)
class AcousticCheck:
    """What rescoring decided for one result (for evaluation and logs)."""

    proposal: str
    """The best-scoring proposal (in `comparable` form)."""
    score: float
    """Its log-probability given the audio."""
    reference: float
    """The best free hypothesis' log-probability."""
    margin: float
    """Nats the proposal may trail the reference by (already scaled to its length)."""

    @property
    def accepted(self) -> bool:
        """Whether the proposal replaces what was heard."""
        return self.score >= self.reference - self.margin


def contradicts(
    scorer: TextScorer | None,
    hypotheses: Sequence[Hypothesis],
    text: str,
    language: str = "en",
    casing: Mapping[str, str] | None = None,
) -> bool:
    """True when the audio clearly says the free transcript rather than `text` (a correction).

    `text` is scored as the grammar writes it (`casing`; as compared without one). Without a
    scorer (typed text, a recogniser that cannot score) or a measured threshold for the
    language, nothing is contradicted.
    """
    reading = comparable(text, language)
    free = _free_texts(hypotheses, language)
    if scorer is None or not reading or not free:
        return False
    allowed = _allowed_deficit(scorer, reading, (language or "en").split("-")[0].lower())
    if allowed is None or reading in {comparable(f, language) for f in free}:
        return False
    [score], reference = _scored(scorer, [reading], free, casing or {})
    return score < reference - allowed


def _scored(
    scorer: TextScorer, candidates: Sequence[str], free: Sequence[str], casing: Mapping[str, str]
) -> tuple[list[float], float]:
    """Each candidate's score as the grammar writes it (`casing`), and the reference: one batch.

    The written form replaces the compared one rather than joining it: on German it scored as
    well (the same commands, a wider margin between right and wrong corrections) and adds no
    text to score, where both forms cost Whisper base 1.44 times the rescoring time
    (BENCHMARKS.md, round 27). Without casing the candidates are scored as compared.
    """
    written = [as_written(c, casing) for c in candidates]
    scores = scorer([*written, *free])
    return list(scores[: len(candidates)]), max(scores[len(candidates) :])


def _allowed_deficit(scorer: TextScorer, reading: str, language: str) -> float | None:
    """Nats `reading` may trail what was heard by (None: no threshold for the language)."""
    if language in CONTRADICTED_PER_WORD:
        return CONTRADICTED_PER_WORD[language] * len(reading.split())
    per_token = CONTRADICTED_PER_TOKEN.get(language)
    if per_token is None or not isinstance(scorer, ConstrainedDecoder):
        return None  # only a recogniser with a tokenizer says how many tokens a text is
    return per_token * len(scorer.token_space().encode(" " + reading))


def _free_texts(hypotheses: Sequence[Hypothesis], language: str = "en") -> list[str]:
    """The reference: each of the best free hypotheses as written and in `comparable` form.

    Its score is the better of the two. In comparable form alone, a name Whisper capitalised was
    scored lower-cased: Cathy's "My name is Ferguson." fell from -0.6 to -13.5 nats with
    Whisper base, under "Six." (-13.9 against the 2.4 nats of margin), and real speech with names
    was read as a digit (BENCHMARKS.md, "Scores on the window the model was served").
    """
    written = (h.text.strip() for h in hypotheses[:FREE_HYPOTHESES])
    both = (form for text in written for form in (text, comparable(text, language)))
    return [t for t in dict.fromkeys(both) if t]


def rescore(
    scorer: TextScorer | None,
    hypotheses: Sequence[Hypothesis],
    proposals: Sequence[str],
    margin: float,
    per_word: float = 0.0,
    language: str = "en",
    casing: Mapping[str, str] | None = None,
) -> AcousticCheck | None:
    """Check `proposals` against the audio `scorer` holds; None when there is nothing to compare.

    A proposal is scored as the grammar writes it (`casing`; as compared without one) and
    reported in its compared form. The best is accepted if it scores at least the best of the
    free `hypotheses` (as written or in comparable form, `_free_texts`) minus
    `margin + per_word × its words`.
    """
    candidates = [p for p in dict.fromkeys(comparable(p, language) for p in proposals) if p]
    free = _free_texts(hypotheses, language)
    if scorer is None or not candidates or not free:
        return None
    scores, reference = _scored(scorer, candidates, free, casing or {})
    score, text = max(zip(scores, candidates, strict=True))
    return AcousticCheck(text, score, reference, margin + per_word * len(text.split()))
