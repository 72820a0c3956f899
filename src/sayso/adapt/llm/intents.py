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

SAMPLED_PER_INTENT = 8
"""Expansions read per intent before choosing (hassil expands in order, not at random; it builds
whole combinations, so this stays small)."""
KEPT_PER_INTENT = 4
"""Requests kept per intent."""


def intent_requests(path: Path, home: HomeSpec, *, seed: int = 0,
                    per_intent: int = KEPT_PER_INTENT) -> list[str]:
    """A few sentences of every intent in the hassil file at `path`."""
    from hassil.intents import Intents, TextSlotList
    from hassil.sample import sample_intents

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
    by_intent: dict[str, list[str]] = {}
    try:
        for intent, text in sample_intents(parsed, slot_lists=lists,
                                           expansion_rules=parsed.expansion_rules,
                                           max_sentences_per_intent=SAMPLED_PER_INTENT):
            by_intent.setdefault(intent, []).append(" ".join(text.split()))
    except Exception as exc:  # a missing list or rule: the file cannot be expanded
        raise ConfigError(f"intents file {path}: cannot expand ({exc})") from None
    rng = random.Random(seed)
    chosen: list[str] = []
    for texts in by_intent.values():
        unique = sorted(set(texts))
        chosen += rng.sample(unique, min(per_intent, len(unique)))
    return chosen
