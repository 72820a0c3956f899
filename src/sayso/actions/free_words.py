"""Readings whose free words must make sense before they are acted on.

A sum, a conversion, a day or a bare "add …" takes its words from wildcards, so the grammar
reads "what is the capital of France plus …" as a sum, "when is sunset" as a day and "add 5
minutes to the pizza timer" (no such timer) as a thing to buy. Such a reading is checked here
first; one that does not make sense goes on as not understood, to the brain
(`app/action_stage.py`), rather than failing with "that is not a number".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sayso.actions import calendar_days, handlers_lists, pastimes, say_back, units
from sayso.events.understanding import IntentRecognized

CHECKS: Final[dict[str, Callable[[IntentRecognized], bool]]] = {
    pastimes.CALCULATE: pastimes.reads_numbers,
    pastimes.PICK: pastimes.reads_numbers,
    units.CONVERT: units.converts,
    calendar_days.DAYS_UNTIL: calendar_days.names_a_day,
    calendar_days.DATE_OF: calendar_days.names_a_day,
    calendar_days.CALENDAR_FACT: calendar_days.names_a_year,
    **dict.fromkeys(handlers_lists.BARE_INTENTS, handlers_lists.bare_item),
    say_back.SPELL: say_back.spells,
    say_back.SAY: say_back.says,
}
"""Intent name → whether its wildcards read as what the intent needs."""


def make_sense(intent: IntentRecognized) -> bool:
    """False for a reading whose wildcards are not what its intent needs."""
    check = CHECKS.get(intent.intent)
    return check is None or check(intent)
