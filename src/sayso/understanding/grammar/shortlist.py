"""Grammar sentences worth checking against the audio when the transcript is not a command.

The text-only correction (`correct`) must be strict: it cannot hear, so it accepts only
near-exact readings. With the audio at hand the recogniser can check proposals itself
(`rescore`), so the shortlist is generous and the acoustic check decides:

- loose grammar readings of the N-best list (`LOOSE_FACTOR` × the text-only budget, resting on a
  single grammar word is enough: "boss tv" → "pause tv"), except readings through a wildcard
  slot, which keep the heard words and so cannot be told apart by the audio;
- for short utterances, the sentences of the small closed intents (a digit, yes/no, "what time
  is it") of about the heard length that sound closest: single words are where a
  transcript-only matcher has least to go on.

The understanding step asks only when the best hypothesis is not a command already.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from sayso.events import Transcript
from sayso.understanding.base import IntentRecognizer
from sayso.understanding.grammar.correct import ACCEPT_COST_PER_WORD, corrector_for
from sayso.understanding.grammar.match import tokenize
from sayso.understanding.grammar.phonetic import similarity

LOOSE_FACTOR = 2.0
"""Text-only acceptance budget multiplier for proposals that the audio will verify."""
SEARCHED_HYPOTHESES = 2
"""N-best entries searched for loose readings: the wide search costs ~10 ms per entry on open
speech, which pays it before going to the LLM."""
MAX_PROPOSALS = 6
"""Grammar readings proposed from the N-best list (each costs a little decoder time)."""
CLOSED_INTENT_MAX_SENTENCES = 24
"""An intent with at most this many sentences (no wildcard, no number range) is a closed set."""
CLOSED_MAX_HEARD_WORDS = 4
"""Closed sets are proposed only for utterances this short."""
MAX_BOUND_DEPTH = 32
"""Nesting depth at which a template is treated as open (guards against recursive rules)."""
CLOSED_PROPOSALS = 12
"""Closed-set sentences proposed at once: those that sound most like what was heard (the
rescoring batch costs time in proportion to its size)."""


class GrammarShortlist:
    """Grammar sentences to check against the audio, drawn from one recogniser's grammar."""

    def __init__(self, recognizer: IntentRecognizer, *, loose_factor: float = LOOSE_FACTOR) -> None:
        self._recognizer = recognizer
        self._corrector = corrector_for(recognizer)
        self._loose = ACCEPT_COST_PER_WORD * loose_factor
        self._closed: tuple[str, ...] = ()
        self._closed_key: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def __call__(self, transcript: Transcript) -> Sequence[str]:
        """Sentences to check for a transcript whose best hypothesis is not a command."""
        heard = tokenize(transcript.text)
        if not heard or _is_hum(heard):
            return ()
        searched = dataclasses.replace(
            transcript, hypotheses=transcript.hypotheses[:SEARCHED_HYPOTHESES]
        )
        found = self._corrector.candidates(searched, threshold=self._loose, min_anchors=1)
        readings = dict.fromkeys(match.text for _s, _i, match in found)
        proposals = [text for text in readings if self._is_closed_reading(text)][:MAX_PROPOSALS]
        if len(heard) <= CLOSED_MAX_HEARD_WORDS:
            similar_length = [
                s for s in self.closed_sentences() if abs(len(s.split()) - len(heard)) <= 1
            ]
            proposals += nearest(" ".join(heard), similar_length, CLOSED_PROPOSALS)
        return tuple(dict.fromkeys(proposals))

    def _is_closed_reading(self, text: str) -> bool:
        # A reading through a wildcard keeps the heard words as free text, so the audio cannot
        # argue against it ("tell me the joke" → a message "joke" to "me"): not proposed here.
        found = self._recognizer.recognize(text)
        return found is not None and not found.open_ended

    def closed_sentences(self) -> tuple[str, ...]:
        """Every sentence of the grammar's small closed intents (cached per grammar)."""
        grammar = self._recognizer.grammar()
        if grammar is None:
            return ()
        intents, slot_lists = grammar
        key = (id(intents), id(slot_lists))
        with self._lock:
            if self._closed_key != key:
                self._closed = closed_sentences(intents, slot_lists)
                self._closed_key = key
            return self._closed


