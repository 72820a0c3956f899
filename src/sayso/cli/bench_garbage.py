"""`sayso bench garbage`: noise, fragments and one-word inputs must change nothing (issue 14)."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from typing import Annotated

import typer

from sayso.cli.bench import OutOption
from sayso.cli.common import ConfigOption, settings_from


def bench_garbage(
    audio: Annotated[
        bool, typer.Option(help="Also run the noise clips and spoken fragments.")
    ] = True,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Run only the first N text inputs (a quick check).")
    ] = None,
    after: Annotated[
        str, typer.Option(help='A command said first in each input\'s session ("turn on the '
                          'kitchen light"): the inputs as turns that could lean on it.')
    ] = "",
    out: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Run the garbage corpus through whole turns and count state changes (state in a temp folder).

    Exits 1 when any input changed the home, a timer, an alarm, the outbox or a list.
    """
    from sayso.app.assistant import Assistant
    from sayso.bench.garbage import SPOKEN, noise_clips, text_corpus, timed_run
    from sayso.bench.report import machine_info, write_bench
    from sayso.bench.speech import render_clips

    texts = text_corpus()[:limit] if limit is not None else text_corpus()
    with tempfile.TemporaryDirectory(prefix="sayso-bench-") as tmp:
        settings = dataclasses.replace(settings_from(config), data_dir=tmp)
        assistant = Assistant(settings).load(speech=audio)
        try:
            clips = noise_clips() + render_clips(assistant.load_tts(), SPOKEN) if audio else []
            _, summary = timed_run(assistant, texts, clips, _show, after)
        finally:
            assistant.close()
    summary["llm"] = settings.llm.engine if assistant.brain is not None else "none"
    summary["after"] = after
    result = {"machine": machine_info(), "garbage": summary}
    block = "```json\n" + json.dumps(summary, indent=2) + "\n```\n"
    typer.echo(write_bench("garbage", result, out, [block]))
    if summary["state_changes"]:
        raise typer.Exit(1)


def _show(row: object) -> None:
    typer.echo(f"  {row}", err=True)


def register(group: typer.Typer) -> None:
    """Add `garbage` to the bench group."""
    group.command("garbage")(bench_garbage)
