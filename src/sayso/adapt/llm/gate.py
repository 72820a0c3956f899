"""The brain's adaptation gate: the adapted model must beat the base and break nothing.

The rules are the brain's; comparing, the report and the `DEPLOYABLE` mark are the generic gate's
(`sayso.adapt.gate`), shared with the recogniser's adaptation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from sayso.adapt import gate as generic
from sayso.adapt.gate import DEPLOYABLE_FILE, GateResult, Rule, write_report

__all__ = ["DEPLOYABLE_FILE", "RULES", "compare", "describe_lora", "write_report"]

RULES: Final[tuple[Rule, ...]] = (
    Rule("generated.tool_choice", "min_gain", 0.05,
         "held-out paraphrases (templates never trained on): the point of adapting"),
    Rule("generated.tool_and_arguments", "max_drop", 0.0, "the arguments must not get worse"),
    Rule("labelled.tool_choice", "max_drop", 0.0, "the repo's labelled set must not get worse"),
    Rule("labelled.tool_and_arguments", "max_drop", 0.0, "nor its arguments"),
    Rule("generated.no_tool_actions", "max_rise", 0.0,
         "no more state-changing calls on questions, chit-chat and fragments"),
    Rule("labelled.no_tool_actions", "max_rise", 0.0, "the same on the labelled open questions"),
    Rule("labelled.validity", "max_drop", 0.0, "every call still validates"),
)
"""What an adapter must meet to be deployable."""


def compare(base: Mapping[str, float], candidate: Mapping[str, float],
            rules: Sequence[Rule] = RULES) -> GateResult:
    """Every rule checked; a missing or non-finite metric fails."""
    return generic.compare(base, candidate, rules)


def describe_lora(lora: str) -> str:
    """One line for `sayso engines --config`: the configured adapter and its gate verdict."""
    folder = Path(lora).expanduser().parent
    line = f"llm lora: {lora}"
    if (folder / "report.json").is_file():
        verdict = ("passed its gate" if (folder / DEPLOYABLE_FILE).is_file()
                   else "did NOT pass its gate")
        line += f" (adapted by sayso adapt llm; {verdict}: {folder / 'report.md'})"
    return line
