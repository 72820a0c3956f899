"""`sayso turn-model`: which audio end-of-turn model live sessions read, and fetching it."""

from __future__ import annotations

from typing import Annotated

import typer

from sayso.cli.common import ConfigOption, settings_from

FetchOption = Annotated[
    bool,
    typer.Option("--fetch", help="Copy Smart Turn v3 out of the pipecat-ai wheel on the package "
                 "index into the cache (about 12 MB downloaded; Pipecat is not installed)."),
]


def turn_model(fetch: FetchOption = False, config: ConfigOption = None) -> None:
    """Say which end-of-turn model file live sessions read (Smart Turn v3, BSD 2-Clause)."""
    from sayso.vad import turn_model as tm

    if fetch:
        typer.echo(f"fetched: {tm.fetch()}")
    setting = str(settings_from(config).session.turn_model)
    if setting == "off":
        found = tm.find_model()
        where = f"found at {found}" if found else "`sayso turn-model --fetch` gets one"
        typer.echo(f"turn model: off (session.turn_model: auto or a path turns it on; {where})")
        return
    model = tm.load_turn_model(setting)  # a configured file that is missing: one clear error
    if model is None:
        typer.echo("turn model: none found (`sayso turn-model --fetch` gets one)")
    else:
        typer.echo(f"turn model: {model.path}")


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command("turn-model")(turn_model)
