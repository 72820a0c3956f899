"""Pure logic of the evaluation commands: HA slot mapping, stratified limits, conditions,
scenario files, dialogue metrics and bench reports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sayso.bench.report import percentile, summarize, write_bench
from sayso.errors import BadInput
from sayso.evaluation.data.ha_fixture import ha_slots, load_fixture_home
from sayso.evaluation.data.manifest import Utterance
from sayso.evaluation.dialogue.report import summarize_dialogue
from sayso.evaluation.dialogue.run import TurnRecord
from sayso.evaluation.dialogue.scenarios import load_scenarios
from sayso.evaluation.plan import build_conditions, here_areas, parse_floats, stratified
from sayso.events.understanding import Slot

FIXTURE = """
floors: [{name: Upstairs, id: up}]
areas: [{name: Kitchen, id: kitchen_id, floor: up}]
entities:
  - {name: Kitchen Light, id: light.kitchen, area: kitchen_id, state: "off"}
  - {name: Fan, id: fan.fan, state: "on"}
"""


def test_fixture_home_and_slot_mapping(tmp_path: Path) -> None:
    path = tmp_path / "fixture.yaml"
    path.write_text(FIXTURE, encoding="utf-8")
    home = load_fixture_home(path)
    assert home.vocabulary.areas == ("Kitchen",) and home.vocabulary.floors == ("Upstairs",)
    assert home.vocabulary.entities[0].area == "Kitchen"
    slots = [
        Slot("name", "light.kitchen", "kitchen light"),
        Slot("area", "Kitchen", "kitchen"),
        Slot("brightness", 50, "50 percent"),
    ]
    assert ha_slots(slots, home.names) == {"name": "Kitchen Light", "area": "Kitchen",
                                           "brightness": 50}  # fmt: skip
    # Not a fixture entity (a wildcard or a list): compare the words that filled the slot.
    assert ha_slots([Slot("name", "shopping", "shopping")], home.names) == {"name": "shopping"}


def test_stratified_limit_covers_every_intent() -> None:
    utts = [Utterance(str(i), Path(), "x", f"I{i % 3}") for i in range(30)]
    chosen = stratified(utts, 6, seed=1)
    assert len(chosen) == 6 and {u.intent for u in chosen} == {"I0", "I1", "I2"}
    assert [int(u.id) for u in chosen] == sorted(int(u.id) for u in chosen)
    assert stratified(utts, 6, seed=1) == chosen
    assert stratified(utts, None) == utts


def test_conditions_from_options(tmp_path: Path) -> None:
    (tmp_path / "n.wav").write_bytes(b"")
    (tmp_path / "noise.jsonl").write_text('{"audio": "n.wav"}\n', encoding="utf-8")
    conditions = build_conditions(
        noise=tmp_path / "noise.jsonl", snrs=[0, 10], speeds=[0.9, 1.0], telephone=True
    )
    assert [c.name for c in conditions] == [
        "clean", "noise-10dB", "noise-0dB", "speed-0.9", "telephone",
    ]  # fmt: skip
    with pytest.raises(BadInput, match="--noise"):
        build_conditions(snrs=[5])
    assert parse_floats("0, 5,10", "--snr") == [0.0, 5.0, 10.0]
    with pytest.raises(BadInput):
        parse_floats("a,b", "--snr")


def test_here_areas_reads_context(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    lines = [{"id": "a", "audio": "a.wav", "text": "t", "context": {"area": "Kitchen"}},
             {"id": "b", "audio": "b.wav", "text": "t"}]  # fmt: skip
    manifest.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert here_areas(manifest) == {"a": "Kitchen"}


def test_scenarios_parse_and_reject(tmp_path: Path) -> None:
    good = tmp_path / "s.yaml"
    good.write_text(
        "intents: [x.yaml]\nscenarios:\n  - name: a\n    turns:\n"
        "      - say: hi\n        barge_in: {after_s: 1, say: stop}\n",
        encoding="utf-8",
    )
    spec = load_scenarios(good)
    turn = spec.scenarios[0].turns[0]
    assert turn.barge_in is not None and turn.expect.barge_in is True
    assert spec.intents == (str((tmp_path / "x.yaml").resolve()),)
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenarios:\n  - name: a\n    turns: [{expect: {}}]\n", encoding="utf-8")
    with pytest.raises(BadInput, match="exactly one of 'say' or 'audio'"):
        load_scenarios(bad)


def test_dialogue_metrics() -> None:
    audio = np.zeros(160, np.float32)
    ok = TurnRecord(
        "s",
        0,
        "on",
        False,
        transcripts=["on"],
        intent_ok=True,
        state_ok=True,
        response_gaps_ms=[800.0],
        replies=[("turned on the light", audio)],
    )
    cut = TurnRecord(
        "s",
        1,
        "off",
        False,
        transcripts=["turn", "off"],
        intent_ok=False,
        barge_ins=1,
        response_gaps_ms=[1200.0],
    )
    barged = TurnRecord("s", 2, "story", True, transcripts=["story", "stop"], barge_ins=0)
    # Cut at its pause: the rest of the sentence then talked over the reply to the first part.
    paused = TurnRecord("s", 3, "add milk | and eggs", False, transcripts=["add milk"],
                        barge_ins=1)
    summary = summarize_dialogue([ok, cut, barged], lambda _audio: "turned on a light")
    assert summary["false_cutoffs"] == 1 and summary["false_barge_ins"] == 1
    both = summarize_dialogue([ok, cut, barged, paused], lambda _audio: "turned on a light")
    assert both["false_cutoffs"] == 2 and both["false_barge_ins"] == 2
    assert summary["missed_barge_ins"] == 1 and summary["action_accuracy"] == 0.5
    assert summary["bot_wer"] == pytest.approx(0.25) and summary["response_gap_ms_p50"] == 1000.0


def test_bench_report_files(tmp_path: Path) -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    result = {"machine": {"cpu": "x", "cores": 2, "load_average": [1.0]},
              "latency_ms": summarize({"a": [1.0, 2.0], "b": [3.0]})}  # fmt: skip
    markdown = write_bench("unit", result, tmp_path, ["extra\n"])
    assert "| a | 1.5 |" in markdown and markdown.endswith("extra\n")
    assert {p.name for p in tmp_path.iterdir()} == {"bench_unit.json", "bench_unit.md",
                                                    "bench_unit.png"}  # fmt: skip


def test_wake_word_scenarios_parse(tmp_path: Path) -> None:
    from sayso.data import scenarios

    spec = load_scenarios(Path(scenarios.__file__).parent / "wake_word.yaml")
    assert spec.wake is not None and spec.wake.enabled and spec.wake.model == "hey_jarvis"
    first, follow_up, ignored, _ = spec.scenarios[0].turns
    assert first.wake_word and not follow_up.wake_word and follow_up.expect.heard is True
    assert ignored.wait_s > spec.wake.follow_up_s and ignored.expect.heard is False
    bad = tmp_path / "bad.yaml"
    bad.write_text("wake: {threshold: 2}\nscenarios:\n  - turns: [{say: hi}]\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"wake\.threshold"):
        load_scenarios(bad)


def test_scenario_pauses_speed_and_voice_parse_and_reject(tmp_path: Path) -> None:
    good = tmp_path / "pauses.yaml"
    good.write_text(
        "scenarios:\n  - name: a\n    turns:\n"
        "      - {say: 'Set a timer for | five | minutes.', pauses_ms: [300, 600], speed: 0.75,"
        " voice: espeak}\n",
        encoding="utf-8",
    )
    turn = load_scenarios(good).scenarios[0].turns[0]
    assert turn.pieces == ["Set a timer for", "five", "minutes."]
    assert (turn.pauses_ms, turn.speed, turn.voice) == ((300, 600), 0.75, "espeak")
    for body in ("{say: 'a | b'}", "{say: 'a | b', pauses_ms: [0]}", "{say: a, speed: 9}",
                 "{say: a, voice: robot}", "{say: 'a | b', pauses_ms: [x]}"):
        bad = tmp_path / "bad.yaml"
        bad.write_text(f"scenarios:\n  - name: a\n    turns:\n      - {body}\n", encoding="utf-8")
        with pytest.raises(BadInput):
            load_scenarios(bad)


def test_turn_end_scoring_counts_cutoffs_and_end_silence() -> None:
    from sayso.evaluation.dialogue.turn_end import Pause, TurnPauses
    from sayso.evaluation.dialogue.turn_end_report import before, score, summarize
    from sayso.session.turn_end import Cues

    done = Cues("complete", True, False, -3.0)
    prefix = Cues("complete", True, False, -3.0)  # "set the thermostat to twenty."
    dangling = Cues("none", False, True, None)
    turns = [
        TurnPauses("complete-1", "a", "calibrate", (Pause(1500, True, done, ""),)),
        TurnPauses("numbers-1", "b", "calibrate",
                   (Pause(400, False, prefix, ""), Pause(1500, True, done, ""))),
        TurnPauses("unfinished-1", "c", "report",
                   (Pause(600, False, dangling, ""), Pause(1500, True, done, ""))),
    ]
    first = score(turns, before)
    assert (first.cutoffs, first.end_p50_ms) == (2, 256)  # 400 >= 256 and 600 >= 500
    summary = summarize(turns)
    assert summary["turns"] == {"calibrate": 2, "report": 1}
    assert summary["rows"]["silence only 640 ms"]["calibrate"]["cutoffs"] == 0
    assert summary["rows"]["silence only 384 ms"]["calibrate"]["cutoffs"] == 1
