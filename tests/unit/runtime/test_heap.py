"""Freezing the loaded objects out of the cycle collector's walks."""

from __future__ import annotations

import gc
import os
import platform
import subprocess
import sys

import pytest

from sayso.runtime.heap import MALLOC_ARENAS, freeze_loaded


def test_objects_alive_at_the_freeze_are_no_longer_walked_and_garbage_went_first() -> None:
    class Node:
        partner: object = None

    kept = [Node() for _ in range(1000)]
    cycle = Node()
    cycle.partner = cycle  # garbage that only the collector frees
    del cycle
    try:
        frozen = freeze_loaded()
        assert frozen >= len(kept)
        tracked = {id(o) for o in gc.get_objects()}
        assert not any(id(node) in tracked for node in kept)  # exempt from later walks
        assert not any(type(o) is Node for o in gc.get_objects())  # the cycle was collected
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
    assert any(id(o) == id(kept[0]) for o in gc.get_objects())


ARENAS_AFTER_THREADS = """
import ctypes, os, sys, tempfile, threading
from sayso.runtime.heap import limit_malloc_arenas
limited = limit_malloc_arenas() if sys.argv[1] == "limit" else False

# Every thread allocates while all are alive: a finished thread's arena would be reused.
together = threading.Barrier(8)

def allocate():
    together.wait()
    kept = [bytes(2000) for _ in range(200)]
    together.wait()
    del kept

threads = [threading.Thread(target=allocate) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
libc = ctypes.CDLL("libc.so.6")
libc.fdopen.restype = ctypes.c_void_p
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fflush.argtypes = [ctypes.c_void_p]
with tempfile.TemporaryFile() as f:
    stream = libc.fdopen(os.dup(f.fileno()), b"w")
    libc.malloc_info(0, stream)
    libc.fflush(stream)
    f.seek(0)
    print(limited, f.read().decode().count("<heap nr="))
"""


def _arenas(mode: str) -> tuple[str, int]:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    done = subprocess.run([sys.executable, "-c", ARENAS_AFTER_THREADS, mode], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    limited, heaps = done.stdout.split()
    return limited, int(heaps)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_a_server_process_holds_malloc_to_two_arenas_however_many_threads_allocate() -> None:
    assert _arenas("limit") == ("True", MALLOC_ARENAS)
    limited, heaps = _arenas("free")
    assert limited == "False" and heaps > MALLOC_ARENAS  # what the cap takes away
