"""kill -9 durability run for sayso's state database (issue 11, "Measure").

A child process opens the real store (`sayso.actions.open_actions`) and carries out a known plan
of timer, alarm and message actions through the real `ActionHandler.handle`, printing
"ack I" only after action I's transaction has committed. The parent SIGKILLs it at random
points (some while it opens and migrates the database), restarts it to continue the plan, and
at the end checks the file: every acknowledged action present (0 lost), no half-applied row
(0 partial, defined in durability_check.py), the home's devices seeded
exactly once each, `PRAGMA integrity_check` ok, and the restart path
(`sayso.actions.timers.on_startup`) reporting each due timer and alarm exactly once.

    /work/main/.venv/bin/python scripts/durability.py --writes 1000 --kills 10 --seed 1 --out DIR

Prints a one-line JSON summary (also written to DIR/durability.json); "kills" counts the kills
that landed (a short plan can finish before all of them). Exit status 0 when every check passes,
1 when one fails or the run times out, 2 for bad options.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any, Final, NoReturn

# Run the checkout this script belongs to, not whichever sayso the venv has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from durability_check import check_devices, check_rows, check_startup, integrity
from durability_child import ChildRun, RunFailed, child, run_child
from durability_plan import MAX_WRITES, plan

from sayso.actions import Store
from sayso.errors import SaysoError

MAX_KILL_DELAY_S: Final[float] = 0.005
"""A kill lands up to this long after the chosen acknowledgement, in seconds: about one or two
actions' time, so it falls anywhere inside the next transaction."""
OPEN_KILL_EVERY: Final[int] = 5
"""Kills 0, 5, 10, ... are aimed at opening the database (kill 0 at creating and migrating the
new file, the others at seeding the home on reopen) instead of at actions."""
MAX_STARTUP_DELAY_S: Final[float] = 0.06
"""Startup kills land up to this long after the child starts opening the store, in seconds: on a
new file this spans reading the home, creating the file, switching to WAL, both migration
transactions and seeding the devices (about 55 ms here); a reopen is faster, so some of these
kills land in the first actions instead."""
DEFAULT_TIMEOUT_S: Final[float] = 900.0
"""Whole-run bound, in seconds."""
SUMMARY_FILE: Final[str] = "durability.json"
DB_FILE: Final[str] = "state.sqlite3"


class OneLineParser(argparse.ArgumentParser):
    """Bad options get one error line (no usage block), like every sayso command."""

    def error(self, message: str) -> NoReturn:
        """Print `message` and exit with status 2."""
        self.exit(2, f"durability: {message}\n")


def _kill_point(
    rng: random.Random, number: int, left: int, remaining: int
) -> tuple[str, int, float]:
    if number % OPEN_KILL_EVERY == 0:
        return ("opening", 0, rng.uniform(0.0, MAX_STARTUP_DELAY_S))
    spacing = max(1, remaining // (left + 1))  # spread the kills over what is left of the plan
    return ("ack", rng.randint(0, 2 * spacing - 1), rng.uniform(0.0, MAX_KILL_DELAY_S))


def parent(args: argparse.Namespace) -> dict[str, Any]:
    """Run, kill and restart children until the plan is done, then check the database."""
    began = time.monotonic()
    deadline = began + args.timeout
    args.out.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    ops = plan(args.seed, args.writes)
    rng = random.Random(args.seed + 1)
    acked: set[int] = set()
    unacked: set[int] = set()  # found committed by a restarted child, never acknowledged
    kills: list[str] = []
    runs: list[ChildRun] = []
    while not runs or not runs[-1].done:
        start = max(acked | unacked, default=-1) + 1
        left = args.kills - len(kills)
        kill = _kill_point(rng, len(kills), left, len(ops) - start) if left > 0 else None
        run = run_child(args, start, kill, deadline)
        runs.append(run)
        acked.update(run.acks)
        unacked.update(run.skipped)
        if run.killed and not run.done:
            last = max(run.acks + run.skipped, default=start - 1)
            kills.append(str(last) if run.ready else "open")
        elif not run.done:
            raise RunFailed(f"a child exited with status {run.returncode} (see children.log)")
    store = Store(args.db)
    try:
        summary: dict[str, Any] = {"writes": args.writes, "seed": args.seed}
        summary["kills"] = len(kills)
        summary["kills_during_open"] = kills.count("open")
        # Per kill: "open" (while opening the store) or the last action acknowledged before it.
        summary["kill_points"] = kills
        summary["acked"] = len(acked)
        summary["committed_unacked"] = len(unacked)
        summary.update(check_rows(store, ops, acked))
        summary.update(check_devices(store))
        summary["integrity"] = integrity(store)
        summary.update(check_startup(store, ops))
    finally:
        store.close()
    summary["ok"] = (
        summary["lost"] == summary["missing"] == summary["partial"] == summary["duplicates"] == 0
        and summary["integrity"] == "ok"
        and summary["startup_ok"]
        and summary["devices_ok"]
        and len(acked | unacked) == args.writes
    )
    summary["checkpoint_pages"] = args.checkpoint_pages
    summary["elapsed_s"] = round(time.monotonic() - began, 1)
    return summary


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = OneLineParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=1000, help="actions in the plan")
    parser.add_argument("--kills", type=int, default=10, help="SIGKILLs during the run")
    parser.add_argument("--seed", type=int, default=1, help="plan and kill-point seed")
    parser.add_argument("--out", type=Path, default=Path("durability-out"), help="output folder")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="bound, in s")
    parser.add_argument(
        "--checkpoint-pages",
        type=int,
        default=0,
        help="WAL auto-checkpoint interval in pages (0: SQLite's default, 1000)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.writes <= MAX_WRITES:
        parser.error(f"--writes must be between 1 and {MAX_WRITES}")
    if args.kills < 0 or args.timeout <= 0 or args.checkpoint_pages < 0:
        parser.error("--kills and --checkpoint-pages must be >= 0 and --timeout > 0")
    if not args.child:
        args.db = args.out / DB_FILE
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point: the parent run, or (with --child) one child."""
    args = parse_args(argv)
    if args.child:
        return child(args)
    try:
        summary = parent(args)
    except (RunFailed, OSError, SaysoError) as exc:
        print(f"durability: {exc}", file=sys.stderr)
        return 1
    line = json.dumps(summary)
    (args.out / SUMMARY_FILE).write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
