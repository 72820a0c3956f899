"""Options and helpers shared by the commands."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from sayso.config import Settings, load_settings
from sayso.errors import ConfigError, printable

ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="YAML settings file (default: $SAYSO_CONFIG).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        "-s",
        help="Override one setting, SECTION.KEY=VALUE (repeatable), e.g. "
        "--set session.early_endpoint_ms=300 --set vad.min_silence_ms=700.",
    ),
]


def settings_from(
    config: Path | None, *, sets: list[str] | None = None, **overrides: Any
) -> Settings:
    """Settings from the file, then `--set` values, then non-empty per-command overrides."""
    clean = {k: {kk: vv for kk, vv in v.items() if vv is not None} for k, v in overrides.items()}
    merged = parse_sets(sets or ())
    for section, values in clean.items():
        if values:
            merged[section] = {**merged.get(section, {}), **values}
    return load_settings(config, **merged)


def parse_sets(sets: Iterable[str]) -> dict[str, dict[str, Any]]:
    """`SECTION.KEY=VALUE` strings as section overrides (values read as YAML scalars or lists)."""
    out: dict[str, dict[str, Any]] = {}
    for item in sets:
        name, sep, raw = item.partition("=")
        section, dot, key = name.strip().partition(".")
        if not (sep and dot and section and key and "." not in key):
            raise ConfigError(f"--set takes SECTION.KEY=VALUE, got {printable(item)!r}")
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            raise ConfigError(f"--set {printable(name)}: cannot read {printable(raw)!r}") from None
        out.setdefault(section, {})[key] = value
    return out


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


@contextlib.contextmanager
def native_stderr_silenced(*, enabled: bool = True) -> Iterator[None]:
    """Point file descriptor 2 at /dev/null while Python's `sys.stderr` keeps the real stderr.

    Native code (libsndfile's libmpg123, llama.cpp, onnxruntime) writes multi-line notes to fd 2
    directly, which would break the one-line error rule; Python-level messages (errors, logging,
    warnings) still reach the user. `SAYSO_DEBUG=1` turns this off to see everything.
    """
    if not enabled:
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, io.UnsupportedOperation):
        yield  # no real stderr (embedded interpreter): nothing to protect
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    original = sys.stderr
    sys.stderr = open(  # noqa: SIM115 - closed below, after fd 2 is restored
        os.dup(saved), "w", encoding=getattr(original, "encoding", None) or "utf-8",
        errors="backslashreplace", buffering=1,
    )
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        yield
    finally:
        sys.stderr.flush()
        sys.stderr.close()
        sys.stderr = original
        os.dup2(saved, 2)
        os.close(saved)
