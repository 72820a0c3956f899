"""The embedded gemma-3-270m choosing tools under a grammar, on a labelled set of requests.

Asserted: every tool call the model makes parses and validates against its schema (by construction
of the grammar). Reported, not asserted: tool-choice and argument accuracy of this tiny base model.
"""

import statistics
import time
from typing import Any

import jsonschema
import pytest

from sayso.bench.llm import labelled_requests
from sayso.dialogue.messages import Message, ToolCall
from sayso.llm.backends.llamacpp import LlamaCppBackend
from sayso.llm.normalize import digits
from sayso.llm.tools.typed import ToolRegistry

pytestmark = pytest.mark.slow
REQUESTS = labelled_requests()
MAX_TOKENS = 24


def args_match(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    def norm(v: Any) -> str:
        return str(v).strip().lower().rstrip(".")

    return all(norm(got.get(k)) == norm(v) for k, v in expected.items())


def run(
    backend: LlamaCppBackend, registry: ToolRegistry, text: str
) -> tuple[ToolCall | None, str, list[str]]:
    call, spoken, errors, named = None, "", [], []
    for delta in backend.stream([Message("user", digits(text))], tools=registry.specs(),
                                max_tokens=MAX_TOKENS):
        if delta.call_name is not None:
            named.append(delta.call_name)
        if delta.tool_call is not None:
            call = delta.tool_call
            assert named == [call.name], text  # the name is said once, before the arguments
        spoken += delta.text
        if delta.error:
            errors.append(delta.error)
    return call, spoken, errors


def test_labelled_requests(backend: LlamaCppBackend, registry: ToolRegistry) -> None:
    specs = {s.name: s for s in registry.specs()}
    calls = chosen_right = args_right = 0
    ttfts: list[float] = []
    speeds: list[float] = []
    started = time.perf_counter()
    for item in REQUESTS:
        call, spoken, errors = run(backend, registry, item["text"])
        assert not errors, (item["text"], errors)
        stats = backend.last_stats
        assert stats is not None
        ttfts.append(stats.time_to_first_token_s)
        if stats.tokens_per_s:
            speeds.append(stats.tokens_per_s)
        if call is not None:
            calls += 1
            # 100 %: a constrained call always parses and matches its schema.
            jsonschema.validate(call.arguments, specs[call.name].parameters)
            registry.check(call)
        got = call.name if call else None
        chosen_right += got == item["tool"]
        right_args = call is None or args_match(item.get("args", {}), call.arguments)
        args_right += got == item["tool"] and right_args
        print(f"{item['text']!r:58} -> {got or 'say'}: {call.arguments if call else spoken!r}")
    n = len(REQUESTS)
    print(f"\n{n} requests, {calls} tool calls, 100% valid; tool choice {chosen_right / n:.0%}, "
          f"tool+arguments {args_right / n:.0%}; time to first token median "
          f"{statistics.median(ttfts) * 1000:.0f} ms (first {ttfts[0] * 1000:.0f} ms); "
          f"{statistics.median(speeds):.1f} tokens/s; total {time.perf_counter() - started:.1f} s")
    assert calls > 0
