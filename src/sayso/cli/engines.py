"""`sayso engines`: what each stage can use and whether it is installed."""

from __future__ import annotations

from pathlib import Path

import typer

from sayso.cli.common import ConfigOption, JsonOption, print_json, settings_from


def engines(json_out: JsonOption = False, config: ConfigOption = None) -> None:
    """List the registered engines per stage and whether each is installed."""
    from sayso import registry

    if config is not None:
        typer.echo(_configured_asr(config))
        lora = settings_from(config).llm.lora
        if lora:
            from sayso.adapt.llm.gate import describe_lora

            typer.echo(describe_lora(lora))

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


def _configured_asr(config: Path) -> str:
    """The configured ASR model, and whether `sayso adapt asr` made it and its gate passed."""
    from sayso.adapt.gate import is_deployable
    from sayso.asr.whisper.engine import served_encoder_pad

    model = settings_from(config).asr.model
    line = f"asr model: {model}"
    folder = Path(model).expanduser().parent
    if (folder / "report.json").is_file():
        verdict = "passed its gate" if is_deployable(folder) else "did NOT pass its gate"
        line += f" (adapted by sayso adapt asr; {verdict}: {folder / 'report.md'})"
    pad = served_encoder_pad(model)
    encoded = "the 30 s window" if pad is None else f"the speech + {pad:g} s"
    return f"{line}\nasr encoder input: {encoded}"


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(engines)
