"""The `sayso` command as a user runs it: real processes, real models, real SQLite state."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

FIXTURES = Path(__file__).parent.parent / "fixtures"
DEMO = Path(__file__).parents[2] / "src/sayso/data/demo/turn_on_the_kitchen_light.wav"
CATHY = FIXTURES / "speech/arctic_a0039_1592747693.wav"
SRC = Path(__file__).parents[2] / "src"


def sayso(*args: str, state: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    # The checkout's own code, not whichever copy the venv installed in editable mode.
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "SAYSO_DATA_DIR": str(state), "PYTHONPATH": path}
    env.pop("SAYSO_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "sayso.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def world(state: Path) -> dict[str, object]:
    """Everything a turn could change: devices, timers/alarms, outbox."""
    return {
        "home": json.loads(sayso("home", "--json", state=state).stdout),
        "timers": json.loads(sayso("timers", "--json", state=state).stdout),
        "outbox": json.loads(sayso("outbox", "--json", state=state).stdout),
    }


def test_turn_on_the_demo_recording_changes_the_home_and_speaks(tmp_path: Path) -> None:
    reply = tmp_path / "reply.wav"
    out = sayso("turn", str(DEMO), "-o", str(reply), "--json", state=tmp_path)
    data = json.loads(out.stdout)
    assert data["intent"] == "HassTurnOn"
    assert data["slots"]["name"] == "light.kitchen"
    assert data["action"]["success"] is True
    for stage in ("decode", "vad", "asr", "understanding", "action", "tts_first_audio"):
        assert stage in data["latency_ms"]
    audio, rate = sf.read(reply)
    assert len(audio) / rate > 0.3
    kitchen = [d for d in world(tmp_path)["home"] if d["entity_id"] == "light.kitchen"]
    assert kitchen[0]["state"] == "on"


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    rate = 16_000
    silent = tmp / "silent.wav"
    sf.write(silent, np.zeros(rate * 2, np.float32), rate)
    long = tmp / "long.wav"
    sf.write(long, (0.1 * np.sin(np.arange(rate * 61) / 5)).astype(np.float32), rate)
    text = tmp / "notes.wav"
    text.write_text("this is not audio at all\n")
    empty = tmp / "empty.wav"
    empty.write_bytes(b"")
    truncated = tmp / "truncated.wav"
    truncated.write_bytes(CATHY.read_bytes()[:2000])
    zero = tmp / "zero.wav"
    with wave.open(str(zero), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
    return {
        "missing": (tmp / "nope.wav", "audio"),
        "not audio": (text, "audio"),
        "zero bytes": (empty, "audio"),
        "zero-length wav": (zero, "audio"),
        "truncated": (truncated, "audio"),
        "silent only": (silent, "silent"),
        "over-long": (long, "long"),
    }


def test_bad_input_fails_with_one_line_and_changes_nothing(tmp_path: Path) -> None:
    state = tmp_path / "state"
    sayso("turn", "--text", "turn on the kitchen light", state=state)  # some state to protect
    before = world(state)
    for name, (path, word) in _bad_inputs(tmp_path).items():
        proc = sayso("turn", str(path), state=state, check=False)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2, (name, proc.stderr)
        assert len(lines) == 1 and lines[0].startswith("error:"), (name, proc.stderr)
        assert word in lines[0].lower(), (name, lines[0])
        assert "Traceback" not in proc.stderr
    assert world(state) == before


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    for args in (
        ["turn"],
        ["turn", str(DEMO), "--text", "hi"],
        ["features", str(DEMO)],
        ["say", "   ", "-o", str(tmp_path / "x.wav")],
        ["no-such-command"],
    ):
        proc = sayso(*args, state=tmp_path, check=False)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, (args, proc.stderr)


def test_alarms_and_timers_survive_a_restart_and_are_reported(tmp_path: Path) -> None:
    notices: list[str] = []

    def turn(text: str) -> None:
        notices.extend(
            json.loads(sayso("turn", "--text", text, "--json", state=tmp_path).stdout)["notices"]
        )

    turn("set an alarm for in 3 seconds")
    turn("set a timer for 2 seconds")
    turn("set a timer for 10 minutes")
    time.sleep(3.5)  # both come due by now, while no process runs (or during a later start)
    report = json.loads(sayso("timers", "--json", state=tmp_path).stdout)
    notices += report["notices"]
    assert sum("alarm" in n.lower() for n in notices) == 1, notices  # reported exactly once
    assert sum("timer" in n.lower() for n in notices) == 1, notices
    assert [t["status"] for t in report["timers"]] == ["active"]  # the 10-minute one lives on
    again = json.loads(sayso("timers", "--json", state=tmp_path).stdout)
    assert again["notices"] == []


def test_transcribe_formats_on_real_human_speech(tmp_path: Path) -> None:
    srt = sayso("transcribe", str(CATHY), "--format", "srt", state=tmp_path).stdout
    assert srt.startswith("1\n00:00:00,") and "-->" in srt
    out = tmp_path / "out"
    sayso(
        "transcribe",
        str(CATHY),
        str(DEMO),
        "--format",
        "verbose_json",
        "--out-dir",
        str(out),
        state=tmp_path,
    )
    demo = json.loads((out / f"{DEMO.stem}.json").read_text())
    assert "kitchen" in demo["text"].lower() and demo["words"] and demo["nbest"]


def test_say_and_features(tmp_path: Path) -> None:
    wav = tmp_path / "hello.wav"
    sayso("say", "Hello there. This is sayso.", "-o", str(wav), state=tmp_path)
    audio, rate = sf.read(wav)
    assert rate == 22_050 and len(audio) / rate > 1.0
    for kind, dims in (("logmel", 80), ("mfcc", 13), ("fbank", 80)):
        npy = tmp_path / f"{kind}.npy"
        sayso("features", str(wav), "-o", str(npy), "--kind", kind, state=tmp_path)
        feats = np.load(npy)
        assert feats.shape[1] == dims and feats.shape[0] > 90  # 10 ms hop, > 1 s of audio


@pytest.mark.parametrize("args", [["--help"], ["engines"]])
def test_help_and_engine_list(tmp_path: Path, args: list[str]) -> None:
    proc = sayso(*args, state=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def _one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
    return lines[0]


def test_hostile_audio_gives_one_line_and_exit_2(tmp_path: Path) -> None:
    """Issue 11: 0-bit and 0xFFFF WAVs were exit 70, bad MP3s added libmpg123 notes, NaN audio
    was transcribed as ")))))" and `turn` called it silent."""
    from tests.unit.audio.hostile import hostile_files

    files = hostile_files(tmp_path)
    files.pop("gsm610.wav")  # decodes (FFmpeg); tests/unit/audio checks it
    for name, path in files.items():
        line = _one_error_line(sayso("transcribe", str(path), state=tmp_path, check=False))
        assert ("NaN/Inf" in line) == (name in ("nan.wav", "inf.wav", "neg_inf.wav")), line
    line = _one_error_line(sayso("turn", str(files["nan.wav"]), state=tmp_path, check=False))
    assert "NaN/Inf samples" in line and "silent" not in line


def test_file_names_are_echoed_safely(tmp_path: Path) -> None:
    evil = tmp_path / "evil\x1b]0;pwned\x07\x1b[31mname.wav"
    evil.write_bytes(b"not audio at all")
    line = _one_error_line(sayso("transcribe", str(evil), state=tmp_path, check=False))
    assert "\x1b" not in line and "\x07" not in line and "\\x1b" in line


def test_backup_copies_the_state_and_refuses_to_overwrite(tmp_path: Path) -> None:
    state = tmp_path / "state"
    turned = sayso("turn", "--text", "turn on the kitchen light", state=state)
    assert turned.stderr == ""  # llama.cpp's "kv cache" note no longer leaks
    out = tmp_path / "backup.sqlite3"
    assert "backed up" in sayso("backup", str(out), state=state).stdout
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kitchen = conn.execute("SELECT state FROM devices WHERE entity_id = 'light.kitchen'")
        assert kitchen.fetchone() == ("on",)
    finally:
        conn.close()
    line = _one_error_line(sayso("backup", str(out), state=state, check=False))
    assert "--force" in line
    sayso("backup", str(out), "--force", state=state)
    _one_error_line(sayso("backup", str(tmp_path / "none" / "b.db"), state=state, check=False))
    _one_error_line(sayso("backup", str(out), state=tmp_path / "empty-state", check=False))


def test_a_confirmation_survives_a_restart_and_runs_once(tmp_path: Path) -> None:
    """Issue 14: "Send Alice a message…", the process ends, "yes" in a new process sends it once."""
    state = tmp_path / "state"

    def turn(text: str, session: str = "kitchen") -> dict[str, object]:
        out = sayso("turn", "--text", text, "--json", "--session", session,
                    "--set", "llm.engine=none", state=state).stdout
        return dict(json.loads(out))

    asked = turn("send a message to Alice saying I'm running late")
    assert asked["reply"] == "Send 'I'm running late' to Alice?"
    assert world(state)["outbox"] == []
    assert turn("yes", session="other")["action"] is None  # another conversation: not its question
    assert world(state)["outbox"] == []
    sent = turn("yes")  # a new process: the question was kept in the state database
    assert sent["action"]["success"] is True, sent  # type: ignore[index]
    again = turn("yes")  # the yes is not replayed
    assert again["action"] is None, again
    outbox = world(state)["outbox"]
    assert [(m["to"], m["body"]) for m in outbox] == [("Alice", "I'm running late")]  # type: ignore[attr-defined,index]
    db = sqlite3.connect(state / "state.sqlite3")
    late = time.time() - 3600.0  # asked an hour ago: the answer comes too late
    turn("send a message to Bob saying hello")
    db.execute("UPDATE pending_actions SET created_s = ?", (late,))
    db.commit()
    expired = turn("yes")
    assert expired["action"]["error_code"] == "confirmation_expired", expired  # type: ignore[index]
    assert len(world(state)["outbox"]) == 1  # type: ignore[arg-type]
