"""Measure one llama.cpp model (base, or base + adapter) on labelled request sets.

The same path the brain takes for a typed request: numbers normalised, the backend's own prompt
and grammar, one greedy generation. Per set: tool choice, tool + arguments, valid calls, and
state-changing calls made on requests that must not call any tool.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from sayso.bench.llm import LABEL_ALIASES, MAX_TOKENS
from sayso.constants import MS_PER_SECOND
from sayso.dialogue.messages import Message, ToolCall
from sayso.errors import BadInput
from sayso.llm.backends.llamacpp import LlamaCppBackend, LlamaCppConfig
from sayso.llm.normalize import digits
from sayso.llm.tools.typed import ToolRegistry

READ_ONLY_TOOLS = frozenset({"get_time", "get_state"})
"""Tools that change nothing; every other call on a no-tool request counts as an action."""


def measure(model_path: str | None, lora_path: str | None, tools: ToolRegistry,
            sets: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, float]:
    """Flat metrics `<set>.<metric>` of one model over every labelled set."""
    backend = LlamaCppBackend(LlamaCppConfig(model_path=model_path, lora_path=lora_path))
    backend.load()
    out: dict[str, float] = {}
    for name, items in sets.items():
        for metric, value in score(backend, tools, items).items():
            out[f"{name}.{metric}"] = value
    return out


def score(backend: LlamaCppBackend, tools: ToolRegistry,
          items: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Accuracy metrics of `backend` on one labelled set."""
    specs = tools.specs()
    right_tool = right_args = valid = calls = actions = 0
    first_token: list[float] = []
    for item in items:
        call = _call(backend, str(item["text"]), specs)
        if backend.last_stats is not None:
            first_token.append(backend.last_stats.time_to_first_token_s * MS_PER_SECOND)
        expected = LABEL_ALIASES.get(item["tool"], item["tool"]) if item.get("tool") else None
        chosen = call.name if call is not None else None
        right_tool += chosen == expected
        right_args += chosen == expected and args_match(item.get("args") or {}, call)
        if call is not None:
            calls += 1
            valid += _validates(tools, call)
            actions += expected is None and call.name not in READ_ONLY_TOOLS
    n = max(1, len(items))
    return {
        "requests": float(len(items)),
        "tool_choice": right_tool / n,
        "tool_and_arguments": right_args / n,
        "validity": valid / calls if calls else 1.0,
        "no_tool_actions": float(actions),
        "first_token_ms_p50": statistics.median(first_token) if first_token else 0.0,
    }


def args_match(expected: Mapping[str, Any], call: ToolCall | None) -> bool:
    """Every listed argument equal, case and a final full stop aside."""
    if call is None:
        return not expected

    def norm(value: Any) -> str:
        return str(value).strip().lower().rstrip(".")

    return all(norm(call.arguments.get(k)) == norm(v) for k, v in expected.items())


def _call(backend: LlamaCppBackend, text: str, specs: Sequence[Any]) -> ToolCall | None:
    call = None
    for delta in backend.stream([Message("user", digits(text))], tools=specs,
                                max_tokens=MAX_TOKENS):
        call = delta.tool_call or call
    return call


def _validates(tools: ToolRegistry, call: ToolCall) -> bool:
    try:
        tools.check(call)
    except BadInput:
        return False
    return True
