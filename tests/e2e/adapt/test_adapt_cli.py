"""`sayso adapt asr` as a user runs it: a tiny domain adapted, converted and served by a turn.

Also: bad input gets one line and leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sayso.adapt.asr.voices import EVAL_VOICES, load_speaker
from sayso.asr.whisper.engine import FasterWhisperAsr
from sayso.asr.whisper.models import TRAINED_FILE, model_identity
from sayso.config import AsrConfig
from sayso.evaluation.data.audio_io import write_clip
from sayso.understanding.grammar.wayout import MODEL_CALIBRATION, sole_identity, weights_key

FIXTURES = Path(__file__).parents[2] / "fixtures"
DRINKS = FIXTURES / "intents/adapt_drinks.yaml"
OPEN_SPEECH = FIXTURES / "speech/manifest.jsonl"
SRC = Path(__file__).parents[3] / "src"
TINY_RUN = ("--steps", "3", "--sentences", "4", "--renders", "1", "--snr", "")


def sayso(*args: str, state: Path) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "SAYSO_DATA_DIR": str(state), "PYTHONPATH": path}
    env.pop("SAYSO_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "sayso.cli.main", *args],
        capture_output=True, text=True, env=env, timeout=900, check=False,
    )  # fmt: skip


def test_tiny_domain_adapts_converts_and_serves_a_turn(tmp_path: Path) -> None:
    out = tmp_path / "drinks-asr"
    args = ("adapt", "asr", "--intents", str(DRINKS), "--out", str(out), *TINY_RUN, "--trim")
    proc = sayso(*args, "--open-speech", str(OPEN_SPEECH), state=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not out.with_name("drinks-asr.partial").exists()
    for name in ("model/model.bin", "report.md", "report.json", "sayso.yaml", "training_loss.png"):
        assert (out / name).is_file(), name
    report = json.loads((out / "report.json").read_text())
    # 4 grammar clips and as many open-speech clips rehearsed (the default share is half).
    assert report["split"]["training_clips"] == 8 and report["split"]["rehearsal_clips"] == 4
    assert len(report["training"]["losses"]) == 3
    assert {c["metric"] for c in report["checks"]} >= {"open_wer", "open_forced"}
    assert (out / "DEPLOYABLE").exists() == report["deployable"]
    assert f"model: {out.resolve() / 'model'}" in (out / "sayso.yaml").read_text()
    # `--trim`: trained on tiny.en's encodings as served (trimmed); the folder says so, the engine
    # serves so. (The default, the full window, trains as before: tests/unit/adapt.)
    trim = FasterWhisperAsr(AsrConfig()).encoder_pad_s
    assert trim is not None and report["split"]["encoder_pad_s"] == trim
    record = json.loads((out / "model" / TRAINED_FILE).read_text())
    assert record["encoder_pad_s"] == trim
    assert FasterWhisperAsr(AsrConfig(model=str(out / "model"))).encoder_pad_s == trim
    # The way out is fitted for the served model, into its own folder, before the gate.
    own = out / "model" / MODEL_CALIBRATION
    fitted = report["split"]["way_out"]
    assert own.is_file() == (not fitted.startswith("not fitted")), fitted
    if own.is_file():
        identity = model_identity(str(out / "model"), AsrConfig().compute_type)
        assert weights_key(sole_identity(identity)) in json.loads(own.read_text())

    clip = write_clip(tmp_path / "coffee.wav", load_speaker(EVAL_VOICES[0])("give me a coffee"))
    config = str(out / "sayso.yaml")
    turn = sayso(
        "turn", str(clip), "--config", config, "--intents", str(DRINKS), "--json",
        "--set", "llm.engine=none", state=tmp_path,
    )  # fmt: skip
    assert turn.returncode == 0, turn.stderr
    assert json.loads(turn.stdout)["intent"] == "OrderDrink"
    shown = sayso("engines", "--config", config, state=tmp_path)
    assert f"asr model: {out.resolve() / 'model'}" in shown.stdout
    assert "adapted by sayso adapt asr" in shown.stdout
    assert f"asr encoder input: the speech + {trim:g} s" in shown.stdout


def _one_line_refusal(proc: subprocess.CompletedProcess[str], out: Path, words: str) -> None:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()


@pytest.mark.parametrize(
    "case", ["empty grammar", "unreadable manifest", "output not writable", "no Ray cluster"]
)
def test_bad_input_is_one_line_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    out = tmp_path / "out"
    intents = DRINKS
    extra: tuple[str, ...] = ()
    words = {"empty grammar": "no intents", "unreadable manifest": "manifest",
             "output not writable": "--out",
             "no Ray cluster": "cannot reach the Ray cluster"}[case]  # fmt: skip
    if case == "empty grammar":
        intents = tmp_path / "empty.yaml"
        intents.write_text("language: en\nintents: {}\n")
    elif case == "unreadable manifest":
        manifest = tmp_path / "real.jsonl"
        manifest.write_text('{"audio": "a.wav", "text": "hi"}\nnot json at all\n')
        extra = ("--manifest", str(manifest))
    elif case == "no Ray cluster":
        extra = ("--ray-address", f"127.0.0.1:{_closed_port()}")
    else:
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        out = blocker / "out"
    proc = sayso("adapt", "asr", "--intents", str(intents), "--out", str(out), *TINY_RUN, *extra,
                 state=tmp_path)  # fmt: skip
    _one_line_refusal(proc, out, words)


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
