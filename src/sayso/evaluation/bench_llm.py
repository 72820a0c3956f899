"""LLM speed and tool-call validity: time to first token, tokens/s, schema-valid calls.

The backend is passed in loaded; the tools are two small typed functions, so validity measures the
backend's constrained decoding, not a particular home.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Final

from sayso.evaluation.bench_report import summarize
from sayso.llm.tools import tool

MS_PER_S: Final[float] = 1000.0
MAX_TOKENS: Final[int] = 48

TOOL_PROMPTS: Final[tuple[tuple[str, str], ...]] = (
    ("set a timer for ten minutes", "set_timer"),
    ("start a timer for 3 minutes please", "set_timer"),
    ("what's the weather like in Paris", "get_weather"),
    ("will it rain in Berlin today", "get_weather"),
    ("could you set a 25 minute timer", "set_timer"),
    ("how warm is it in Madrid", "get_weather"),
)
"""(request, tool expected)."""

CHAT_PROMPTS: Final[tuple[str, ...]] = (
    "tell me a fun fact about owls",
    "what is the capital of Italy",
    "say something nice",
)


@tool(examples=[("set a timer for five minutes", {"minutes": 5})])
def set_timer(minutes: int) -> str:
    """Start a countdown timer.

    Args:
        minutes: Length of the timer in minutes.

    """
    return f"timer set for {minutes} minutes"


@tool(examples=[("what is the weather in Rome", {"city": "Rome"})])
def get_weather(city: str) -> str:
    """Tell the weather forecast for a city.

    Args:
        city: City name.

    """
    return f"sunny in {city}"


def bench_llm(backend: Any, runs: int = 1) -> dict[str, Any]:
    """Run every prompt `runs` times; time each and check the tool calls against their schema.

    Prompts get the same number normalisation the brain applies (`sayso.llm.normalize.digits`).
    """
    from sayso.llm.base import Message
    from sayso.llm.normalize import digits
    from sayso.llm.tools import Tool, ToolRegistry

    registry = ToolRegistry([Tool.from_function(set_timer), Tool.from_function(get_weather)])
    specs = registry.specs()
    ttft: list[float] = []
    rates: list[float] = []
    total: list[float] = []
    made = valid = right_tool = 0
    for _ in range(runs):
        for prompt, expected in TOOL_PROMPTS:
            call, stats = _one(backend, [Message("user", digits(prompt))], specs)
            _collect(stats, ttft, rates, total)
            made += call is not None
            if call is not None and _valid(registry, call):
                valid += 1
                right_tool += call.name == expected
        for prompt in CHAT_PROMPTS:
            _, stats = _one(backend, [Message("user", digits(prompt))], specs)
            _collect(stats, ttft, rates, total)
    calls = runs * len(TOOL_PROMPTS)
    return {
        "latency_ms": summarize({"time to first token": ttft, "whole generation": total}),
        "tokens_per_s": summarize({"decode": rates}).get("decode", {}),
        "tool_calls": {
            "requests": calls,
            "calls_made": made,
            "valid": valid,
            "valid_rate": round(valid / calls, 3) if calls else None,
            "right_tool_rate": round(right_tool / calls, 3) if calls else None,
        },
    }


def _one(backend: Any, messages: Sequence[Any], specs: Sequence[Any]) -> tuple[Any, Any]:
    call = None
    start = time.perf_counter()
    for delta in backend.stream(messages, tools=specs, max_tokens=MAX_TOKENS):
        if delta.tool_call is not None:
            call = delta.tool_call
    stats = getattr(backend, "last_stats", None)
    if stats is None:
        stats = _Elapsed(time.perf_counter() - start)
    return call, stats


class _Elapsed:
    """Stats for a backend that reports none: only the whole time is known."""

    def __init__(self, seconds: float) -> None:
        self.time_to_first_token_s = seconds
        self.total_s = seconds
        self.tokens_per_s = 0.0


def _collect(stats: Any, ttft: list[float], rates: list[float], total: list[float]) -> None:
    ttft.append(stats.time_to_first_token_s * MS_PER_S)
    total.append(stats.total_s * MS_PER_S)
    if stats.tokens_per_s:
        rates.append(stats.tokens_per_s)


def _valid(registry: Any, call: Any) -> bool:
    try:
        registry.check(call)
    except Exception:  # any validation failure counts as an invalid call
        return False
    return True
