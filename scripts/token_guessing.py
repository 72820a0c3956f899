"""Token guessing against a real `sayso serve`: 1,000 wrong tokens, then the right one.

Run from the repository root with the venv's python: `python scripts/token_guessing.py`.
Prints the status counts, where the first 429 came and what the right token got afterwards.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import tempfile
import time

import httpx

PORT = 18931
TOKEN = "s3cret-token-0123456789"
GUESSES = 1000
START_TIMEOUT_S = 120


def wait_until_up(url: str) -> None:
    """Poll /health until the server answers (models load first)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/health", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(1)
    raise SystemExit("error: the server did not start")


def main() -> None:
    """Start a server with a token, guess, report one JSON line."""
    url = f"http://127.0.0.1:{PORT}"
    with tempfile.TemporaryDirectory(prefix="sayso-tokens-") as state:
        env = dict(os.environ, SAYSO_TOKEN=TOKEN, SAYSO_DATA_DIR=state, PYTHONPATH="src")
        server = subprocess.Popen(
            [sys.executable, "-m", "sayso.cli.main", "serve", "--port", str(PORT)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(url)
            with httpx.Client(base_url=url) as client:
                started = time.monotonic()
                seen = [
                    client.get("/v1/home", headers={"Authorization": f"Bearer wrong-{i:012d}"})
                    .status_code
                    for i in range(GUESSES)
                ]
                seconds = time.monotonic() - started
                right = client.get("/v1/home", headers={"Authorization": f"Bearer {TOKEN}"})
        finally:
            server.terminate()
            server.wait()
    print(json.dumps({
        "counts": dict(collections.Counter(seen)),
        "first_429_at": seen.index(429) if 429 in seen else None,
        "seconds": round(seconds, 2),
        "right_token_after": right.status_code,
        "retry_after": right.headers.get("retry-after"),
    }))


if __name__ == "__main__":
    main()
