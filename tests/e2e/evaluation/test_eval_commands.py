"""`sayso eval asr|slu|synth|dialogue` through the real CLI on real engines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import sayso

TEXTS = [
    {"text": "turn on the kitchen light", "intent": "HassTurnOn",
     "slots": {"name": "light.kitchen"}},
    {"text": "turn off the living room lamp", "intent": "HassTurnOff",
     "slots": {"name": "light.living_room_lamp"}},
    {"text": "what time is it", "intent": "HassGetCurrentTime", "slots": {}},
]  # fmt: skip


def _summary(path: Path, condition: str) -> dict[str, object]:
    rows = json.loads(path.read_text(encoding="utf-8"))["conditions"]
    return next(r for r in rows if r["condition"] == condition)


def test_eval_asr_clean_and_noisy(
    speech_manifest: Path, noise_manifest: Path, tmp_path: Path
) -> None:
    out = tmp_path / "asr"
    done = sayso("eval", "asr", "--manifest", speech_manifest, "--noise", noise_manifest,
                 "--snr", "0,20", "--telephone", "--out", out)  # fmt: skip
    assert "| clean |" in done.stdout and "| noise-0dB |" in done.stdout
    clean = _summary(out / "asr_summary.json", "clean")
    assert clean["n"] == 4 and float(clean["wer"]) <= 0.1  # type: ignore[arg-type]
    noisy = _summary(out / "asr_summary.json", "noise-0dB")
    assert float(noisy["wer"]) >= float(clean["wer"])  # type: ignore[arg-type]
    rows = (out / "asr_utterances.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4 * 4  # clean, 20 dB, 0 dB, telephone
    assert (out / "asr_wer_vs_snr.png").stat().st_size > 0
    assert (out / "asr_summary.md").read_text(encoding="utf-8").startswith("# ASR evaluation")


def test_synth_then_eval_slu(noise_manifest: Path, tmp_path: Path) -> None:
    texts = tmp_path / "texts.jsonl"
    texts.write_text("".join(json.dumps(t) + "\n" for t in TEXTS), encoding="utf-8")
    voices = "piper,espeak" if shutil.which("espeak-ng") else "piper"
    sayso("eval", "synth", "--texts", texts, "--voices", voices, "--out", tmp_path / "spoken")
    manifest = tmp_path / "spoken" / "manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(TEXTS) * len(voices.split(","))
    out = tmp_path / "slu"
    sayso("eval", "slu", "--manifest", manifest, "--noise", noise_manifest, "--snr", "20",
          "--out", out)  # fmt: skip
    clean = _summary(out / "slu_summary.json", "clean")
    assert float(clean["intent_accuracy"]) >= 0.8  # type: ignore[arg-type]
    assert float(clean["command_acceptance"]) >= 0.6  # type: ignore[arg-type]
    assert (out / "slu_accuracy_vs_snr.png").exists()


def test_custom_domain_is_labelled_by_its_grammar(tmp_path: Path) -> None:
    # A plain sentence list: the pizza grammar labels it, then only its own intents are loaded.
    pizza = Path(__file__).parents[3] / "examples" / "pizza" / "pizza.yaml"
    texts = tmp_path / "orders.txt"
    texts.write_text("order two large pizzas with ham\nwhere is my pizza\n", encoding="utf-8")
    sayso("eval", "synth", "--texts", texts, "--voices", "piper", "--out", tmp_path / "spoken")
    out = tmp_path / "slu"
    manifest = tmp_path / "spoken" / "manifest.jsonl"
    done = sayso("eval", "slu", "--manifest", manifest, "--intents", pizza, "--only-custom",
                 "--gold-from-grammar", "--out", out)  # fmt: skip
    assert (
        "Baseline command acc." in done.stdout and "grammar-aware recognition added" in done.stdout
    )
    rows = [json.loads(r) for r in (out / "slu_utterances.jsonl").read_text().splitlines()]
    gold = {r["text"]: (r["gold_intent"], r["gold_slots"]) for r in rows}
    assert gold["order two large pizzas with ham"] == (
        "OrderPizza",
        {"quantity": 2, "size": "large", "topping": "ham"},
    )
    assert gold["where is my pizza"] == ("PizzaOrderStatus", {})
    assert all(r["text_accepted"] for r in rows)
    assert all(isinstance(r["grammar_added_ms"], float) for r in rows)
    # The speech gate's measure is on every row; spoken orders pass it.
    assert all(r["voiced_ms"] >= 96 and r["path"] != "no_speech" for r in rows)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_eval_dialogue_tiny_scenario(tmp_path: Path) -> None:
    scenarios = tmp_path / "tiny.yaml"
    scenarios.write_text(
        "scenarios:\n"
        "  - name: light\n"
        '    setup: {light.kitchen: "off"}\n'
        "    turns:\n"
        "      - say: Turn on the kitchen light.\n"
        '        expect: {intent: HassTurnOn, state: {light.kitchen: "on"}, barge_in: false}\n',
        encoding="utf-8",
    )
    out = tmp_path / "dialogue"
    sayso("eval", "dialogue", scenarios, "--out", out)
    summary = json.loads((out / "dialogue_summary.json").read_text(encoding="utf-8"))
    assert summary["turns"] == 1 and summary["timed_out"] == 0
    assert summary["action_accuracy"] == 1.0
    assert summary["false_barge_ins"] == 0 and summary["response_gap_ms_p50"] > 0
    assert summary["bot_wer"] is not None and summary["bot_wer"] <= 0.5


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_eval_dialogue_turn_end_replays_pauses(tmp_path: Path) -> None:
    """Two turns, one with a mid-sentence pause: every pause is replayed and scored."""
    scenarios = tmp_path / "pauses.yaml"
    scenarios.write_text(
        "scenarios:\n"
        "  - name: complete-1\n"
        "    turns: [{say: Turn on the kitchen light., voice: piper}]\n"
        "  - name: unfinished-1\n"
        "    turns: [{say: 'Set a timer for | five minutes.', pauses_ms: [700], voice: espeak}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "turn-end"
    sayso("eval", "dialogue", scenarios, "--turn-end", "--out", out)
    rows = [json.loads(line) for line in (out / "turn_end.jsonl").read_text().splitlines()]
    assert [r["name"] for r in rows] == ["complete-1", "unfinished-1"]
    assert [p["final"] for p in rows[0]["pauses"]] == [True]
    mid = [p for p in rows[1]["pauses"] if not p["final"]]
    assert mid and max(p["silence_ms"] for p in mid) >= 600  # the scripted 700 ms pause
    assert sum(p["final"] for p in rows[1]["pauses"]) == 1
    summary = json.loads((out / "turn_end_summary.json").read_text(encoding="utf-8"))
    assert summary["rows"]["silence only 1200 ms"]["calibrate"]["cutoffs"] == 0
    assert (out / "turn_end_curve.png").stat().st_size > 0
    end = rows[0]["pauses"][0]  # the new cues were read at every pause
    assert 0.0 < end["end_prob"] < 1.0 and 0.0 <= end["pause_prob"] < 1.0
    assert end["continues"] in ("words", "no")  # "turn on the kitchen light" is a sentence
    # The saved pauses score again without audio, to the same rows.
    again = tmp_path / "again"
    sayso("eval", "dialogue", scenarios, "--turn-end", "--replayed",
          out / "turn_end.jsonl", "--out", again)
    rescored = json.loads((again / "turn_end_summary.json").read_text(encoding="utf-8"))
    assert rescored["rows"] == summary["rows"]
    # Several saved replays (e.g. renders without and with Piper's variation) score together.
    both = tmp_path / "both"
    sayso("eval", "dialogue", scenarios, "--turn-end", "--replayed", out / "turn_end.jsonl",
          "--replayed", out / "turn_end.jsonl", "--out", both)
    merged = json.loads((both / "turn_end_summary.json").read_text(encoding="utf-8"))
    assert merged["turns"]["calibrate"] == 2 * summary["turns"]["calibrate"]
    assert merged["turns"]["report"] == 2 * summary["turns"]["report"]
    assert "shipped default" in " ".join(merged["rows"])


def test_eval_dialogue_turn_end_refuses_a_replay_that_is_not_one(tmp_path: Path) -> None:
    """A missing or garbled `--replayed` file: one clear line and a nonzero exit."""
    import subprocess
    import sys

    scenarios = tmp_path / "pauses.yaml"
    scenarios.write_text("scenarios:\n  - name: a\n    turns: [{say: Hello.}]\n", encoding="utf-8")
    garbled = tmp_path / "turn_end.jsonl"
    garbled.write_text('{"name": "a"}\n', encoding="utf-8")
    for replayed in (garbled, tmp_path / "missing.jsonl"):
        done = subprocess.run(
            [sys.executable, "-m", "sayso.cli.main", "eval", "dialogue", str(scenarios),
             "--turn-end", "--replayed", str(replayed), "--out", str(tmp_path / "out")],
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode != 0
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert str(replayed.name) in lines[0]
