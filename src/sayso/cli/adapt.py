"""`sayso adapt …`: fine-tune a model to the user's domain and keep it only if it measures better.

Each model kind registers its own command on this group (`adapt_asr.py`, `adapt_llm.py`); the
training libraries are the `sayso[adapt]` extra, imported inside the commands only.
"""

from __future__ import annotations

import importlib

import typer

adapt_app = typer.Typer(
    help="Adapt a model to your domain (needs the extra: pip install 'sayso\\[adapt]').",
    no_args_is_help=True,
)

COMMAND_MODULES = ("sayso.cli.adapt_asr", "sayso.cli.adapt_llm")
"""Modules that each add one `sayso adapt` command (`register(group)`); missing ones are skipped."""


def register(app: typer.Typer) -> None:
    """Add the `adapt` group and every adaptation command to the `sayso` app."""
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(adapt_app)
    app.add_typer(adapt_app, name="adapt")
