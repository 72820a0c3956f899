"""Sentences of the user's own intents (hassil YAML) as requests the brain must not act on.

A custom domain's commands (a pizza order, a kiosk question) are the fast path's job; when one
reaches the brain anyway (misheard, cut short), none of the home tools fits it, and the brain must
say so rather than turn it into a device action. Sampled with hassil's own expander.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from sayso.actions.home import HomeSpec
from sayso.errors import ConfigError

KEPT_PER_INTENT = 4
"""Requests kept per intent."""
TRIES_PER_REQUEST = 5
"""Random expansions tried per kept request (duplicates are skipped)."""
MAX_DEPTH = 20
"""Deepest rule nesting followed (a rule that refers to itself stops here)."""


def intent_requests(path: Path, home: HomeSpec, *, seed: int = 0,
                    per_intent: int = KEPT_PER_INTENT) -> list[str]:
    """A few sentences of every intent in the hassil file at `path`."""
    from hassil.intents import Intents, TextSlotList

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        parsed = Intents.from_dict(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"intents file {path}: cannot read ({type(exc).__name__})") from None
    except Exception as exc:  # hassil raises bare KeyError/ValueError/ParseError on bad files
        raise ConfigError(f"intents file {path}: not hassil format ({exc})") from None
    lists: dict[str, Any] = dict(parsed.slot_lists)
    names = [n for d in home.devices for n in (d.name, *d.aliases)]
    lists.setdefault("name", TextSlotList.from_strings(names or ["light"]))
    lists.setdefault("area", TextSlotList.from_strings(list(home.areas) or ["kitchen"]))
    rng = random.Random(seed)
    rules = parsed.expansion_rules
    chosen: list[str] = []
    for name, intent in parsed.intents.items():
        sentences = [(sentence, {**rules, **(block.expansion_rules or {})})
                     for block in intent.data for sentence in block.sentences]
        found: set[str] = set()
        for _ in range(per_intent * TRIES_PER_REQUEST):
            sentence, local = rng.choice(sentences)
            try:
                text = _expand(sentence.expression, lists, local, rng, 0)
            except (KeyError, IndexError, RecursionError):
                raise ConfigError(f"intents file {path}: cannot expand intent {name}") from None
            found.add(" ".join(text.split()))
            if len(found) == per_intent:
                break
        chosen += sorted(found)
    return chosen


def _expand(expr: Any, lists: dict[str, Any], rules: dict[str, Any], rng: random.Random,
            depth: int) -> str:
    """One random sentence of a hassil expression.

    hassil's own sampler enumerates every combination in order, which does not finish in useful
    time on a template with a few long lists.
    """
    from hassil.expression import Alternative, Group, ListReference, RuleReference, TextChunk
    from hassil.intents import RangeSlotList

    if depth > MAX_DEPTH:
        raise RecursionError
    if isinstance(expr, TextChunk):
        return expr.text
    if isinstance(expr, Alternative):
        return _expand(rng.choice(expr.items), lists, rules, rng, depth + 1)
    if isinstance(expr, Group):
        return "".join(_expand(item, lists, rules, rng, depth + 1) for item in expr.items)
    if isinstance(expr, RuleReference):
        return _expand(rules[expr.rule_name].expression, lists, rules, rng, depth + 1)
    if isinstance(expr, ListReference):
        slot = lists[expr.list_name]
        if isinstance(slot, RangeSlotList):
            return str(rng.randrange(slot.start, slot.stop + 1, slot.step))
        return _expand(rng.choice(slot.values).text_in, lists, rules, rng, depth + 1)
    return ""
