"""`sayso adapt llm`: fine-tune the embedded brain (LoRA) on your home's tools, then gate it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_STEPS = 80
"""Optimiser steps of the default run (batch 4: about one pass over the training set)."""
LOG_EVERY = 10
"""Steps between plain progress lines when stderr is not a terminal."""


def adapt_llm(
    out: Annotated[Path, typer.Option(help="Output folder (adapter.gguf, report.md/json).")],
    home: Annotated[
        Path | None, typer.Option(help="Home YAML whose devices, contacts and lists to train on.")
    ] = None,
    intents: Annotated[
        Path | None,
        typer.Option(help="Your hassil intents file; its sentences become no-tool requests."),
    ] = None,
    exclude: Annotated[
        list[Path] | None,
        typer.Option(help="Labelled request file to keep out of training (repeatable); the "
                          "packaged sets always are."),
    ] = None,
    steps: Annotated[int, typer.Option(help="Training steps (4 requests each).")] = DEFAULT_STEPS,
    seed: Annotated[int, typer.Option(help="Seed of data order and LoRA initialisation.")] = 0,
    resume: Annotated[
        bool, typer.Option(help="Continue an interrupted run from its last checkpoint.")
    ] = False,
) -> None:
    """Teach the embedded LLM your tools and home; keep the adapter only if it measures better."""
    from sayso.adapt.extra import require_all
    from sayso.adapt.llm.run import AdaptJob, check_inputs, run
    from sayso.adapt.llm.train import TrainConfig

    job = AdaptJob(out=out, home=home, intents=intents, exclude=tuple(exclude or ()),
                   train=TrainConfig(steps=steps, seed=seed), resume=resume)
    check_inputs(job)  # bad input: one line before the progress bar and the heavy imports
    require_all()
    started = time.monotonic()
    with _progress() as (progress, task):
        def on_step(done: int, total: int, loss: float) -> None:
            progress.update(task, completed=done, total=total, loss=f"{loss:.3f}")
            if not progress.console.is_terminal and done % LOG_EVERY == 0:  # a log file
                elapsed = time.monotonic() - started
                progress.console.print(f"step {done}/{total} loss {loss:.3f} "
                                       f"elapsed {elapsed:.0f} s")

        report = run(job, on_step=on_step, say=lambda line: progress.console.print(line))
    verdict = "deployable" if report["deployable"] else "NOT deployable (see report.md)"
    typer.echo(f"{out}: {verdict}")
    if report["deployable"]:
        typer.echo(f"use it with:  llm: {{lora: {report['config']['llm']['lora']}}}")


def _progress() -> Any:
    """A progress bar on stderr: step, loss, elapsed and time left."""
    import contextlib

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    @contextlib.contextmanager
    def bar() -> Any:
        progress = Progress(
            TextColumn("training"), BarColumn(), MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=Console(stderr=True),
        )
        with progress:
            yield progress, progress.add_task("train", total=None, loss="–")

    return bar()


def register(group: typer.Typer) -> None:
    """Add `llm` to the adapt group."""
    group.command("llm")(adapt_llm)
