"""A process that announces holds a lock beside the state database; one-shot commands then
leave what is due to it instead of marking it reported (a real store and a real lock file)."""

from __future__ import annotations

import subprocess
import sys

from sayso.actions import ActionHandler, FixedClock, Store
from sayso.actions.announcing import AnnouncingLock, someone_announces
from sayso.actions.timers import Timers
from sayso.app.assistant import Assistant


def test_the_lock_says_whether_someone_announces(store: Store) -> None:
    assert not someone_announces(store.path)
    first, second = AnnouncingLock(store.path), AnnouncingLock(store.path)
    first.hold()
    second.hold()  # shared: two servers on one database may both announce
    assert someone_announces(store.path)
    first.release()
    assert someone_announces(store.path)
    second.release()
    assert not someone_announces(store.path)


def test_a_lock_of_a_process_that_died_blocks_nothing(store: Store) -> None:
    code = (
        "import sys, os; from pathlib import Path\n"
        "from sayso.actions.announcing import AnnouncingLock\n"
        "AnnouncingLock(Path(sys.argv[1])).hold(); os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(store.path)], check=True, timeout=60)
    assert not someone_announces(store.path)


def test_a_one_shot_start_leaves_due_timers_to_the_announcer(
    handler: ActionHandler, store: Store, clock: FixedClock
) -> None:
    with store.transaction():
        Timers(store).start(60, clock.now(), "tea")
    clock.advance(61)
    announcing = AnnouncingLock(store.path)
    announcing.hold()
    try:
        assert Assistant._startup_notices(handler, "en") == []
        assert [t.name for t in Timers(store).live()] == ["tea"]  # still the announcer's
    finally:
        announcing.release()
    assert Assistant._startup_notices(handler, "en") == ["Your tea timer finished while I was off."]
