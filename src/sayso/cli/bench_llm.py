"""`sayso bench llm`: the LLM brain's tool choice, arguments, validity, speed and spoken latency.

One benchmark (`sayso.bench.llm`) on the assistant users run: the configured backend with the
built-in tools over the demo home, on the packaged labelled set or a request file of the same shape.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from typing import Annotated, Any

import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, SetOption, settings_from
from sayso.config import Settings


def bench_llm(
    requests: Annotated[
        str | None,
        typer.Option(help="Request set: 'labelled' (default), 'heldout' (written independently, "
                     "never tuned on) or a YAML file with a `requests:` list."),
    ] = None,
    spoken: Annotated[bool, typer.Option(help="Also time spoken LLM turns.")] = True,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Only the first N requests (a quick look).")
    ] = None,
    out: OutOption = None,
    config: ConfigOption = None,
    set_: SetOption = None,
) -> None:
    """Benchmark the configured LLM brain (the embedded model unless configured)."""
    from sayso.bench.llm import request_set
    from sayso.bench.report import machine_info, write_bench

    settings = settings_from(config, sets=set_)
    items = request_set(requests)[:limit]
    result = {"machine": machine_info(), "llm": _run(settings, items, spoken)}
    shown = {**result["llm"], "tool_calls": _without_rows(result["llm"]["tool_calls"])}
    block = "```json\n" + json.dumps(shown, indent=2) + "\n```\n"
    typer.echo(write_bench("llm", result, out, [block]))


def _run(settings: Settings, items: list[dict[str, Any]], spoken: bool) -> dict[str, Any]:
    from sayso.app.assistant import Assistant
    from sayso.bench.llm import run_llm_bench

    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        assistant = Assistant(dataclasses.replace(settings, data_dir=tmp)).load(speech=spoken)
        try:
            return run_llm_bench(assistant, requests=items)
        finally:
            assistant.close()


def _without_rows(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary without its per-request rows (they are in the JSON file only)."""
    return {k: v for k, v in summary.items() if k != "rows"}


def register(group: typer.Typer) -> None:
    """Add `llm` to the bench group."""
    group.command("llm")(bench_llm)
