"""Understanding on text alone (the grammar and home, no speech).

Each sentence of a text set (e.g. Home Assistant's test sentences of one language) is read by
the understanding step a typed turn runs (`MultilingualUnderstander` on a `Transcript.typed`:
read as written, no correction of mishearings), with the test's `context.area` as the speaker's
area, and scored by Home Assistant's own test rule (`metrics.ha_rule`). Every sentence is also
placed in the sets it belongs to:

* `in_home`: every entity, area and floor its expected slots name is in the fixture home (or,
  for an area, is the speaker's area from the context);
* `in_grammar`: in the home, and Home Assistant's own reading (`ha_reference`: plain hassil
  over the installed templates, HA's test procedure) gets it right — what the installed grammar
  and the fixture home can express. The ≥ 99 % goal is about this set.

Sentences are split into two halves by a hash (`dev`, `report`): look at and fix on one, report
the other.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sayso.config import Settings
from sayso.evaluation.metrics.ha_rule import SPLITS, Targets, ha_right, narrower, split_of

ENTITY_SLOTS = ("name", "area", "floor")
"""Expected slots that must name something the home has."""


@dataclasses.dataclass
class TextRow:
    """One sentence, read by sayso and by Home Assistant's reference."""

    text: str
    intent: str | None
    slots: dict[str, Any]
    context: dict[str, Any]
    split: str
    in_home: bool = True
    got: str | None = None
    got_slots: dict[str, Any] = dataclasses.field(default_factory=dict)
    path: str = ""
    """How sayso read it (exact, corrected...); "" when nothing was understood."""
    ok: bool = False
    """Right by HA's rule with inferred slots forgiven."""
    ok_strict: bool = False
    """Right by HA's rule as its tests apply it."""
    ref_intent: str | None = None
    ref_slots: dict[str, Any] = dataclasses.field(default_factory=dict)
    ref_ok: bool = False
    narrower: bool = False
    """Not right, but only for a device class the test leaves out (`ha_rule.narrower`)."""

    @property
    def in_grammar(self) -> bool:
        """The installed grammar and the fixture home can express it (HA reads it right)."""
        return self.in_home and self.ref_ok


@dataclasses.dataclass
class TextScore:
    """Every row of one text set, and its summary."""

    language: str
    rows: list[TextRow] = dataclasses.field(default_factory=list)

    @property
    def misses(self) -> list[TextRow]:
        """Rows sayso did not read right."""
        return [r for r in self.rows if not r.ok]

    def markdown(self) -> str:
        """Per half: totals, the expressible sets, acceptance on each; then per intent."""
        lines = [
            f"Language {self.language}: accepted = right intent and slots by Home Assistant's "
            "test rule (inferred domain/device_class/name: all forgiven; strict: not forgiven)",
            "",
            "| Half | Sentences | In home | In grammar | Accepted / all | Accepted / in home "
            "| **Accepted / in grammar** | Strict / in grammar | Intent acc. / in grammar "
            "| Narrower class / in home |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for half in (*SPLITS, "both"):
            rows = [r for r in self.rows if half in (r.split, "both")]
            lines.append(_half_line(half, rows))
        lines += ["", "| Intent | In grammar | Accepted | Not in grammar | Accepted there |",
                  "|---|---|---|---|---|"]  # fmt: skip
        tally: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0])
        for r in self.rows:
            t = tally[r.intent or ""]
            t[0 if r.in_grammar else 2] += 1
            t[1 if r.in_grammar else 3] += r.ok
        for name, (n, ok, out, ok_out) in sorted(tally.items()):
            lines.append(f"| {name} | {n} | {_pct(ok, n)} | {out} | {_pct(ok_out, out)} |")
        return "\n".join(lines) + "\n"


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "–"


def _half_line(half: str, rows: Sequence[TextRow]) -> str:
    home = [r for r in rows if r.in_home]
    grammar = [r for r in rows if r.in_grammar]
    ok = sum(r.ok for r in grammar)
    return (
        f"| {half} | {len(rows)} | {len(home)} | {len(grammar)} | "
        f"{_pct(sum(r.ok for r in rows), len(rows))} | {_pct(sum(r.ok for r in home), len(home))} "
        f"| **{_pct(ok, len(grammar))}** | {_pct(sum(r.ok_strict for r in grammar), len(grammar))} "
        f"| {_pct(sum(r.got == r.intent for r in grammar), len(grammar))} "
        f"| {_pct(sum(r.narrower for r in home), len(home))} |"
    )


