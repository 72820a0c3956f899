"""The durability run's child process, and the parent's side of running and killing one."""

from __future__ import annotations

import argparse
import dataclasses
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Final

from durability_plan import T0, applied, intent, plan

from sayso.actions import FixedClock, open_actions
from sayso.config import load_settings

SCRIPT: Final[Path] = Path(__file__).resolve().with_name("durability.py")
"""The command a child runs (its --child mode, which calls `child` below)."""
READER_JOIN_S: Final[float] = 10.0
"""How long to wait for a dead child's remaining output, in seconds."""


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
    if args.checkpoint_pages:
        # A harness-only setting: checkpoints every few actions put more kills inside one.
        handler.store.execute(f"PRAGMA wal_autocheckpoint = {args.checkpoint_pages}")
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
    command = [sys.executable, str(SCRIPT), "--child", "--db", str(args.db)]
    command += ["--start", str(start), "--seed", str(args.seed), "--writes", str(args.writes)]
    command += ["--checkpoint-pages", str(args.checkpoint_pages)]
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
