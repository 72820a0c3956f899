"""`sayso bench live --tts-load`: the load's plumbing on a real server (one session, one client).

Checks what the report holds, never how fast anything was: the machine is shared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parents[2] / "src"
RUN_TIMEOUT_S = 300


def bench_live(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run `sayso bench live --sessions 1 OPTIONS`; its state and report go to `tmp_path`."""
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "SAYSO_DATA_DIR": str(tmp_path / "state"), "PYTHONPATH": path}
    args = ["bench", "live", "--sessions", "1", *options, "--out", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-m", "sayso.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def test_tts_load_runs_beside_the_sessions_and_is_reported(tmp_path: Path) -> None:
    proc = bench_live(tmp_path, "--tts-load", "1")
    result = json.loads((tmp_path / "bench_live.json").read_text())
    assert result["pool"] == "priority"
    load = result["tts_load"]["N=1 + 1 TTS"]
    # The maximal request streams WAV audio for much longer than one spoken command takes.
    assert load["speech_audio_received_s"] > 0
    assert load["speech_failed"] == []
    assert load["speech_completed"] + load["speech_stopped_in_flight"] >= 1
    assert len(load["session_p95_ms"]["load"]) == len(load["session_p95_ms"]["no load"]) == 1
    assert load["peak_rss_mib"]["load"] is None or load["peak_rss_mib"]["load"] > 0
    assert "N=1 + 1 TTS response gap (client)" in result["latency_ms"]
    assert "Beside maximal speech requests (pool by priority)" in proc.stdout


def test_clients_in_their_own_process_get_their_replies(tmp_path: Path) -> None:
    """The default: the simulated users run in a spawned process, the server in this one."""
    bench_live(tmp_path)
    row = json.loads((tmp_path / "bench_live.json").read_text())["sessions"]["N=1"]
    assert (row["admitted"], row["turns"], row["without_reply"]) == (1, 1, 0)
    assert row["barge_in_p50_ms"] is not None  # the interruption was heard over the reply
