"""The CLI log handler follows `sys.stderr`: running the CLI in-process leaves logging usable."""

from __future__ import annotations

import logging

import pytest

from sayso.cli.main import run


def test_logging_works_after_the_cli_ran_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    # Found by the fuzz run: the handler stayed bound to the stderr the CLI swapped and closed,
    # and every later warning of the process printed a "Logging error" traceback instead.
    run(["engines", "--help"])  # standalone_mode=False: help returns rather than exits
    assert "engines" in capsys.readouterr().out
    logging.getLogger("sayso.test").warning("still logged")
    err = capsys.readouterr().err
    assert "still logged" in err and "Logging error" not in err
