"""End-to-end runs of evaluate_asr / evaluate_slu with scripted, deterministic fake engines.

The fake voice encodes which sentence it says in a tone frequency; the fake engines decode it back
and degrade their answer with the share of energy above 5 kHz (which only added white noise brings).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sayso.errors import ConfigError
from sayso.evaluation import (
    CLEAN,
    Condition,
    LabelledText,
    evaluate_asr,
    evaluate_slu,
    read_manifest,
    synthesize_set,
)
from sayso.evaluation.augment.conditions import condition_seed, iter_conditioned
from sayso.evaluation.augment.noise import WhiteNoise
from sayso.evaluation.progress import ProgressBar
from sayso.evaluation.report import markdown_table, snr_curves

from .eval_signals import RATE, tone

ITEMS = [
    LabelledText("turn on the kitchen light", "HassTurnOn", {"name": "kitchen light"}),
    LabelledText("what time is it", "HassGetTime", {}),
    LabelledText("set a timer for five minutes", "HassStartTimer", {"minutes": "five"}),
]
CONDITIONS = [
    CLEAN,
    Condition("white-10dB", snr_db=10.0, noise=WhiteNoise(1.0), series="white"),
    Condition("white-0dB", snr_db=0.0, noise=WhiteNoise(1.0), series="white"),
    Condition("fast-phone", speed=1.1, telephone=True),
]


def _voice(text: str) -> tuple[np.ndarray, int]:
    index = [item.text for item in ITEMS].index(text)
    return tone(300.0 + 200.0 * index, seconds=0.5), RATE


def _decode(audio: np.ndarray) -> tuple[int, float]:
    """(sentence index, share of energy above 5 kHz)."""
    spectrum = np.abs(np.fft.rfft(audio)) ** 2
    freqs = np.fft.rfftfreq(audio.size, 1 / RATE)
    peak = freqs[np.argmax(spectrum)]
    return round((peak - 300.0) / 200.0), float(spectrum[freqs > 5000].sum() / spectrum.sum())


def _transcribe(audio: np.ndarray) -> str:
    index, high = _decode(audio)
    words = ITEMS[index].text.split()
    if high < 0.01:
        return " ".join(words)
    return " ".join(words[:-1]) if high < 0.1 else ""  # 10 dB drops a word, 0 dB loses all


def _understand(audio: np.ndarray) -> tuple[str | None, dict[str, Any]]:
    index, high = _decode(audio)
    item = ITEMS[index]
    if high < 0.01:
        return item.intent, dict(item.slots)
    if high < 0.1:
        return item.intent, {k: f"{v} now" for k, v in item.slots.items()}
    return None, {}


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    return synthesize_set(ITEMS, {"tone": _voice}, tmp_path / "set")


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _assert_png(path: Path) -> None:
    assert path.exists()
    assert path.stat().st_size > 1000
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_asr_end_to_end(manifest: Path, tmp_path: Path) -> None:
    utts = read_manifest(manifest)
    report = evaluate_asr(utts, _transcribe, conditions=CONDITIONS, out_dir=tmp_path / "asr")
    assert report.summary("clean")["wer"] == 0.0
    assert report.summary("fast-phone")["wer"] == 0.0
    # 10 dB drops the last word of 5-, 4- and 6-word references: 3 deletions over 15 words.
    ten = report.summary("white-10dB")
    assert ten["wer"] == pytest.approx(3 / 15)
    assert ten["mean_wer"] == pytest.approx((1 / 5 + 1 / 4 + 1 / 6) / 3)
    assert (ten["substitutions"], ten["deletions"], ten["insertions"]) == (0, 3, 0)
    assert report.summary("white-0dB")["wer"] == 1.0

    rows = _rows(report.rows_path)
    assert len(rows) == len(utts) * len(CONDITIONS)
    first = rows[0]
    assert set(first) >= {"id", "condition", "ref", "hyp", "ref_norm", "hyp_norm", "wer", "errors"}
    assert first["ref_norm"] == "turn on the kitchen light"
    summary = json.loads(report.summary_json.read_text())
    assert [c["condition"] for c in summary["conditions"]] == [c.name for c in CONDITIONS]
    markdown = report.summary_md.read_text()
    assert "| white-10dB | 10 | 3 | 0.2 |" in markdown
    _assert_png(report.plot_path)


def test_asr_runs_repeat_exactly(manifest: Path, tmp_path: Path) -> None:
    utts = read_manifest(manifest)
    runs = [
        evaluate_asr(utts, _transcribe, conditions=CONDITIONS, out_dir=tmp_path / name)
        for name in ("a", "b")
    ]
    a, b = (_rows(run.rows_path) for run in runs)
    assert [(r["id"], r["condition"], r["hyp"]) for r in a] == [
        (r["id"], r["condition"], r["hyp"]) for r in b
    ]


def test_conditioned_audio_does_not_depend_on_order(manifest: Path) -> None:
    utts = read_manifest(manifest)

    def collect(order: list[Any]) -> dict[tuple[str, str], np.ndarray]:
        return {(u.id, c.name): a for u, c, a in iter_conditioned(order, CONDITIONS, seed=4)}

    forward, backward = collect(utts), collect(utts[::-1])
    assert forward.keys() == backward.keys()
    assert all(np.array_equal(forward[k], backward[k]) for k in forward)
    assert forward.keys() == collect(utts[1:]).keys() | {(utts[0].id, c.name) for c in CONDITIONS}
    assert np.array_equal(
        forward[(utts[1].id, "white-10dB")], collect(utts[1:2])[(utts[1].id, "white-10dB")]
    )


def test_seed_depends_on_utterance_condition_and_run_seed() -> None:
    seeds = {condition_seed(u, c, s) for u in ("a", "b") for c in ("x", "y") for s in (0, 1)}
    assert len(seeds) == 8
    assert condition_seed("a", "x", 0) == condition_seed("a", "x", 0)


def test_evaluate_slu_end_to_end(manifest: Path, tmp_path: Path) -> None:
    utts = read_manifest(manifest)
    report = evaluate_slu(utts, _understand, CONDITIONS[:3], tmp_path / "slu")
    clean = report.summary("clean")
    assert clean["intent_accuracy"] == 1.0
    assert clean["command_acceptance"] == 1.0
    assert clean["slot_f1"] == 1.0
    assert clean["slu_f1"] == 1.0

    # 10 dB: intents right, but each slot value gains a word ("kitchen light now", "5 now").
    ten = report.summary("white-10dB")
    assert ten["intent_accuracy"] == 1.0
    assert ten["command_acceptance"] == pytest.approx(1 / 3)  # only the slot-less utterance
    assert ten["slot_f1"] == 0.0
    word_fp = 1 / 2 + 1 / 1  # WER per slot value
    char_fp = 4 / 17 + 4 / 5  # Levenshtein / longer length
    assert ten["word_f1"] == pytest.approx(4 / (4 + 2 * word_fp))
    assert ten["slu_f1"] == pytest.approx(8 / (8 + 2 * (word_fp + char_fp)))

    heavy = report.summary("white-0dB")
    assert heavy["intent_accuracy"] == 0.0
    assert heavy["command_acceptance"] == 0.0

    rows = _rows(report.rows_path)
    assert len(rows) == 9
    assert {"gold_intent", "pred_intent", "gold_slots", "pred_slots", "accepted"} <= set(rows[0])
    assert json.loads(report.summary_json.read_text())["conditions"][0]["condition"] == "clean"
    assert "SLU-F1" in report.summary_md.read_text()
    _assert_png(report.plot_path)


def test_condition_errors_are_config_errors(manifest: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no noise source"):
        Condition("bad", snr_db=5.0)
    with pytest.raises(ConfigError, match="repeated: clean"):
        evaluate_asr(
            read_manifest(manifest), _transcribe, conditions=[CLEAN, CLEAN], out_dir=tmp_path
        )


def test_progress_is_silent_off_a_terminal() -> None:
    with ProgressBar(3, "x") as bar:
        assert not bar.enabled
        bar.advance()


def test_markdown_table_formats_cells() -> None:
    table = markdown_table(
        [{"a": 0.123456, "b": None, "c": "x|y"}], [("a", "A"), ("b", "B"), ("c", "C")]
    )
    assert table.splitlines() == ["| A | B | C |", "|---|---|---|", "| 0.1235 | – | x\\|y |"]


def test_snr_curves_close_each_series_with_its_clean_anchor() -> None:
    plain = {"snr_db": None, "series": "default", "spec": {"speed": 1.0}, "wer": 0.1}
    fast = {"snr_db": None, "series": "default", "spec": {"speed": 1.1}, "wer": 0.3}
    dry_room = {"snr_db": None, "series": "room", "spec": {"reverb": True}, "wer": 0.2}
    babble = {"snr_db": 5.0, "series": "babble", "spec": {}, "wer": 0.5}
    room5 = {"snr_db": 5.0, "series": "room", "spec": {"reverb": True}, "wer": 0.6}
    rows = snr_curves([plain, fast, dry_room, babble, room5])
    by_series = {(r["series"], r["snr_db"]): r["wer"] for r in rows}
    assert by_series == {
        ("babble", 5.0): 0.5,
        ("babble", None): 0.1,
        ("room", 5.0): 0.6,
        ("room", None): 0.2,
    }
    assert snr_curves([plain, fast]) == [plain]
