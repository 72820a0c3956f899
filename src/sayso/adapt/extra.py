"""The `sayso[adapt]` extra: one clear error when it is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from sayso.errors import EngineUnavailable

EXTRA_MODULES = ("torch", "transformers", "peft")
"""What the adaptation commands import; all come with `pip install 'sayso[adapt]'`."""


def require(name: str) -> ModuleType:
    """Import `name` from the adapt extra, or raise one line naming the extra."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise EngineUnavailable(
            f"{name} is not installed; adaptation needs the extra: pip install 'sayso[adapt]'"
        ) from None


def require_all() -> None:
    """Check every module of the extra before a long run starts."""
    for name in EXTRA_MODULES:
        require(name)
