"""Strict parsing of client frames: bounded JSON, finite numbers, values typed from the schema.

Everything a client sends passes through here before it reaches the session, so a hostile frame
becomes a `BadInput` with a stable code (sent as an ``error`` event) and never an exception that
drops the connection.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import typing
from typing import Any

from sayso.codes import (
    INVALID_EVENT,
    INVALID_JSON,
    INVALID_SESSION,
    INVALID_VALUE,
    JSON_TOO_DEEP,
    STRING_ABOVE_MAX_LENGTH,
)
from sayso.config import SessionConfig, VadConfig, WakeConfig
from sayso.errors import BadInput

MAX_JSON_DEPTH = 16
"""Deepest nesting of arrays and objects in a client event (OpenAI's events need 5)."""
MAX_MS = 600_000
"""Largest duration setting, ms (10 minutes: beyond it a setting is a mistake or an attack)."""
MAX_SECONDS = MAX_MS / 1000
MAX_WORDS = 256
"""Longest list of words in a setting (e.g. backchannels)."""
MAX_WORD_CHARS = 64
"""Longest word or name in a setting."""


def _no_constant(name: str) -> Any:
    raise BadInput(f"{name} is not valid JSON (numbers must be finite)", code=INVALID_JSON)


def parse_event(text: str) -> dict[str, Any]:
    """The client event in `text`: a JSON object with a string ``type``.

    Nested at most `MAX_JSON_DEPTH` deep; raises `BadInput` (invalid_json, json_too_deep,
    invalid_event).
    """
    try:
        event = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadInput(f"malformed JSON: {exc.msg} at position {exc.pos}",
                       code=INVALID_JSON) from None
    except RecursionError:
        # The C parser recurses per nesting level; far too deep is refused before walking it.
        raise BadInput(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels",
                       code=JSON_TOO_DEEP) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise BadInput(f"malformed JSON: {exc}", code=INVALID_JSON) from None
    if json_depth(event) > MAX_JSON_DEPTH:
        raise BadInput(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels", code=JSON_TOO_DEEP)
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise BadInput("an event must be a JSON object with a string 'type'", code=INVALID_EVENT)
    return event


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
            stack.extend((v, depth) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def number(value: Any, name: str, low: float, high: float, *, integer: bool = False) -> float:
    """`value` as a finite number within [`low`, `high`]; `BadInput` (invalid_value) otherwise."""
    kind = "an integer" if integer else "a number"
    # bool is an int in Python but never a number on the wire.
    ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
    if isinstance(value, bool) or not ok_type:
        raise BadInput(f"{name} must be {kind}", code=INVALID_VALUE)
    # Compare before isfinite: a huge int cannot become a float (OverflowError).
    if not (low <= value <= high and math.isfinite(value)):
        raise BadInput(f"{name} must be {kind} in {low:g}..{high:g}", code=INVALID_VALUE)
    return value


def bounded_text(value: Any, name: str, limit: int) -> str:
    """`value` as a string of at most `limit` characters."""
    if not isinstance(value, str):
        raise BadInput(f"{name} must be a string", code=INVALID_VALUE)
    if len(value) > limit:
        raise BadInput(f"{name} is longer than {limit} characters", code=STRING_ABOVE_MAX_LENGTH)
    return value


@functools.cache
def _session_types() -> dict[str, Any]:
    return typing.get_type_hints(SessionConfig)


def _range(field: str, is_int: bool) -> tuple[float, float]:
    """Bounds of a numeric setting, from its unit suffix (ms, s) or else a 0..1 fraction."""
    if field.endswith("_ms"):
        return 0, MAX_MS
    if field.endswith("_s"):
        return 0, MAX_SECONDS
    return (0, MAX_MS) if is_int else (0.0, 1.0)


def session_setting(field: str, value: Any) -> Any:
    """One ``session.sayso`` value checked against `SessionConfig`'s annotation for `field`."""
    types = _session_types()
    if field not in types:
        known = ", ".join(f.name for f in dataclasses.fields(SessionConfig))
        raise BadInput(f"unknown sayso session setting {field!r} (known: {known})",
                       code=INVALID_SESSION)
    kind = types[field]
    where = f"session.sayso.{field}"
    if kind is bool:
        if not isinstance(value, bool):
            raise BadInput(f"{where} must be true or false", code=INVALID_SESSION)
        return value
    if kind in (int, float):
        return number(value, where, *_range(field, kind is int), integer=kind is int)
    if kind is str:
        return bounded_text(value, where, MAX_WORD_CHARS)
    if typing.get_origin(kind) is tuple:
        if not isinstance(value, list) or len(value) > MAX_WORDS:
            raise BadInput(f"{where} must be a list of at most {MAX_WORDS} strings",
                           code=INVALID_SESSION)
        return tuple(bounded_text(v, f"{where}[]", MAX_WORD_CHARS) for v in value)
    if kind is VadConfig:  # endpointing: {"vad": {"min_silence_ms": 700, ...}}
        return vad_settings(value, where)
    if kind is WakeConfig:  # {"wake": {"enabled": true, "model": "alexa"}}
        return wake_settings(value, where)
    raise BadInput(f"{where} cannot be set over the wire", code=INVALID_SESSION)


def vad_settings(value: Any, where: str) -> dict[str, Any]:
    """Endpointing changes (`VadConfig` fields but the engine, which is per server)."""
    if not isinstance(value, dict):
        raise BadInput(f"{where} must be an object", code=INVALID_SESSION)
    names = {f.name for f in dataclasses.fields(VadConfig)} - {"engine"}
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in names:
            raise BadInput(f"unknown {where} setting {key!r} (known: {', '.join(sorted(names))})",
                           code=INVALID_SESSION)
        integer = key != "threshold"
        out[key] = number(item, f"{where}.{key}", *_range(key, integer), integer=integer)
    return out


def wake_settings(value: Any, where: str) -> dict[str, Any]:
    """Wake-word changes (`WakeConfig` fields but the engine, which is per server)."""
    if not isinstance(value, dict):
        raise BadInput(f"{where} must be an object", code=INVALID_SESSION)
    names = {f.name for f in dataclasses.fields(WakeConfig)} - {"engine"}
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in names:
            raise BadInput(f"unknown {where} setting {key!r} (known: {', '.join(sorted(names))})",
                           code=INVALID_SESSION)
        name = f"{where}.{key}"
        if key == "enabled":
            if not isinstance(item, bool):
                raise BadInput(f"{name} must be true or false", code=INVALID_SESSION)
            out[key] = item
        elif key == "model":
            # Only the pre-trained names: a client must not make the server open files.
            out[key] = bounded_text(item, name, MAX_WORD_CHARS)
            if out[key].endswith(".onnx"):
                raise BadInput(f"{name} must name a model, not a file", code=INVALID_SESSION)
        else:
            out[key] = number(item, name, *_range(key, False), integer=False)
    return out
