"""The strict YAML reader: every value checked against its field's annotation, one clear error."""

from __future__ import annotations

import dataclasses
import math
import os
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml

from sayso.config.settings import Settings
from sayso.errors import ConfigError

T = TypeVar("T")


def _build(cls: type[T], raw: Any, where: str) -> T:
    """`cls` from a YAML mapping, every value checked against the field's annotation."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(raw).__name__}")
    names = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in names:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(names)})")
        kwargs[key] = _typed(hints[key], value, f"{where}.{key}")
    return cls(**kwargs)


def _typed(kind: Any, value: Any, where: str) -> Any:
    """`value` as a `kind` (the annotation of a settings field), or one clear `ConfigError`."""
    options = typing.get_args(kind) if isinstance(kind, types.UnionType) else (kind,)
    if value is None and type(None) in options:
        return None
    for option in (o for o in options if o is not type(None)):
        if dataclasses.is_dataclass(option) and isinstance(option, type):
            return _build(option, value, where)
        if typing.get_origin(option) is tuple and isinstance(value, list | tuple | str):
            items = [value] if isinstance(value, str) else list(value)
            if all(isinstance(item, str) for item in items):
                return tuple(items)
        if option is bool and isinstance(value, bool):
            return value
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if option is float and number and math.isfinite(value):
            return float(value)
        if option is str and isinstance(value, str):
            return value
    wanted = " or ".join(_type_name(o) for o in options)
    raise ConfigError(f"{where} must be {wanted}, got {value!r}")


def _type_name(kind: Any) -> str:
    if kind is type(None):
        return "null"
    if typing.get_origin(kind) is tuple:
        return "a list of strings"
    if dataclasses.is_dataclass(kind):
        return "a mapping"
    return {int: "an integer", float: "a finite number", bool: "true or false"}.get(
        kind, "a string"
    )


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load settings from YAML (or $SAYSO_CONFIG); `overrides` are dotted-free section dicts."""
    raw: dict[str, Any] = {}
    source = path or os.environ.get("SAYSO_CONFIG")
    if source:
        try:
            loaded = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config {source}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"config {source} is not valid YAML: {exc}") from None
        raw = loaded or {}
    for section, values in overrides.items():
        raw.setdefault(section, {})
        if isinstance(values, dict):
            raw[section] = {**raw[section], **values}
        else:
            raw[section] = values
    session = raw.get("session")
    if isinstance(session, dict) and "vad" in session:
        raise ConfigError("config.session: endpointing lives in the vad: section, not session.vad")
    if isinstance(session, dict) and "wake" in session:
        raise ConfigError("config.session: the wake word lives in the wake: section")
    return _build(Settings, raw, "config")
