"""Token guessing against a real `sayso serve`: 1,000 wrong tokens, then the right one.

Run from the repository root with the venv's python: `python scripts/token_guessing.py`.
Prints the status counts, where the first 429 came and what the right token got afterwards.
"""

import collections, os, subprocess, sys, time, httpx
env = dict(os.environ, SAYSO_TOKEN="s3cret-token-0123456789", SAYSO_DATA_DIR="/tmp/tok-state", PYTHONPATH="src")
p = subprocess.Popen([sys.executable, "-m", "sayso.cli.main", "serve", "--port", "18931"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(120):
        try:
            if httpx.get("http://127.0.0.1:18931/health", timeout=1).status_code: break
        except Exception: time.sleep(1)
    seen = []
    with httpx.Client(base_url="http://127.0.0.1:18931") as c:
        t = time.monotonic()
        for i in range(1000):
            seen.append(c.get("/v1/home", headers={"Authorization": f"Bearer wrong-{i:04d}-xxxxxxxxxxxx"}).status_code)
        dt = time.monotonic() - t
        right = c.get("/v1/home", headers={"Authorization": "Bearer s3cret-token-0123456789"})
    first429 = seen.index(429) if 429 in seen else None
    print({"counts": dict(collections.Counter(seen)), "first_429_at": first429, "seconds": round(dt, 2), "right_token_after": right.status_code, "retry_after": right.headers.get("retry-after")})
finally:
    p.terminate(); p.wait()
