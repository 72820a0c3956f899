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
import dataclasses
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Final, NoReturn

# Run the checkout this script belongs to, not whichever sayso the venv has installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from durability_check import check_devices, check_rows, check_startup, integrity
from durability_plan import MAX_WRITES, T0, applied, intent, plan

from sayso.actions import FixedClock, Store, open_actions
from sayso.config import load_settings
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
READER_JOIN_S: Final[float] = 10.0
"""How long to wait for a dead child's remaining output, in seconds."""
SUMMARY_FILE: Final[str] = "durability.json"
DB_FILE: Final[str] = "state.sqlite3"


class OneLineParser(argparse.ArgumentParser):
    """Bad options get one error line (no usage block), like every sayso command."""

    def error(self, message: str) -> NoReturn:
        """Print `message` and exit with status 2."""
        self.exit(2, f"durability: {message}\n")


class RunFailed(Exception):
    """The run could not finish (timeout, a child that failed an action)."""


@dataclasses.dataclass
class ChildRun:
    """What one child process printed."""

    acks: list[int] = dataclasses.field(default_factory=list)
    skipped: list[int] = dataclasses.field(default_factory=list)
    """Actions found already committed at start (acknowledgement lost to the previous kill)."""
    ready: bool = False
    """The store was open (and migrated, and the home seeded) when the child said so."""
    done: bool = False
    killed: bool = False
    returncode: int | None = None


def _emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def child(args: argparse.Namespace) -> int:
    """Carry out the plan from `--start`, acknowledging each action after it commits."""
    ops = plan(args.seed, args.writes)
    clock = FixedClock(T0)
    settings = load_settings(None, home={"db_path": str(args.db), "timezone": "UTC"})
    _emit("opening")
    handler = open_actions(settings, clock=clock)
    start = args.start
    # The previous child may have committed its last action without getting to say so.
    while start < len(ops) and applied(handler.store, ops[start]):
        start += 1
    _emit(f"ready {args.start} {start}")
    for op in ops[start:]:
        clock.set(op.at)
        result = handler.handle(intent(op))
        if not result.success:
            _emit(f"fail {op.index} {result.error_code}")
            return 1
        _emit(f"ack {op.index}")
    handler.store.close()
    _emit("done")
    return 0


def _read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def _record(run: ChildRun, line: str) -> None:
    word, *rest = line.split()
    if word == "ack":
        run.acks.append(int(rest[0]))
    elif word == "ready":
        run.ready = True
        run.skipped = list(range(int(rest[0]), int(rest[1])))
    elif word == "done":
        run.done = True
    elif word == "fail":
        raise RunFailed(f"action {rest[0]} was refused ({rest[1]}): the plan is wrong")


def run_child(
    args: argparse.Namespace, start: int, kill: tuple[str, int, float] | None, deadline: float
) -> ChildRun:
    """Run one child from action `start`; `kill` = (after "opening" or "ack", count, delay)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", str(args.db)]
    command += ["--start", str(start), "--seed", str(args.seed), "--writes", str(args.writes)]
    env = {k: v for k, v in os.environ.items() if k != "SAYSO_CONFIG"}
    with (args.out / "children.log").open("a") as log:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, env=env)
    assert proc.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    run = ChildRun()
    try:
        while (line := lines.get(timeout=max(0.0, deadline - time.monotonic()))) is not None:
            _record(run, line)
            if kill is not None and _triggered(kill, line, run):
                time.sleep(kill[2])
                proc.kill()  # SIGKILL: no handler, no cleanup, no flush
                run.killed = True
                break
    except queue.Empty:
        proc.kill()
        raise RunFailed(f"timed out after {args.timeout:.0f} s") from None
    finally:
        run.returncode = proc.wait()
    # Acknowledgements already in the pipe when the kill landed still count: they were printed
    # after their commit. The pipe is closed now, so the reader ends promptly.
    reader.join(timeout=READER_JOIN_S)
    while not lines.empty() and (line := lines.get_nowait()) is not None:
        _record(run, line)
    return run


def _triggered(kill: tuple[str, int, float], line: str, run: ChildRun) -> bool:
    if kill[0] == "opening":
        return line == "opening"
    return line.startswith(("ack", "ready")) and len(run.acks) >= kill[1]


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
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.writes <= MAX_WRITES:
        parser.error(f"--writes must be between 1 and {MAX_WRITES}")
    if args.kills < 0 or args.timeout <= 0:
        parser.error("--kills must be >= 0 and --timeout > 0")
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
