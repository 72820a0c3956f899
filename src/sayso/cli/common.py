"""Options and helpers shared by the commands."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from sayso.config import Settings, load_settings

ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="YAML settings file (default: $SAYSO_CONFIG).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def settings_from(config: Path | None, **overrides: Any) -> Settings:
    """Settings from the file plus non-empty per-command overrides."""
    clean = {k: {kk: vv for kk, vv in v.items() if vv is not None} for k, v in overrides.items()}
    return load_settings(config, **{k: v for k, v in clean.items() if v})


def print_json(data: Any) -> None:
    """Pretty JSON on stdout."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


class Stopwatch:
    """Wall-clock seconds since construction (monotonic)."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    @property
    def seconds(self) -> float:
        """Elapsed seconds."""
        return time.monotonic() - self.start
