"""Whole spoken turns on real engines: rendered speech → VAD → ASR → intents → actions → TTS.

Each command is rendered by two different voices (Piper, the assistant's own voice, and espeak-ng,
a formant synthesiser that sounds nothing like it), so the test is not the TTS talking to itself.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from sayso.app.assistant import Assistant

from .conftest import Render, count_understanding


def device(a: Assistant, entity_id: str) -> dict[str, Any]:
    row = a.actions.store.row(
        "SELECT state, attributes FROM devices WHERE entity_id = ?", (entity_id,)
    )
    assert row is not None, entity_id
    return {"state": row["state"], **json.loads(row["attributes"])}


def count(a: Assistant, sql: str) -> int:
    return int(a.actions.store.row(sql)[0])


Check = Callable[[Assistant], None]


def state_is(entity_id: str, key: str, value: Any) -> Check:
    def check(a: Assistant) -> None:
        assert device(a, entity_id)[key] == value

    return check


def rows(sql: str, expected: int = 1) -> Check:
    def check(a: Assistant) -> None:
        assert count(a, sql) == expected

    return check


def alarm_at_seven_thirty(a: Assistant) -> None:
    due = a.actions.store.row("SELECT due_at FROM alarms WHERE status = 'pending'")["due_at"]
    local = dt.datetime.fromisoformat(due).astimezone(a.actions.clock.now().tzinfo)
    assert (local.hour, local.minute) == (7, 30)
    assert local.date() > a.actions.clock.now().date()


def message_to_alice(a: Assistant) -> None:
    row = a.actions.store.row("SELECT recipient, body FROM outbox")
    assert row["recipient"].lower() == "alice"
    assert "late" in row["body"].lower()


COMMANDS: list[tuple[str, str, Check]] = [
    ("Turn on the kitchen light.", "HassTurnOn", state_is("light.kitchen", "state", "on")),
    ("Turn off the living room light.", "HassTurnOff",
     state_is("light.living_room", "state", "off")),
    ("Set the bedroom light to fifty percent.", "HassLightSet",
     state_is("light.bedroom", "brightness", 50)),
    ("Turn the living room lamp red.", "HassLightSet",
     state_is("light.living_room_lamp", "color", "red")),
    ("Open the living room curtains.", "HassTurnOn",
     state_is("cover.living_room_curtains", "state", "open")),
    ("Close the bedroom blinds.", "HassTurnOff",
     state_is("cover.bedroom_blinds", "state", "closed")),
    ("Set the temperature to twenty one degrees.", "HassClimateSetTemperature",
     state_is("climate.thermostat", "temperature", 21)),
    ("Turn on the ceiling fan.", "HassTurnOn",
     state_is("fan.bedroom_ceiling_fan", "state", "on")),
    ("Set a timer for five minutes.", "HassStartTimer",
     rows("SELECT count(*) FROM timers WHERE status = 'active' AND duration_s = 300")),
    # Written as Home Assistant's tests write it: the voice must say "one and a half", not "one
    # slash two" (tts/spoken.py).
    ("Set a timer for 1 1/2 hours.", "HassStartTimer",
     rows("SELECT count(*) FROM timers WHERE status = 'active' AND duration_s = 5400")),
    ("Set an alarm for seven thirty tomorrow morning.", "SaysoSetAlarm", alarm_at_seven_thirty),
    ("Add milk to my shopping list.", "HassShoppingListAddItem|HassListAddItem",
     rows("SELECT count(*) FROM list_items WHERE lower(item) = 'milk'")),
    ("Turn on the coffee machine.", "HassTurnOn",
     state_is("switch.coffee_machine", "state", "on")),
    ("What time is it?", "HassGetCurrentTime", rows("SELECT count(*) FROM outbox", 0)),
]


# Sensitive commands: the turn only asks; a later, separate "yes" turn carries them out.
SENSITIVE: list[tuple[str, str, Check, Check]] = [
    ("Send a message to Alice saying I'm late.", "SaysoSendMessage", message_to_alice,
     rows("SELECT count(*) FROM outbox", 0)),
    ("Unlock the front door.", "HassTurnOff", state_is("lock.front_door", "state", "unlocked"),
     state_is("lock.front_door", "state", "locked")),
]


def _cases(commands: list[tuple[Any, ...]] | None = None) -> list[object]:
    """Every command in both voices. Whisper tiny.en mishears some of these renderings in its top
    hypothesis ("unlock" → "I'm off", "add milk" → "and milk"); grammar-aware correction of the
    N-best list is what makes them pass, so they guard that too."""
    return [
        pytest.param(voice, text, intent, *check, id=f"{voice}-{text}")
        for voice in ("piper", "espeak")
        for text, intent, *check in commands or COMMANDS
    ]


@pytest.mark.parametrize(("voice", "text", "intent", "check"), _cases())
def test_spoken_command_changes_the_world(
    fresh: Assistant, render: Render, voice: str, text: str, intent: str, check: Check
) -> None:
    result = asyncio.run(fresh.run_turn(render(text, voice)))
    summary = result.to_dict()
    assert summary["intent"] in intent.split("|"), summary
    assert result.action is not None and result.action.success, summary
    check(fresh)
    assert result.reply_text
    assert len(result.reply_audio) > 0.3 * result.sample_rate  # a spoken reply, not silence
    assert not result.errors


@pytest.mark.parametrize(("voice", "text", "intent", "done", "untouched"), _cases(SENSITIVE))
def test_sensitive_command_waits_for_a_spoken_yes(
    fresh: Assistant, render: Render, voice: str, text: str, intent: str, done: Check,
    untouched: Check,
) -> None:
    session = f"confirm-{voice}-{intent}"
    asked = asyncio.run(fresh.run_turn(render(text, voice), session_id=session))
    assert asked.intent is not None and asked.intent.intent == intent, asked.to_dict()
    assert asked.action is not None and asked.action.error_code == "confirmation_required"
    assert asked.reply_text.endswith("?") and len(asked.reply_audio) > 0
    untouched(fresh)  # asking changed nothing
    yes = asyncio.run(fresh.run_turn(render("Yes.", "piper"), session_id=session))
    assert yes.action is not None and yes.action.success, yes.to_dict()
    assert yes.action.intent == intent
    done(fresh)
    assert not asked.errors and not yes.errors


def test_message_is_not_sent_without_a_yes(fresh: Assistant, render: Render) -> None:
    text = "Send a message to Alice saying I'm late."
    asked = asyncio.run(fresh.run_turn(render(text, "piper"), session_id="no-yes"))
    assert asked.action is not None and asked.action.error_code == "confirmation_required"
    assert count(fresh, "SELECT count(*) FROM outbox") == 0  # a one-shot turn ends here
    no = asyncio.run(fresh.run_turn(render("No.", "piper"), session_id="no-yes"))
    assert no.action is not None and no.action.error_code == "not_confirmed"
    assert count(fresh, "SELECT count(*) FROM outbox") == 0


def test_unknown_request_gets_a_polite_reply_and_changes_nothing(
    fresh: Assistant, render: Render
) -> None:
    before = count(fresh, "SELECT count(*) FROM devices WHERE state = 'on'")
    result = asyncio.run(fresh.run_turn(render("What is the meaning of life?", "piper")))
    assert result.intent is None and result.no_intent is not None
    assert "understand" in result.reply_text.lower()
    assert result.action is None
    assert count(fresh, "SELECT count(*) FROM devices WHERE state = 'on'") == before
    assert len(result.reply_audio) > 0


def test_turn_events_carry_latency_for_every_stage(fresh: Assistant, render: Render) -> None:
    result = asyncio.run(fresh.run_turn(render("Turn on the kitchen light.", "piper")))
    stages = result.timeline.stages_ms()
    for name in ("vad", "asr", "understanding", "action", "tts_first_audio", "end_to_first_audio"):
        assert name in stages and stages[name] >= 0.0
    assert result.transcript is not None and len(result.transcript.hypotheses) >= 1
    assert result.transcript.words  # word timings kept for later stages


@pytest.mark.parametrize("text", ["Turn on the kitchen light.", "What is the meaning of life?"])
def test_a_spoken_turn_is_understood_once(
    fresh: Assistant, render: Render, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    understood = count_understanding(fresh, monkeypatch)
    result = asyncio.run(fresh.run_turn(render(text, "piper")))
    assert result.transcript is not None
    assert understood == [result.transcript.text]  # recognition never runs it a second time
    reading = (result.intent or result.no_intent).reading  # type: ignore[union-attr]
    assert reading is not None and reading.path in ("exact", "none")


def test_turns_at_once_hear_what_each_hears_alone(fresh: Assistant, render: Render) -> None:
    # A server answers several recordings at once; they share the VAD model, never its state
    # (a shared Silero state shifted each other's speech boundaries).
    clips = [render("Turn on the kitchen light.", "piper"), render("What time is it?", "espeak")]

    async def voiced(clip: Any) -> float | None:
        result = await fresh.run_turn(clip)
        return result.transcript.voiced_ms if result.transcript else None

    async def alone_then_together() -> tuple[list[float | None], list[float | None]]:
        alone = [await voiced(clip) for clip in clips]
        return alone, list(await asyncio.gather(*(voiced(clip) for clip in clips)))

    alone, together = asyncio.run(alone_then_together())
    assert all(alone) and together == alone


def test_a_spoken_list_is_read_back_and_ticked_off_as_said(
    fresh: Assistant, render: Render
) -> None:
    added = asyncio.run(fresh.run_turn(render("Add apples to my shopping list.", "piper")))
    assert added.action is not None and added.action.success, added.to_dict()
    asked = asyncio.run(fresh.run_turn(render("What's on my shopping list?", "piper")))
    assert asked.intent is not None and asked.intent.intent == "SaysoListItems", asked.to_dict()
    assert asked.action is not None and asked.action.data["items"] == ["apples"]
    assert "apples" in asked.reply_text and len(asked.reply_audio) > 0
    # Said with an article (and written "Apple's" by Whisper as often as not): the same entry.
    done = asyncio.run(fresh.run_turn(render("Check the apples off my shopping list.", "piper")))
    assert done.action is not None and done.action.success, done.to_dict()
    assert count(fresh, "SELECT count(*) FROM list_items WHERE done = 0") == 0


@pytest.mark.parametrize(("voice", "text"), [("piper", "Unpause TV."), ("piper", "Unpause."),
                                             ("espeak", "Unpause.")])
def test_unpause_heard_as_and_pause_never_pauses(
    fresh: Assistant, render: Render, voice: str, text: str
) -> None:
    """tiny.en writes these renders "and pause (TV)", and the constrained search read them as
    "Pause (TV)." (the opposite command) until a reading that drops a prefix Whisper wrote apart
    was refused (`opposites.drops_prefix`). Nothing, or the right command, is acceptable."""
    result = asyncio.run(fresh.run_turn(render(text, voice)))
    summary = result.to_dict()
    assert "pause" in str(summary["transcript"]).lower(), summary  # still heard as "… pause"
    assert summary["intent"] in (None, "HassMediaUnpause"), summary


QUESTIONS: list[tuple[str, str, str]] = [
    ("Convert five miles to kilometers.", "SaysoConvert", "5 miles is 8.05 kilometers."),
    ("How many days until Christmas?", "SaysoDaysUntil", "Christmas"),
    ("What's the square root of one hundred forty four?", "SaysoCalculate",
     "The square root of 144 is 12."),
    ("Is milk on my shopping list?", "SaysoListHas", "No, your shopping list doesn't have milk."),
    ("How do you spell necessary?", "SaysoSpell", "Necessary: N, E, C, E, S, S, A, R, Y."),
    ("Tell me another one.", "SaysoTellJoke", "?"),
    ("How bright is the office light?", "SaysoGetDetail", "The office light is"),
    ("How many days in February?", "SaysoCalendarFact", "February has"),
]
"""Questions answered without an LLM (rounds 35 to 37), each spoken by both voices: the
wildcards of a conversion, a day, a number, a list item, a word to spell and a month pass through
the constrained search whole."""


@pytest.mark.parametrize(
    ("voice", "text", "intent", "reply"),
    [(v, t, i, r) for v in ("piper", "espeak") for t, i, r in QUESTIONS],
)
def test_spoken_questions_are_answered_without_an_llm(
    fresh: Assistant, render: Render, voice: str, text: str, intent: str, reply: str
) -> None:
    result = asyncio.run(fresh.run_turn(render(text, voice)))
    summary = result.to_dict()
    assert summary["intent"] == intent, summary
    assert reply in result.reply_text and len(result.reply_audio) > 0, summary
    assert result.action is not None and not result.action.changes


@pytest.mark.parametrize("voice", ["piper", "espeak"])
def test_spoken_cold_is_offered_a_warmer_thermostat_and_changes_nothing(
    fresh: Assistant, render: Render, voice: str
) -> None:
    """"I'm cold." (round 36) is a step offered, never made unasked."""
    result = asyncio.run(fresh.run_turn(render("I'm cold.", voice), session_id=f"cold-{voice}"))
    summary = result.to_dict()
    assert summary["intent"] == "SaysoFeel", summary
    assert "Turn the thermostat up to" in result.reply_text, summary
    assert result.action is None or not result.action.changes, summary


@pytest.mark.parametrize("voice", ["piper", "espeak"])
def test_spoken_alarm_in_two_hours_is_an_alarm(
    fresh: Assistant, render: Render, voice: str
) -> None:
    """"Set an alarm in 2 hours." (round 37) was a timer that would ask "For what time?" later.

    espeak-ng's render is heard "It's a lot of been two hours."; on an AVX2-only AMD EPYC it was
    not read at all while the stepper's int8 products saturated there (round 39).
    """
    result = asyncio.run(fresh.run_turn(render("Set an alarm in 2 hours.", voice)))
    summary = result.to_dict()
    assert summary["intent"] == "SaysoSetAlarm", summary
    assert result.reply_text.startswith("Alarm set for"), summary
    assert result.action is not None, summary
    assert [c.target.split(":")[0] for c in result.action.changes] == ["alarm"], summary


@pytest.mark.parametrize("voice", ["piper", "espeak"])
def test_a_spoken_no_answers_the_question(fresh: Assistant, render: Render, voice: str) -> None:
    """Round 38: "No." after "Unlock the front door?" was read as the answer, then searched again
    over the whole grammar and taken as "Hello?": the question never heard its no."""
    session = f"no-{voice}"
    asked = asyncio.run(fresh.run_turn(render("Unlock the front door.", voice), session_id=session))
    assert asked.reply_text == "Unlock the front door?", asked.to_dict()
    no = asyncio.run(fresh.run_turn(render("No.", voice), session_id=session))
    assert no.intent is None, no.to_dict()
    assert no.action is not None and no.action.error_code == "not_confirmed", no.to_dict()
    assert device(fresh, "lock.front_door")["state"] == "locked"


def test_a_spoken_answer_to_which_one_is_heard_among_the_names_offered(
    fresh: Assistant, render: Render
) -> None:
    """Round 42: after "Which fan do you mean?", Piper's "the office fan" is heard as "The office
    stand." and was not understood; decoded first within the names offered (`choosing.answers`),
    it switches off the office's desk fan and leaves the ceiling fan on."""
    session = "which-fan"
    asyncio.run(fresh.run_text("turn on the fans", session_id="fans-on"))
    asked = asyncio.run(fresh.run_text("switch off the fan", session_id=session))
    assert asked.reply_text == "Which fan do you mean: the ceiling fan or the desk fan?"
    answer = asyncio.run(fresh.run_turn(render("the office fan", "piper"), session_id=session))
    summary = answer.to_dict()
    assert answer.intent is not None and answer.intent.reading is not None, summary
    assert answer.intent.reading.heard == "the office fan", summary  # the answer, as expected
    assert answer.action is not None and answer.action.success, summary
    assert device(fresh, "fan.office_desk_fan")["state"] == "off"
    assert device(fresh, "fan.bedroom_ceiling_fan")["state"] == "on"


def test_spoken_words_typing_never_gives(fresh: Assistant, render: Render) -> None:
    """Round 38: tiny.en writes "hey say so", "Send the message to mom." and "6 p.m. That …"; they
    were "Turn on the living room air conditioner?", "Sorry, I don't know mom." and "Sorry, I
    couldn't understand the day"."""
    hey = asyncio.run(fresh.run_turn(render("Hey, sayso.", "piper")))
    assert hey.intent is None and hey.reply_text == "Yes? What can I do for you?", hey.to_dict()
    mum = asyncio.run(fresh.run_turn(render("Send a message to Mum.", "piper"), session_id="mum"))
    assert mum.reply_text == "What should the message to Mum say?", mum.to_dict()
    late = asyncio.run(fresh.run_turn(render("I'm running late.", "piper"), session_id="mum"))
    assert late.reply_text == "Send 'I'm running late' to Mum?", late.to_dict()
    text = "Remind me at 6 pm that I have a meeting."
    meeting = asyncio.run(fresh.run_turn(render(text, "piper")))
    assert meeting.reply_text.startswith("I'll remind you that you have a meeting at 6 PM"), (
        meeting.to_dict()
    )