def closed_sentences(intents: Any, slot_lists: Any) -> tuple[str, ...]:
    """Sentences of every intent that expands to at most `CLOSED_INTENT_MAX_SENTENCES`."""
    from hassil.sample import sample_intents

    out: list[str] = []
    lists = {**intents.slot_lists, **(slot_lists or {})}
    for name, intent in intents.intents.items():
        if _uses_wildcard(intents, intent):
            continue
        # Bound the count first: hassil's sampler expands a big template (an order with three
        # toppings of thirteen) eagerly, which takes minutes.
        if _intent_bound(intents, intent, lists) > CLOSED_INTENT_MAX_SENTENCES:
            continue
        try:
            texts = [
                text
                for _name, text in sample_intents(
                    intents,
                    slot_lists,
                    max_sentences_per_intent=CLOSED_INTENT_MAX_SENTENCES + 1,
                    intent_names={name},
                    expand_ranges=False,
                )
            ]
        except Exception:  # hassil raises plain errors for lists it cannot expand
            continue
        if texts and len(texts) <= CLOSED_INTENT_MAX_SENTENCES:
            out += texts
    return tuple(dict.fromkeys(" ".join(tokenize(t)) for t in out))


def _is_hum(words: Sequence[str]) -> bool:
    # "Mm", "MMMM", "M-M-H-M": a backchannel or hum over the reply is no command to look up
    # (a grammar sentence scored against it could turn "mm-hm" into "mow" and barge in).
    return not any(any(c in "aeiouy" for c in w) for w in words)


def nearest(heard: str, sentences: Sequence[str], count: int) -> list[str]:
    """The `count` sentences whose sound is closest to `heard` (phonetic similarity)."""
    ranked = sorted(sentences, key=lambda s: similarity(heard, s), reverse=True)
    return ranked[:count]


def _intent_bound(intents: Any, intent: Any, lists: Mapping[str, Any]) -> int:
    """Upper bound on the sentences of `intent`, capped just above the closed-set size."""
    total = 0
    for data in intent.data:
        rules = {**intents.expansion_rules, **(data.expansion_rules or {})}
        local = {**lists, **(data.slot_lists or {})}
        for sentence in data.sentences:
            total += _bound(sentence.expression, rules, local, 0)
            if total > CLOSED_INTENT_MAX_SENTENCES:
                return total
    return total


def _bound(expr: Any, rules: Mapping[str, Any], lists: Mapping[str, Any], depth: int) -> int:
    """How many texts `expr` can expand to, capped at `CLOSED_INTENT_MAX_SENTENCES + 1`."""
    from hassil.expression import Group, ListReference, Permutation, RuleReference, Sequence
    from hassil.expression import Sentence as HassilSentence
    from hassil.intents import TextSlotList

    cap = CLOSED_INTENT_MAX_SENTENCES + 1
    if depth > MAX_BOUND_DEPTH:
        return cap
    if isinstance(expr, HassilSentence):
        return _bound(expr.expression, rules, lists, depth + 1)
    if isinstance(expr, RuleReference):
        rule = rules.get(expr.rule_name)
        return cap if rule is None else _bound(rule, rules, lists, depth + 1)
    if isinstance(expr, ListReference):
        slot_list = lists.get(expr.list_name)
        if not isinstance(slot_list, TextSlotList):
            return cap  # a number range, a wildcard or an unknown list: open
        count = sum(_bound(v.text_in, rules, lists, depth + 1) for v in slot_list.values)
        return min(cap, count)
    if isinstance(expr, Group):
        parts = [_bound(item, rules, lists, depth + 1) for item in expr.items]
        if isinstance(expr, (Sequence, Permutation)):
            product = math.factorial(len(parts)) if isinstance(expr, Permutation) else 1
            for part in parts:
                product = min(cap, product * part)
            return product
        return min(cap, sum(parts))  # an alternative
    return 1  # a text chunk


def _uses_wildcard(intents: Any, intent: Any) -> bool:
    for data in intent.data:
        rules = {**intents.expansion_rules, **(data.expansion_rules or {})}
        for sentence in data.sentences:
            if set(sentence.list_names(rules)) & set(data.wildcard_list_names):
                return True
    return False
