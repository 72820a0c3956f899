"""`sayso bench llm`: time to first token, tokens/s and tool-call validity of the LLM brain.

The LLM worker's own benchmark (`sayso.llm.bench`: its labelled request set, the built-in tools,
spoken latency) is used when it is there and its labelled set is found (a source checkout);
otherwise a small built-in prompt set (`sayso.evaluation.bench_llm`) measures the raw backend.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import tempfile
from typing import Annotated, Any

import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, settings_from
from sayso.config import Settings
from sayso.errors import ConfigError


def bench_llm(
    runs: Annotated[int, typer.Option(help="Passes over the built-in prompts (fallback).")] = 1,
    spoken: Annotated[bool, typer.Option(help="Also time spoken LLM turns.")] = True,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Benchmark the configured LLM backend (the embedded model unless configured)."""
    from sayso.evaluation.bench_report import machine_info, write_bench

    settings = settings_from(config)
    if importlib.util.find_spec("sayso.llm.bench") is not None:
        try:
            result = {"machine": machine_info(), **_worker_bench(settings, spoken)}
            block = "```json\n" + json.dumps(result["llm"], indent=2) + "\n```\n"
            typer.echo(write_bench("llm", result, out, [block]))
            return
        except ConfigError as exc:
            typer.echo(f"sayso.llm.bench unavailable ({exc.message}); using the built-in prompts")
    result = {"machine": machine_info(), **_builtin_bench(settings, runs)}
    tps, tools = result["tokens_per_s"], result["tool_calls"]
    extra = [
        f"Decode speed: {tps.get('p50')} tokens/s (p50), {tps.get('p95')} (p95)\n",
        f"Tool calls: {tools['calls_made']} made for {tools['requests']} tool requests, "
        f"{tools['valid']} schema-valid, right tool {tools['right_tool_rate']}\n",
    ]
    typer.echo(write_bench("llm", result, out, extra))


def _worker_bench(settings: Settings, spoken: bool) -> dict[str, Any]:
    from sayso.llm.bench import run_llm_bench
    from sayso.pipeline.assistant import Assistant

    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        assistant = Assistant(dataclasses.replace(settings, data_dir=tmp)).load(speech=spoken)
        try:
            return {"llm": run_llm_bench(assistant)}
        finally:
            assistant.close()


def _builtin_bench(settings: Settings, runs: int) -> dict[str, Any]:
    from sayso.evaluation.bench_llm import bench_llm as run_bench
    from sayso.llm.llamacpp import LlamaCppBackend, LlamaCppConfig

    config = LlamaCppConfig(
        model_path=settings.llm.model_path,
        n_threads=settings.llm.n_threads,
        n_ctx=settings.llm.n_ctx,
    )
    backend = LlamaCppBackend(config)
    backend.load()
    result = run_bench(backend, runs)
    result["engine"] = {
        "backend": "llama-cpp",
        "model": settings.llm.model_path or "embedded gemma-3-270m",
        "n_threads": settings.llm.n_threads,
    }
    return result


def register(group: typer.Typer) -> None:
    """Add `llm` to the bench group."""
    group.command("llm")(bench_llm)
