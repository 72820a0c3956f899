"""Server memory around one maximal speech request: idle, peak, and a minute after.

Run from the repository root with the venv's python: `python scripts/speech_memory.py [FORMAT]`.
Starts `sayso serve`, polls its VmRSS every 50 ms, sends `/v1/audio/speech` with the issue's
4,096-character unpunctuated reproducer, reads the whole (streamed) body, waits `AFTER_S` and
prints one JSON line (MiB).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import httpx

PORT = 18932
TEXT = ("word " * 819)[:4096]
AFTER_S = 60.0
POLL_S = 0.05
START_TIMEOUT_S = 120


def rss_mib(pid: int) -> float:
    """Resident memory of `pid` in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    """Serve, measure, print."""
    fmt = sys.argv[1] if len(sys.argv) > 1 else "wav"
    url = f"http://127.0.0.1:{PORT}"
    with tempfile.TemporaryDirectory(prefix="sayso-mem-") as state:
        env = dict(os.environ, SAYSO_DATA_DIR=state, PYTHONPATH="src")
        server = subprocess.Popen(
            [sys.executable, "-m", "sayso.cli.main", "serve", "--port", str(PORT)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while time.monotonic() < deadline:
                try:
                    httpx.get(f"{url}/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(1)
            time.sleep(2)
            idle = rss_mib(server.pid)
            peak = [idle]
            done = threading.Event()

            def poll() -> None:
                while not done.is_set():
                    peak[0] = max(peak[0], rss_mib(server.pid))
                    time.sleep(POLL_S)

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            started = time.monotonic()
            body = {"model": "tts-1", "voice": "alloy", "input": TEXT, "response_format": fmt}
            with httpx.stream("POST", f"{url}/v1/audio/speech", json=body, timeout=600) as reply:
                size = sum(len(chunk) for chunk in reply.iter_bytes())
                status = reply.status_code
            seconds = time.monotonic() - started
            time.sleep(AFTER_S)
            done.set()
            poller.join()
            after = rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait()
    print(json.dumps({
        "format": fmt, "status": status, "bytes": size, "seconds": round(seconds, 1),
        "idle_mib": round(idle), "peak_extra_mib": round(peak[0] - idle),
        "extra_after_60s_mib": round(after - idle),
    }))


if __name__ == "__main__":
    main()
