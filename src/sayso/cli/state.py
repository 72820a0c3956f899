"""`sayso home`, `sayso timers`, `sayso outbox`: what the assistant's world looks like now."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from sayso.cli.common import ConfigOption, JsonOption, print_json, settings_from


def _open(config: Any) -> Any:
    from sayso.actions import open_actions

    return open_actions(settings_from(config))


def home(
    config: ConfigOption = None,
    json_out: JsonOption = False,
    domain: Annotated[str | None, typer.Option(help="Only this domain (light, cover...).")] = None,
) -> None:
    """Show the device states of the home."""
    handler = _open(config)
    try:
        rows = handler.store.rows(
            "SELECT entity_id, name, area, state, attributes FROM devices ORDER BY area, entity_id"
        )
    finally:
        handler.store.close()
    devices = [
        {**dict(r), "attributes": json.loads(r["attributes"])}
        for r in rows
        if domain is None or r["entity_id"].startswith(f"{domain}.")
    ]
    if json_out:
        print_json(devices)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("area", "device", "state", "attributes", title="home")
    for d in devices:
        attrs = ", ".join(f"{k}={v}" for k, v in d["attributes"].items() if k != "friendly_name")
        table.add_row(d["area"] or "", f"{d['name']} ({d['entity_id']})", d["state"], attrs)
    Console().print(table)


def timers(config: ConfigOption = None, json_out: JsonOption = False) -> None:
    """Show timers and alarms; reports alarms that came due while nothing was running."""
    from sayso.actions.alarms import Alarms
    from sayso.actions.announcing import someone_announces
    from sayso.actions.timers import Timers, due, on_startup

    handler = _open(config)
    try:
        now = handler.clock.now()
        fired = []
        if not someone_announces(handler.store.path):  # else a running server says them
            fired = [*on_startup(handler.store, now), *due(handler.store, now)]
        live = [
            {
                "id": t.id,
                "name": t.name,
                "remaining_s": round(t.remaining(now), 1),
                "status": t.status,
            }
            for t in Timers(handler.store).live()
        ]
        alarms = [
            {"id": a.id, "label": a.label, "due_at": a.due_at.isoformat(), "status": a.status}
            for a in Alarms(handler.store).pending()
        ]
        notices = [item.speech(handler.clock.now().tzinfo) for item in fired]
    finally:
        handler.store.close()
    if json_out:
        print_json({"timers": live, "alarms": alarms, "notices": notices})
        return
    for line in notices:
        typer.echo(f"! {line}")
    for t in live:
        typer.echo(f"timer {t['id']} {t['name'] or ''} {t['status']}, {t['remaining_s']} s left")
    for a in alarms:
        typer.echo(f"alarm {a['id']} {a['label'] or ''} at {a['due_at']}")
    if not (live or alarms or notices):
        typer.echo("no timers or alarms")


def outbox(config: ConfigOption = None, json_out: JsonOption = False) -> None:
    """Show queued messages."""
    from sayso.actions.messages import Outbox

    handler = _open(config)
    try:
        messages = [
            {"id": m.id, "to": m.recipient, "body": m.body, "status": m.status}
            for m in Outbox(handler.store).all()
        ]
    finally:
        handler.store.close()
    if json_out:
        print_json(messages)
    else:
        for m in messages:
            typer.echo(f"{m['id']}: to {m['to']}: {m['body']} [{m['status']}]")
        if not messages:
            typer.echo("outbox is empty")


def backup(
    out: Annotated[Path, typer.Argument(help="File to write the copy to.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUT if it exists.")] = False,
    config: ConfigOption = None,
) -> None:
    """Copy the state database (home, timers, alarms, outbox) safely, even while sayso runs."""
    from sayso.actions.store import Store
    from sayso.errors import BadInput

    source = settings_from(config).db_path()
    if not source.is_file():
        raise BadInput(f"there is no state database at {source} yet", code="no_state")
    if out.exists() and out.resolve() == source.resolve():
        raise BadInput(f"{out} is the state database itself", code="output_exists")
    if out.is_dir():
        raise BadInput(f"{out} is a folder; give a file name", code="output_exists")
    if out.exists() and not force:
        raise BadInput(f"{out} exists (use --force to overwrite it)", code="output_exists")
    store = Store(source)
    try:
        store.backup(out)
    finally:
        store.close()
    typer.echo(f"backed up {source} to {out} ({out.stat().st_size // 1024} KB)")


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(home)
    app.command()(timers)
    app.command()(outbox)
    app.command()(backup)
