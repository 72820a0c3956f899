"""Options and helpers shared by the commands."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from collections.abc import Iterator
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
