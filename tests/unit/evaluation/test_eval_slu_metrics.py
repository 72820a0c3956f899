from __future__ import annotations

import pytest

from sayso.evaluation.metrics.slu import (
    PRF,
    char_distance,
    command_accepted,
    intent_accuracy,
    slot_prf,
    slu_f1,
    word_distance,
)


def test_intent_accuracy() -> None:
    assert intent_accuracy(["on", "off", None], ["on", "dim", None]) == pytest.approx(2 / 3)
    assert intent_accuracy([], []) == 0.0


def test_slot_prf_on_normalised_pairs() -> None:
    golds = [{"device": "kitchen light", "brightness": 50}, {"area": "bedroom"}]
    preds = [
        {"device": "Kitchen Light", "brightness": "fifty"},  # both right after normalisation
        {"area": "bathroom", "device": "fan"},  # 1 wrong value (fp+fn), 1 extra slot (fp)
    ]
    result = slot_prf(golds, preds)
    assert result == PRF(2, 2, 1)
    assert result.precision == pytest.approx(0.5)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(4 / 7)


def test_nothing_to_find_and_nothing_found_scores_one() -> None:
    assert slot_prf([{}], [{}]).f1 == 1.0


def test_distances() -> None:
    assert word_distance("new york", "new work") == pytest.approx(0.5)
    assert char_distance("new york", "new work") == pytest.approx(1 / 8)
    assert char_distance("", "") == 0.0


def test_slu_f1_hand_computed() -> None:
    # Gold {date: tomorrow, place: new york};
    # prediction {date: tomorrow, place: new work, time: nine}.
    # Word distance: date 0, place WER("new york", "new work") = 1/2; time has no gold → FP += 1.
    #   TP = 2, FP = 0 + 0.5 + 1 = 1.5, FN = 0 + 0.5 = 0.5 → Word-F1 = 4 / (4 + 2) = 0.6667
    # Char distance: place lev = 1 (y→w) over max length 8 = 0.125.
    #   TP = 2, FP = 0.125 + 1 = 1.125, FN = 0.125 → Char-F1 = 4 / (4 + 1.25) = 0.7619
    # SLU: TP = 4, FP = 2.625, FN = 0.625 → SLU-F1 = 8 / (8 + 3.25) = 0.7111
    gold = {"date": "tomorrow", "place": "new york"}
    pred = {"date": "tomorrow", "place": "new work", "time": "nine"}
    result = slu_f1([gold], [pred])
    assert result.word == PRF(2, 1.5, 0.5)
    assert result.char == PRF(2, 1.125, 0.125)
    assert result.word.f1 == pytest.approx(4 / 6)
    assert result.char.f1 == pytest.approx(4 / 5.25)
    assert result.slu.f1 == pytest.approx(8 / 11.25)


def test_slu_f1_missing_slot_counts_as_false_negative() -> None:
    result = slu_f1([{"area": "kitchen", "name": "lamp"}], [{"area": "kitchen"}])
    assert result.word == PRF(1, 0, 1)
    assert result.slu.f1 == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    ("pred_intent", "pred_slots", "accepted"),
    [
        ("HassTurnOn", {"name": "Kitchen Light", "area": "kitchen"}, True),
        ("HassTurnOn", {"name": "kitchen light"}, False),  # missing slot
        ("HassTurnOn", {"name": "kitchen light", "area": "kitchen", "x": "1"}, False),  # extra
        ("HassTurnOn", {"name": "kitchen lamp", "area": "kitchen"}, False),  # wrong value
        ("HassTurnOff", {"name": "kitchen light", "area": "kitchen"}, False),  # wrong intent
        (None, {}, False),
    ],
)
def test_command_acceptance(
    pred_intent: str | None, pred_slots: dict[str, str], accepted: bool
) -> None:
    gold = {"name": "kitchen light", "area": "Kitchen"}
    assert command_accepted("HassTurnOn", gold, pred_intent, pred_slots) is accepted


def test_no_intent_expected_and_none_predicted_is_accepted() -> None:
    assert command_accepted(None, {}, None, {})


@pytest.mark.parametrize(
    ("pred", "accepted"),
    [("pizza", True), ("Pizza ", True), ("pasta", False), (["pizza ", "pizza"], True)],
)
def test_a_gold_list_is_any_of_its_values(pred: object, accepted: bool) -> None:
    # Home Assistant's tests list the values any of which is right (a timer's name).
    gold = {"name": ["pizza ", "pizza"], "minutes": 5}
    got = {"name": pred, "minutes": 5}
    assert command_accepted("HassDecreaseTimer", gold, "HassDecreaseTimer", got) is accepted
