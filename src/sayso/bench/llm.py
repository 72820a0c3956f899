"""LLM brain benchmark: tool-call validity and choice on a labelled set, speed, spoken latency.

`run_llm_bench(assistant)` returns a JSON-ready dict; `sayso bench llm` runs it on a fresh
assistant with a throw-away state directory. It is the one LLM benchmark.

* Tool calls: every labelled request (`sayso/data/llm/tool_requests.yaml`, or a file of the same
  shape given with `--requests`, e.g. a held-out set) goes to the backend
  with the built-in tools; a call is valid when it parses and validates against its schema.
* Speed: time to first token and decode tokens/s from the backend's own stats.
* Spoken latency: requests the fast path cannot answer are rendered with the assistant's voice
  (Piper), run as whole turns, and `end_to_first_audio` is read off each turn's timeline.
"""

from __future__ import annotations

import asyncio
import statistics
import uuid
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy as np
import yaml

from sayso.bench.llm_safety import Safety
from sayso.bench.llm_score import args_match, summarize
from sayso.constants import MS_PER_SECOND
from sayso.dialogue.messages import Message, ToolCall
from sayso.errors import BadInput, ConfigError
from sayso.llm.normalize import digits

LABELLED_SET: Final[str] = "tool_requests.yaml"
"""The packaged labelled request set (54 requests: devices, timers, messages, open questions)."""
HELDOUT_SET: Final[str] = "heldout.yaml"
"""Requests written independently from the tool list and the home only; never tuned on."""
PACKAGED_SETS: Final[dict[str, str]] = {"labelled": LABELLED_SET, "heldout": HELDOUT_SET}
MAX_TOKENS: Final[int] = 24
"""Tokens per labelled request (a tool call is capped by the grammar, not by this)."""
LEAD_SILENCE_S: Final[float] = 0.3
"""Silence around each rendered request, in seconds."""
LABEL_ALIASES: Final[dict[str, str]] = {"set_timer": "start_timer"}
"""Tool names of the labelled set → the built-in tool of the same job."""
SPOKEN_REQUESTS: Final[tuple[str, ...]] = (
    "Who painted the Mona Lisa?",
    "What is the capital of France?",
    "Tell me a story.",
    "Why is the sky blue?",
    "How far away is the moon?",
    "What is the tallest mountain in the world?",
)
"""Open questions no intent matches: they are answered by the LLM. ("What is two plus two?"
was one until round 33, when sums got an intent of their own, `actions/pastimes.py`.)"""


def request_set(name: str | None) -> list[dict[str, Any]]:
    """A packaged set by name ("labelled", "heldout") or a YAML file of the same shape."""
    if name is None or name in PACKAGED_SETS:
        packaged = PACKAGED_SETS[name or "labelled"]
        return labelled_requests(None, packaged=packaged)
    return labelled_requests(Path(name))


