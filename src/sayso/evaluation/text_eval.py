"""Understanding on text alone (the grammar and home, no speech).

Intent accuracy and command acceptance per intent, e.g. on Home Assistant's test sentences of one
language.

A sentence is read by the understanding step a turn runs (`MultilingualUnderstander`, exact and
grammar-aware paths), with the HA test's `context.area` as the speaker's area.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sayso.config import Settings
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.metrics.slu import command_accepted, value_text


@dataclasses.dataclass
class TextScore:
    """Totals over one text set."""

    n: int = 0
    intent_right: int = 0
    accepted: int = 0
    ha_accepted: int = 0
    """Accepted the way Home Assistant's test runner checks: every listed slot right (a list is
    any of its values), slots the test does not list ignored (an inferred `device_class`)."""
    by_intent: dict[str, list[int]] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(lambda: [0, 0, 0])
    )
    """intent → [sentences, intent right, accepted]."""
    misses: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def markdown(self, language: str) -> str:
        """The summary table: overall, then per intent."""
        lines = [
            f"Language {language}: {self.n} sentences, intent accuracy "
            f"{self.intent_right / max(1, self.n):.1%}, command acceptance "
            f"{self.accepted / max(1, self.n):.1%} (listed slots only, as HA's tests: "
            f"{self.ha_accepted / max(1, self.n):.1%})",
            "",
            "| Intent | Sentences | Intent acc. | Command acc. |",
            "|---|---|---|---|",
        ]
        for name, (n, right, ok) in sorted(self.by_intent.items()):
            lines.append(f"| {name} | {n} | {right / n:.1%} | {ok / n:.1%} |")
        return "\n".join(lines) + "\n"


def score_texts(
    utterances: Sequence[Utterance],
    settings: Settings,
    fixture: Path,
    here: dict[str, str],
) -> TextScore:
    """Read every utterance's text on the fixture home; tally intents and accepted commands."""
    from sayso import registry
    from sayso.evaluation.data.ha_fixture import ha_slots, load_fixture_home
    from sayso.events import IntentRecognized, Transcript
    from sayso.understanding.multilingual import MultilingualUnderstander

    cfg = settings.intents
    home = load_fixture_home(fixture)
    recognizer = registry.create("intents", cfg.engine, cfg)
    recognizer.load()
    recognizer.set_home(home.vocabulary)
    understander = MultilingualUnderstander(recognizer, language=cfg.language)
    score = TextScore()
    for utt in utterances:
        recognizer.set_here(here.get(utt.id))
        found = understander.understand(
            Transcript(turn_id="", text=utt.text, language=cfg.language)
        )
        intent, slots = None, {}
        if isinstance(found, IntentRecognized):
            intent, slots = found.intent, ha_slots(found.slots, home.names)
        accepted = command_accepted(utt.intent, utt.slots, intent, slots, cfg.language)
        tally = score.by_intent[utt.intent or ""]
        score.n += 1
        tally[0] += 1
        if intent == utt.intent:
            score.intent_right += 1
            tally[1] += 1
        if intent == utt.intent and _listed_slots_right(utt.slots, slots, cfg.language):
            score.ha_accepted += 1
        if accepted:
            score.accepted += 1
            tally[2] += 1
        else:
            score.misses.append({"text": utt.text, "intent": utt.intent, "slots": utt.slots,
                                 "got": intent, "got_slots": slots})  # fmt: skip
    return score


def _listed_slots_right(gold: dict[str, Any], pred: dict[str, Any], language: str) -> bool:
    for name, wanted in gold.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        got = value_text(pred.get(name, ""), language)
        if name not in pred or got not in {value_text(o, language) for o in options}:
            return False
    return True
