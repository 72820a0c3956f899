"""Scores of `sayso bench llm`'s per-request rows: the model's call, and what the brain decided.

The model's scores read its raw call. The brain's ("decided") scores read what it does after the
argument repair and the grounding: a refused call is no call (an honest reply, nothing done), a
repaired call carries the repaired arguments. Both come from the same rows, so a stored report
can be rescored (`scripts/llm_rows.py`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

FREE_TEXT: Final[frozenset[str]] = frozenset({"body", "item"})
"""Arguments that quote the user: the held-out set gives their core words only."""
_WORD = re.compile(r"[a-z0-9]+")


def args_match(expected: Mapping[str, Any], actual: Mapping[str, Any] | None, *,
               core_words: bool = False) -> bool:
    """Every expected argument equal (case and a final full stop aside).

    `core_words`: a free-text argument matches when it contains the expected words ("i'm running
    late" has "running late"), the held-out set's stated convention.
    """
    if actual is None:
        return not expected

    def norm(value: Any) -> str:
        return str(value).strip().lower().rstrip(".")

    def same(key: str, value: Any) -> bool:
        if core_words and key in FREE_TEXT:
            said = _words(actual.get(key, ""))
            return bool(_words(value)) and set(_words(value)) <= set(said)
        return norm(actual.get(key)) == norm(value)

    return all(same(k, v) for k, v in expected.items())


def _words(value: Any) -> list[str]:
    return _WORD.findall(str(value).lower().replace("'", ""))


def decided(row: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any] | None]:
    """The tool and arguments the brain acts on (None when it refused or nothing was called)."""
    if row.get("tool") is None or row.get("outcome") in (None, "refuse"):
        return None, None
    # a question's state-changing call is answered with get_state (`tools.grounding`)
    return row.get("decided_tool") or row["tool"], row.get("repaired") or row.get("arguments")


def summarize(rows: Sequence[Mapping[str, Any]],
              expected_args: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """The decided accuracies over `rows` (with each row's expected arguments)."""
    n = len(rows)
    tool = strict = core = 0
    for row, wanted in zip(rows, expected_args, strict=True):
        name, arguments = decided(row)
        if name != row.get("expected"):
            continue
        tool += 1
        strict += args_match(wanted, arguments)
        core += args_match(wanted, arguments, core_words=True)
    return {
        "decided_tool_choice_accuracy": round(tool / n, 3) if n else None,
        "decided_tool_and_arguments_accuracy": round(strict / n, 3) if n else None,
        "decided_tool_and_core_arguments_accuracy": round(core / n, 3) if n else None,
    }
