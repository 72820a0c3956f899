"""kill -9 durability: scripts/durability.py on a short plan, and its check on tampered files."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPTS = Path(__file__).parents[2] / "scripts"
WRITES = 40
KILLS = 2
SEED = 7

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("durability")
    command = [sys.executable, str(SCRIPTS / "durability.py"), "--writes", str(WRITES)]
    command += ["--kills", str(KILLS), "--seed", str(SEED), "--out", str(out), "--timeout", "240"]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    summary: dict[str, Any] = json.loads(lines[0])
    assert json.loads((out / "durability.json").read_text()) == summary
    return summary, out / "state.sqlite3"


def test_killed_children_lose_nothing_and_leave_nothing_half_done(
    run: tuple[dict[str, Any], Path],
) -> None:
    summary, _ = run
    assert summary["kills"] == KILLS
    assert summary["lost"] == summary["missing"] == 0
    assert summary["partial"] == summary["duplicates"] == 0
    assert summary["integrity"] == "ok"
    assert summary["devices_ok"] is True
    # Every action is accounted for: acknowledged, or committed just before a kill.
    assert summary["acked"] + summary["committed_unacked"] == WRITES
    assert summary["startup_ok"] and summary["startup_repeated"] == 0
    assert summary["startup_due"] == summary["startup_expected"] > 0
    assert summary["ok"] is True


def test_the_check_sees_lost_partial_and_duplicated_rows(
    run: tuple[dict[str, Any], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    from durability_plan import plan

    db = tmp_path / "state.sqlite3"
    shutil.copy(run[1], db)
    ops = plan(SEED, WRITES)
    updated = {op.target for op in ops if op.target >= 0}
    timers = [op.label for op in ops if op.kind == "timer" and op.index not in updated]
    messages = [op.label for op in ops if op.kind == "message"]
    alarms = [op.label for op in ops if op.kind == "alarm"]
    # Undo the run's restart check (it fired the due timers and marked alarms missed).
    sql(db, "UPDATE timers SET status = 'active' WHERE status = 'fired'")
    sql(db, "UPDATE alarms SET status = 'pending', reported = 0 WHERE status = 'missed'")
    assert check(db, ops) == {"lost": 0, "partial": 0, "stray_rows": 0, "duplicates": 0}
    sql(db, "DELETE FROM timers WHERE name = ?", timers[0])  # lost
    sql(db, "UPDATE timers SET ends_at = NULL WHERE name = ?", timers[1])
    sql(db, "UPDATE outbox SET body = substr(body, 1, 4) WHERE body = ?", messages[0])
    sql(db, "INSERT INTO outbox (recipient, body, created_at) VALUES ('Bob', '', 'x')")
    sql(
        db,
        "INSERT INTO alarms (label, due_at, status, created_at)"
        " SELECT label, due_at, status, created_at FROM alarms WHERE label = ?",
        alarms[0],
    )
    found = check(db, ops)
    # Partial: the timer without its end, the cut message body, the message with no body at all.
    assert found == {"lost": 1, "partial": 3, "stray_rows": 1, "duplicates": 1}


def sql(db: Path, statement: str, *params: str) -> None:
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute(statement, params)
    finally:
        conn.close()


def check(db: Path, ops: list[Any]) -> dict[str, int]:
    from durability_check import check_rows

    from sayso.actions import Store

    store = Store(db)
    try:
        found = check_rows(store, ops, acked={op.index for op in ops})
    finally:
        store.close()
    return {k: found[k] for k in ("lost", "partial", "stray_rows", "duplicates")}
