"""Errors with stable codes; the CLI prints them as one line and servers send them as events."""

from __future__ import annotations

import unicodedata


class SaysoError(Exception):
    """Base error: a stable `code` and a one-line human message."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        """The one-line message."""
        return str(self)


class BadInput(SaysoError):
    """The input cannot be used (unreadable, empty, silent, too long); nothing was changed."""

    code = "bad_input"
    exit_code = 2


class ConfigError(SaysoError):
    """The configuration (file, option, custom intents, home file) is invalid."""

    code = "bad_config"
    exit_code = 2


class EngineUnavailable(SaysoError):
    """An engine is not installed or its model cannot be found; the message says how to fix it."""

    code = "engine_unavailable"
    exit_code = 3


class NotLoaded(SaysoError):
    """An engine was used before its explicit `load()`."""

    code = "not_loaded"


def printable(name: str) -> str:
    """`name` with control and format characters escaped, so a file name cannot drive the terminal.

    Escape sequences (ESC [ ...), newlines and bidi overrides in a name would otherwise reach the
    user's terminal inside an error line, or split it into several.
    """
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        else ch
        for ch in name
    )
