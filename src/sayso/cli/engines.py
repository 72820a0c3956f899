"""`sayso engines`: what each stage can use and whether it is installed."""

from __future__ import annotations

import typer

from sayso.cli.common import JsonOption, print_json


def engines(json_out: JsonOption = False) -> None:
    """List the registered engines per stage and whether each is installed."""
    from sayso import registry

    rows = [
        {
            "kind": s.kind,
            "name": s.name,
            "installed": registry.is_installed(s),
            "description": s.description,
            "install": s.install_hint,
        }
        for s in registry.specs()
    ]
    if json_out:
        print_json(rows)
        return
    for r in rows:
        mark = "ok " if r["installed"] else "-- "
        hint = "" if r["installed"] else f"  ({r['install']})"
        typer.echo(f"{mark}{r['kind']:8} {r['name']:15} {r['description']}{hint}")


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(engines)
