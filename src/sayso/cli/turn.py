"""`sayso turn` and `sayso demo`: one spoken turn from a recording."""

from __future__ import annotations

import asyncio
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from sayso.app.turn import TurnResult
from sayso.cli.common import (
    ConfigOption,
    JsonOption,
    SetOption,
    Stopwatch,
    print_json,
    settings_from,
)
from sayso.errors import BadInput

DEMO_RECORDING = "turn_on_the_kitchen_light.wav"
MAX_SESSION_CHARS = 64
"""Longest session name accepted by `--session`."""


def turn(
    audio: Annotated[
        Path | None, typer.Argument(help="Recording of one spoken request (wav/flac/ogg/mp3).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the spoken reply.")
    ] = None,
    json_out: JsonOption = False,
    config: ConfigOption = None,
    set_: SetOption = None,
    intents: Annotated[
        list[Path] | None, typer.Option("--intents", help="Custom intent YAML.")
    ] = None,
    home: Annotated[Path | None, typer.Option("--home", help="Home description YAML.")] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-t", help="Typed request instead of a recording.")
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help="Pre-authorise this turn's sensitive action (sending a message, unlocking); "
            "without it such a one-shot turn only asks and does nothing.",
        ),
    ] = False,
    session: Annotated[
        str,
        typer.Option(
            "--session",
            help="Conversation this turn belongs to: its memory and a pending question (\"Send "
            "'hi' to Alice?\") are kept in the state database, so a later turn can answer it.",
        ),
    ] = "default",
) -> None:
    """Run one turn: hear the request (or read --text), act on it, speak the reply."""
    settings = settings_from(
        config,
        sets=set_,
        intents={"custom": [str(p) for p in intents] if intents else None},
        home={"home_file": str(home) if home else None},
    )
    if (audio is None) == (text is None):
        raise BadInput("give either a recording or --text, not both or neither", code="usage")
    if not session.strip() or len(session) > MAX_SESSION_CHARS:
        raise BadInput(f"--session must be 1 to {MAX_SESSION_CHARS} characters", code="usage")
    result = (
        _run_turn_file(audio, settings, yes, session)
        if audio is not None
        else _run_text(text or "", settings, yes, session)
    )
    if output is not None:
        from sayso.audio.io import write_wav

        write_wav(output, result.reply_audio, result.sample_rate)
    if json_out:
        print_json(result.to_dict())
    else:
        _show(result, output)


def demo(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the reply.")
    ] = Path("reply.wav"),
) -> None:
    """Run one turn on the bundled demo recording and show what happened."""
    ref = resources.files("sayso.data.demo").joinpath(DEMO_RECORDING)
    with resources.as_file(ref) as path:
        typer.echo(f"demo recording: {DEMO_RECORDING}")
        turn(
            path,
            output=output,
            json_out=False,
            config=None,
            intents=None,
            home=None,
            text=None,
            yes=False,
            session="default",
        )
    _show_home_summary()


def _run_turn_file(audio: Path, settings: object, yes: bool, session: str) -> TurnResult:
    from sayso.app.assistant import Assistant
    from sayso.audio.io import ensure_not_silent, load_audio
    from sayso.config import Settings

    assert isinstance(settings, Settings)
    watch = Stopwatch()
    samples = load_audio(audio, max_seconds=settings.audio.max_seconds)
    ensure_not_silent(samples)
    decode_s = watch.seconds
    assistant = Assistant(settings).load()
    try:
        return asyncio.run(
            assistant.run_turn(samples, decode_s=decode_s, authorized=yes, session_id=session)
        )
    finally:
        assistant.close()


def _run_text(text: str, settings: object, yes: bool, session: str) -> TurnResult:
    from sayso.app.assistant import Assistant
    from sayso.config import Settings

    assert isinstance(settings, Settings)
    if not text.strip():
        raise BadInput("the request text is empty", code="text_empty")
    assistant = Assistant(settings).load(speech=False)
    assistant.load_tts()
    try:
        return asyncio.run(assistant.run_text(text, authorized=yes, session_id=session))
    finally:
        assistant.close()


def _show(result: TurnResult, output: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    data = result.to_dict()
    for notice in data["notices"]:
        console.print(f"[bold yellow]while you were away:[/] {notice}")
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("[bold]heard[/]", repr(data["transcript"]))
    intent = data["intent"] or "(none)"
    slots = ", ".join(f"{k}={v}" for k, v in data["slots"].items())
    table.add_row("[bold]intent[/]", f"{intent} {slots}".strip())
    action = result.action
    if action is not None:
        changes = "; ".join(f"{c.target}.{c.attribute}: {c.old} → {c.new}" for c in action.changes)
        status = "ok" if action.success else f"failed ({action.error_code})"
        table.add_row("[bold]action[/]", f"{status} {changes}".strip())
    table.add_row("[bold]reply[/]", data["reply"])
    if output is not None:
        table.add_row("[bold]audio[/]", f"{output} ({data['reply_audio_s']} s)")
    lat = "  ".join(f"{k} {v:.0f} ms" for k, v in data["latency_ms"].items())
    table.add_row("[bold]latency[/]", lat)
    for err in data["errors"]:
        table.add_row("[bold red]error[/]", f"{err['code']}: {err['message']}")
    console.print(table)


def _show_home_summary() -> None:
    from sayso.cli.state import home

    typer.echo("")
    home(config=None, json_out=False, domain="light")


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(turn)
    app.command()(demo)
