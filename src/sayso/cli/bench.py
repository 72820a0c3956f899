"""`sayso bench`: latency and speed benchmarks (commands, never timed tests).

`turn` lives here; `asr`/`tts`, `live` and `llm` are in the bench_* modules next to this one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from sayso.cli.common import ConfigOption, settings_from

bench_app = typer.Typer(help="Latency and speed benchmarks.", no_args_is_help=True)

OutOption = Annotated[
    Path | None, typer.Option("--out", help="Folder for bench_<name>.json/.md/.png.")
]


@bench_app.command("turn")
def bench_turn(
    runs: Annotated[int, typer.Option(help="Timed runs per command.")] = 3,
    language: Annotated[
        str | None,
        typer.Option(help="Commands in this language (de, fr, es, zh-cn), spoken by its voice."),
    ] = None,
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Per-stage latency of whole turns on rendered device commands (state in a temp folder)."""
    from sayso.app.assistant import Assistant
    from sayso.bench.report import machine_info, summarize, write_bench
    from sayso.bench.speech import BENCH_COMMANDS, render_clips
    from sayso.cli.eval import for_language

    commands = _commands(language)
    samples: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        settings = dataclasses.replace(
            for_language(settings_from(config), language), data_dir=tmp
        )
        # Without the LLM: these turns are device commands (`sayso bench llm` times its turns).
        assistant = Assistant(settings).load(llm=False)
        voice = assistant.load_tts()
        if language is not None and assistant.voices is not None:
            voice = assistant.voices(settings.intents.language)
        clips = render_clips(voice, commands or BENCH_COMMANDS)
        try:
            asyncio.run(assistant.run_turn(clips[0][1]))  # warm-up, not counted
            for _ in range(runs):
                for _text, clip in clips:
                    result = asyncio.run(assistant.run_turn(clip))
                    for k, v in result.timeline.stages_ms().items():
                        samples.setdefault(k, []).append(v)
        finally:
            assistant.close()
    report = {
        "machine": machine_info(),
        "runs": runs,
        "commands": list(commands or BENCH_COMMANDS),
        "latency_ms": summarize(samples),
    }
    typer.echo(write_bench("turn", report, out))


def _commands(language: str | None) -> tuple[str, ...]:
    """The bench commands of `language` (() for English: the standard set)."""
    if language is None or language.lower().startswith("en"):
        return ()
    from sayso import languages
    from sayso.bench.languages import COMMANDS
    from sayso.errors import BadInput

    found = COMMANDS.get(languages.canonical(language))
    if found is None:
        raise BadInput(f"no bench commands in {language!r} (known: {', '.join(COMMANDS)})")
    return found


def register(app: typer.Typer) -> None:
    """Add the bench command group with every benchmark."""
    from sayso.cli import (
        bench_capacity,
        bench_echo,
        bench_garbage,
        bench_live,
        bench_llm,
        bench_speech,
        bench_wake,
    )

    for module in (bench_speech, bench_live, bench_llm, bench_garbage, bench_wake, bench_echo,
                   bench_capacity):
        module.register(bench_app)
    app.add_typer(bench_app, name="bench")
