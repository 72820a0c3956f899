"""What "which one?" expects as answers, and which rewrites of an answer may stand (pure logic).

Whole typed turns through the grammar: tests/unit/app/test_follow_ups.py; spoken, the e2e test
`test_a_spoken_answer_to_which_one_is_heard_among_the_names_offered`.
"""

from __future__ import annotations

from sayso.actions.home import DeviceSpec, HomeSpec
from sayso.dialogue.choosing import answers
from sayso.dialogue.follow_ups import Referent, narrows
from sayso.events import IntentRecognized, Slot

HOME = HomeSpec(
    areas={"Bedroom": None, "Living Room": None},
    devices=(
        DeviceSpec("cover.bedroom_curtains", "Bedroom Curtains", "Bedroom",
                   attributes={"device_class": "curtain"}),
        DeviceSpec("cover.living_room_curtains", "Living Room Curtains", "Living Room",
                   attributes={"device_class": "curtain"}),
        DeviceSpec("cover.bedroom_blinds", "Bedroom Blinds", "Bedroom",
                   attributes={"device_class": "blind"}),
        DeviceSpec("fan.desk", "Desk Fan", None),
    ),
)  # fmt: skip
CURTAIN = Referent(
    "close the curtain", "HassTurnOff", "curtain", "blind", unresolved=True,
    domain="cover", choices=("cover.bedroom_curtains", "cover.living_room_curtains"),
)  # fmt: skip


def _read(**slots: str) -> IntentRecognized:
    return IntentRecognized(
        intent="HassTurnOff", text="", slots=tuple(Slot(k, v, v) for k, v in slots.items())
    )


def test_the_answers_name_each_offered_device_and_its_place_as_what_it_is() -> None:
    expected = answers(CURTAIN, HOME)
    assert {"the bedroom curtains", "the bedroom", "the one in the living room"} <= set(expected)
    assert "the bedroom curtain" in expected  # the device's own kind, not the domain's "blind"
    assert not [a for a in expected if "blind" in a]  # the blinds were not offered
    assert expected[-3:] == ("never mind", "cancel", "forget it")
    assert len(expected) == len(set(expected))


def test_nothing_offered_expects_nothing() -> None:
    # Only the cancels would be left, and any noise nearest "cancel" would be read as one.
    assert answers(Referent("close it", "HassTurnOff", "it", "blind", unresolved=True), HOME) == ()


def test_a_rewrite_of_the_answer_must_name_an_offered_device_or_its_place() -> None:
    assert narrows(_read(name="cover.bedroom_curtains"), CURTAIN, HOME)
    assert narrows(_read(area="Living Room"), CURTAIN, HOME)
    # "the bedroom" rewritten as "close the bedroom blind": a device never offered
    assert not narrows(_read(name="cover.bedroom_blinds"), CURTAIN, HOME)
    assert not narrows(_read(name="fan.desk"), CURTAIN, HOME)
    assert not narrows(_read(area="Kitchen"), CURTAIN, HOME)  # no offered curtain there
