"""The `sayso` command: one clear line on stderr and a nonzero exit for every error."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import typer

from sayso.cli.common import native_stderr_silenced
from sayso.errors import SaysoError

app = typer.Typer(
    name="sayso",
    help="sayso: a local-first voice assistant engine (listen, understand, act, speak).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
_registered = False


def _register() -> None:
    # Command modules import only typer and sayso's light modules at import time; engines are
    # imported inside the commands, so `sayso --help` stays fast.
    global _registered
    if _registered:  # `run` called again in one process (tests, fuzzers)
        return
    from sayso.cli import adapt, bench, engines, serve, speech, state, talk, turn, turn_model
    from sayso.cli import eval as eval_cmd

    for module in (turn, speech, state, serve, talk, bench, engines, eval_cmd, adapt, turn_model):
        module.register(app)
    _registered = True


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _register()
    try:
        # Native libraries (libmpg123, llama.cpp, onnxruntime) write notes straight to file
        # descriptor 2; only sayso's own messages may reach the user's stderr.
        with native_stderr_silenced(enabled=not os.environ.get("SAYSO_DEBUG")):
            logging.basicConfig(
                level=os.environ.get("SAYSO_LOG", "WARNING").upper(),
                format="%(levelname)s %(name)s: %(message)s",
                handlers=[CurrentStderrHandler()],
                force=True,  # one handler, also when run twice in one process (tests)
            )
            app(args=argv, standalone_mode=False)
    except SaysoError as exc:
        _fail(f"error: {exc.message}", exc.exit_code)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        _fail("aborted", EXIT_INTERRUPTED)
    except typer.TyperException as exc:  # usage errors (typer vendors click)
        formatter = getattr(exc, "format_message", None)
        message = formatter() if formatter else str(exc)
        if not message:  # a command group run bare: its help was the answer
            raise SystemExit(EXIT_USAGE) from None
        _fail(f"error: {message}", EXIT_USAGE)
    except KeyboardInterrupt:
        _fail("interrupted", EXIT_INTERRUPTED)
    except Exception as exc:
        if os.environ.get("SAYSO_DEBUG"):
            raise
        _fail(
            f"internal error: {type(exc).__name__}: {exc} (SAYSO_DEBUG=1 shows a traceback)",
            EXIT_INTERNAL,
        )


class CurrentStderrHandler(logging.StreamHandler):
    """Logs to whatever `sys.stderr` is when a record comes, not when logging was set up.

    The CLI swaps `sys.stderr` while native output is silenced and closes the swapped stream
    after; a handler bound to it would fail ("I/O operation on closed file") on every later log
    record of the process.
    """

    @property
    def stream(self) -> Any:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass  # always the current sys.stderr


def _fail(line: str, code: int) -> None:
    # Deferred: the audio package imports numpy, which `sayso --help` should not pay for.
    from sayso.errors import printable

    first = line.splitlines()[0] if line.strip() else "error"
    print(printable(first), file=sys.stderr)
    raise SystemExit(code)


if __name__ == "__main__":
    run()