def score_texts(items: Sequence[Mapping[str, Any]], settings: Settings, fixture: Path) -> TextScore:
    """Read every item (`text`, `intent`, `slots`, `context`) on the fixture home; score it."""
    from sayso import registry
    from sayso.actions.free_words import make_sense
    from sayso.evaluation.data.ha_fixture import ha_slots, load_fixture_home
    from sayso.evaluation.ha_reference import HaReference
    from sayso.events import IntentRecognized, Transcript
    from sayso.understanding.multilingual import MultilingualUnderstander

    cfg = settings.intents
    home = load_fixture_home(fixture)
    reference = HaReference(fixture, cfg.language)
    recognizer = registry.create("intents", cfg.engine, cfg)
    recognizer.load()
    home.apply(recognizer)
    # As a typed turn reads it, readings that make no sense left out (`free_words.make_sense`).
    understander = MultilingualUnderstander(recognizer, language=cfg.language, sensible=make_sense)
    known = _known_names(home.vocabulary, home.said)
    score = TextScore(cfg.language)
    for item in items:
        row = _row(item)
        row.in_home = _in_home(row, known)
        area = row.context.get("area")
        recognizer.set_here(str(area) if area else None)
        found = understander.understand(
            Transcript(turn_id="", text=row.text, language=cfg.language, typed=True)
        )
        if isinstance(found, IntentRecognized):
            row.got, row.got_slots = found.intent, ha_slots(found.slots, home.names, home.said)
            row.path = found.reading.path if found.reading is not None else "exact"
        row.ref_intent, row.ref_slots = reference.read(row.text, row.context)
        _judge(row, cfg.language, reference.targets)
        score.rows.append(row)
    return score


def _judge(row: TextRow, language: str, targets: Targets) -> None:
    """Score sayso's and the reference's readings of `row` by HA's rule (strict and with drift)."""
    area, domain = row.context.get("area"), row.context.get("domain")
    here = str(area) if area else None
    # The test's context domain ("entriegle alle Türen im Flur", context: lock) is what a domain
    # slot read from the words may equal without changing the command (`ha_rule`).
    context_domain = str(domain) if isinstance(domain, str) else None
    rule = functools.partial(ha_right, row.intent, row.slots, language=language, here=here)
    row.ok = rule(
        row.got, row.got_slots, drift=True, targets=targets, context_domain=context_domain
    )
    row.ok_strict = rule(row.got, row.got_slots)
    row.ref_ok = rule(
        row.ref_intent, row.ref_slots, drift=True, targets=targets, context_domain=context_domain
    )
    row.narrower = not row.ok and narrower(
        row.intent, row.slots, row.got, row.got_slots, language, here=here, targets=targets,
        context_domain=context_domain,
    )  # fmt: skip


def _row(item: Mapping[str, Any]) -> TextRow:
    context = item.get("context")
    return TextRow(
        text=str(item["text"]),
        intent=item.get("intent"),
        slots=dict(item.get("slots") or {}),
        context=dict(context) if isinstance(context, Mapping) else {},
        split=split_of(str(item["text"])),
    )


def _known_names(vocabulary: Any, said: Mapping[str, frozenset[str]]) -> dict[str, set[str]]:
    places = {
        kind: {n.casefold() for p in getattr(vocabulary, kind + "s") for n in vocabulary.said(p)}
        for kind in ("area", "floor")
    }
    return {"name": {n for names in said.values() for n in names}, **places}


def _in_home(row: TextRow, known: Mapping[str, set[str]]) -> bool:
    """Every entity, area and floor the expected slots name is in the home (see the docstring)."""
    for kind in ENTITY_SLOTS:
        wanted = row.slots.get(kind)
        if wanted is None or wanted == "all" or (kind == "name" and "Timer" in (row.intent or "")):
            continue  # a timer's name is free text, not a device
        options = wanted if isinstance(wanted, list) else [wanted]
        said = {str(o).strip().casefold() for o in options}
        if kind == "area" and str(row.context.get("area", "")).strip().casefold() in said:
            continue
        if not said & known[kind]:
            return False
    return True