def labelled_requests(
    path: Path | None = None, *, packaged: str = LABELLED_SET
) -> list[dict[str, Any]]:
    """The requests of `path`, or of the packaged set `packaged` when `path` is None."""
    if path is None:
        text = resources.files("sayso.data.llm").joinpath(packaged).read_text()
    elif path.is_file():
        text = path.read_text()
    else:
        raise BadInput(f"labelled LLM requests not found: {path}", code="file_not_found")
    try:
        items = yaml.safe_load(text)["requests"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise TypeError("requests must be a list of mappings")
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise BadInput(f"labelled LLM requests unreadable: {exc}", code="bad_requests") from exc
    return items


def run_llm_bench(
    assistant: Any, *, requests: Sequence[dict[str, Any]] | None = None,
    spoken: Sequence[str] = SPOKEN_REQUESTS,
) -> dict[str, Any]:
    """Tool-call validity/accuracy, speed and (when TTS and ASR are loaded) spoken latency."""
    if assistant.brain is None:
        raise ConfigError("no LLM loaded: set llm.engine (and install sayso[llm])")
    result: dict[str, Any] = {"tool_calls": tool_call_bench(assistant.brain, requests)}
    if assistant.tts is not None and assistant.asr is not None and spoken:
        result["spoken"] = asyncio.run(spoken_bench(assistant, spoken))
    return result


def tool_call_bench(
    brain: Any, requests: Sequence[dict[str, Any]] | None,
    progress: Callable[[int, int, int, int], None] | None = None,
) -> dict[str, Any]:
    """Validity, tool choice and argument accuracy, time to first token and tokens/s.

    `rows` holds one entry per request (the call, whether it was right, and what the brain would
    do with it: "run", "ask", "refuse", "run-unresolved"); it goes to the JSON report only.
    """
    items = list(requests) if requests is not None else labelled_requests()
    specs = brain.tools.specs()
    calls = valid = right_tool = right_args = right_repaired = 0
    ttft: list[float] = []
    speed: list[float] = []
    safety = Safety()
    rows: list[dict[str, Any]] = []
    for done, item in enumerate(items, start=1):
        call, errors = _one(brain.backend, item["text"], specs)
        safety.open_requests += not item.get("tool")
        outcome, acted = None, call
        if call is not None and _validates(brain.tools, call):
            outcome = safety.observe(brain, item, call)
            acted = safety.acted
        stats = getattr(brain.backend, "last_stats", None)
        if stats is not None:
            ttft.append(stats.time_to_first_token_s * MS_PER_SECOND)
            if stats.tokens_per_s:
                speed.append(stats.tokens_per_s)
        calls += call is not None or bool(errors)
        valid += call is not None and _validates(brain.tools, call)
        expected = LABEL_ALIASES.get(item["tool"], item["tool"]) if item["tool"] else None
        chosen = call.name if call is not None else None
        right_tool += chosen == expected
        args_ok = chosen == expected and args_match(item.get("args") or {}, _arguments(call))
        right_args += args_ok
        repaired_ok = chosen == expected and args_match(item.get("args") or {}, _arguments(acted))
        right_repaired += repaired_ok
        rows.append({"text": item["text"], "expected": expected, "tool": chosen,
                     "arguments": call.arguments if call is not None else None,
                     "repaired": acted.arguments if acted not in (None, call) else None,
                     "decided_tool": acted.name if acted is not None else None,
                     "right_tool": chosen == expected, "right_arguments": args_ok,
                     "right_after_repair": repaired_ok, "outcome": outcome})
        if progress is not None:
            progress(done, len(items), right_tool, right_args)
    n = len(items)
    return {
        "requests": n, "tool_calls": calls, "valid_calls": valid,
        "validity_rate": round(valid / calls, 3) if calls else None,
        "tool_choice_accuracy": round(right_tool / n, 3) if n else None,
        "tool_and_arguments_accuracy": round(right_args / n, 3) if n else None,
        "tool_and_repaired_arguments_accuracy": round(right_repaired / n, 3) if n else None,
        **summarize(rows, [i.get("args") or {} for i in items]),
        **safety.report(),
        "time_to_first_token_ms": percentiles(ttft),
        "tokens_per_s": percentiles(speed),
        "rows": rows,
    }


async def spoken_bench(assistant: Any, texts: Sequence[str]) -> dict[str, Any]:
    """End of the user's speech → first reply audio for turns the LLM answered."""
    latencies: list[float] = []
    answered = 0
    for text in texts:
        samples = render(assistant.tts, text)
        turn = await assistant.run_turn(samples, session_id=f"bench-{uuid.uuid4().hex[:8]}")
        if turn.no_intent is None:
            continue  # the fast path answered: not an LLM turn
        answered += 1
        stages = turn.timeline.stages_ms()
        if "end_to_first_audio" in stages:
            latencies.append(stages["end_to_first_audio"])
    return {"requests": len(texts), "llm_turns": answered,
            "end_to_first_audio_ms": percentiles(latencies)}


def render(tts: Any, text: str) -> np.ndarray:
    """`text` spoken by `tts`, at 16 kHz with silence around it."""
    from sayso.audio.io import resample
    from sayso.constants import SAMPLE_RATE

    audio = np.concatenate(list(tts.synthesize(text)))
    speech = resample(audio, tts.capabilities.sample_rate, SAMPLE_RATE)
    pad = np.zeros(int(LEAD_SILENCE_S * SAMPLE_RATE), np.float32)
    return np.concatenate([pad, speech, pad]).astype(np.float32)


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95 and n (empty dict when there are no values)."""
    if not values:
        return {}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def _one(backend: Any, text: str, specs: Sequence[Any]) -> tuple[ToolCall | None, list[str]]:
    call, errors = None, []
    for delta in backend.stream([Message("user", digits(text))], tools=specs,
                                max_tokens=MAX_TOKENS):
        call = delta.tool_call or call
        if delta.error:
            errors.append(delta.error)
    return call, errors


def _validates(tools: Any, call: ToolCall) -> bool:
    try:
        tools.check(call)
    except BadInput:
        return False
    return True


def _arguments(call: ToolCall | None) -> dict[str, Any] | None:
    return call.arguments if call is not None else None
