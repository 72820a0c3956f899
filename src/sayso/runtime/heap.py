"""Keep a long-running server's heap small and its collections short.

Python's cycle collector is kept off the loaded models' objects (`freeze_loaded`), and glibc's
malloc is held to a few arenas (`limit_malloc_arenas`).

A loaded assistant holds ~150,000 long-lived objects (grammars, tokenizers, the home, the voices'
tables). Every full collection walks all of them, holding the interpreter lock: 180-400 ms
measured on 2 shared cores, 8 of them in a 75 s run of 8 live sessions, each one a pause of every
session's event loop and every inference thread's Python. After loading, none of them ever
becomes garbage, so a server freezes them once (`gc.freeze`): later collections walk only what
was made since.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from typing import Final

MALLOC_ARENAS: Final[int] = 2
"""glibc malloc arenas a server uses (`limit_malloc_arenas`). glibc gives each thread that
allocates its own arena, up to 8 per core, and an arena keeps what was freed in it: the
inference pool's threads, the event loop's and the engines' own (onnxruntime, CTranslate2) then
each hold a high-water mark. Measured with `sayso bench live` (BENCHMARKS.md, round 21): at 2
arenas the peak RSS of one session was ~110 MiB lower, the RSS added per extra concurrent
session 22.8 -> 10.5-19.9 MiB, and the response gap the same in interleaved runs."""
_M_ARENA_MAX: Final[int] = -8
"""`mallopt`'s parameter number for the arena limit (glibc's malloc.h)."""


def freeze_loaded() -> int:
    """Collect once, then exempt every object alive now from later collections; returns how many.

    Call it once the engines are loaded and warmed up (a server before it serves). Objects that
    die later are still freed by reference counting; only cycles among them would stay.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas, as `MALLOC_ARENA_MAX` does; True when the cap is set.

    Call it first thing in a server process: threads that have allocated already keep their
    arenas. Skipped where `MALLOC_ARENA_MAX` is set (the operator's choice) and where the C
    library is not glibc (no `mallopt`: musl, macOS, Windows).
    """
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, arenas))
