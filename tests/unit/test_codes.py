"""One list of error codes: every code in the source is listed, and every listed code documented."""

from __future__ import annotations

import re
from pathlib import Path

from sayso.codes import CODES

SRC = Path(__file__).resolve().parents[2] / "src" / "sayso"
LITERAL = re.compile(r"""\bcode\s*=\s*["']([a-z_0-9]+)["']""")
"""`code="..."` arguments and `code = "..."` class attributes (constants are listed by name)."""


def used_codes() -> set[str]:
    """Every code literal in sayso's source."""
    return {m for path in SRC.rglob("*.py") for m in LITERAL.findall(path.read_text())}


def test_every_code_in_the_source_is_listed() -> None:
    used = used_codes() - {"error"}  # SaysoError's own placeholder, never sent
    assert len(used) > 30  # the scan reads the source
    assert sorted(used - set(CODES)) == []


def test_every_code_is_documented() -> None:
    doc = (SRC / "server" / "REALTIME.md").read_text()
    assert [c for c in CODES if f"`{c}`" not in doc] == []
