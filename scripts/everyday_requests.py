"""Everyday conversations, typed, on the demo home: what a first user gets (rounds 31 to 39).

Each conversation runs as whole typed turns (`Assistant.run_text`, one session per conversation,
one home for all, in order) with no LLM unless `--llm` (the embedded gemma-3-270m). Per turn:
the intent read, whether the action was done, and the reply. The set is written from this round's
probes, including requests it still does not serve; it shows what changed, it is not a held-out
measure of how often users say these. German, French and Spanish are understood beside English
(round 32's and round 33's conversations in them). `changes` counts the state changes a turn
made: "Schalte die Lampe ein" changed eleven lights before round 32.

    python scripts/everyday_requests.py --out /tmp/everyday.json [--llm]

Spoken (round 38): `--spoken piper|espeak --typed /tmp/everyday.json` renders every English
conversation of a typed run (its rows all read in English) in that voice and runs it as audio
(`Assistant.run_turn`: VAD, Whisper tiny.en, the grammar-aware reading), so a request that works
typed and fails spoken shows up beside its typed row; other conversations are left out. One voice
per run, each on a fresh home.

    python scripts/everyday_requests.py --spoken piper --typed /tmp/everyday.json --out /tmp/sp.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path

import numpy as np

from sayso.app.assistant import Assistant
from sayso.app.turn import TurnResult
from sayso.config import IntentsConfig, LlmConfig, Settings, TtsConfig
from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput

CONVERSATIONS: list[list[str]] = [
    ["turn on the kitchen light", "turn it off"],
    ["is the garage door open", "close it"],
    ["turn on the kitchen light", "and the hallway too"],
    ["turn on the kitchen light", "what about the bedroom"],
    ["turn off the lights in the living room", "and the kitchen too"],
    ["turn on the living room lamp", "make it red"],
    ["turn on the coffee machine", "turn it off"],
    ["lock the front door", "and the back door too"],
    ["turn off the lamp", "the kitchen light"],
    ["switch off the fan", "desk"],
    ["what's the temperature inside"],
    ["what's the temperature outside"],
    ["is it cold outside"],
    ["what's the humidity outside"],
    ["thank you"],
    ["good night"],
    ["what can you do"],
    ["remind me to call mom at 5 pm"],
    ["remind me in 10 minutes to check the oven"],
    ["make the living room brighter"],
    ["dim the living room lamp"],
    ["set the desk fan to high"],
    ["turn the volume up on the kitchen speaker"],
    ["turn on the kitchen light", "undo that"],
    # Round 32.
    ["turn everything off"],
    ["turn on the desk fan", "is anything on"],
    ["add milk to the shopping list", "clear the shopping list", "yes"],
    ["set a timer for 10 minutes", "cancel it"],
    ["set a pizza timer for 10 minutes", "pause it", "cancel it"],
    ["remind me in 10 minutes"],
    ["add call the plumber to my to do list", "what's on my to do list"],
    ["Schalte die Lampe ein", "Küchenlicht"],
    ["allume la lampe", "celle de la cuisine"],
    ["enciende la lámpara", "la del salón"],
    ["Schalte alles aus"],
    ["éteins tout"],
    ["apaga todo"],
    ["set an alarm for 7 am every weekday", "what alarms do I have", "cancel all alarms"],
    ["Mach das Licht im Wohnzimmer heller"],
    ["what's playing"],
    # Round 33: leaning on the last command in German, French and Spanish.
    ["Schalte das Küchenlicht ein", "Schalte es aus", "Und im Flur auch"],
    ["Schalte das Küchenlicht und das Flurlicht ein", "Mach das rückgängig"],
    ["Schalte den Deckenventilator ein", "Schalte ihn aus"],
    ["Stelle einen Timer auf 10 Minuten", "Brich ihn ab"],
    ["Allume la lumière de la cuisine", "Éteins-la", "Et celle du couloir"],
    ["Allume la lumière de la cuisine et celle du couloir", "Annule ça"],
    ["Est-ce que la porte du garage est ouverte", "Ferme-la"],
    ["Enciende la luz de la cocina", "Apágala", "Y la del pasillo"],
    ["Enciende la luz de la cocina y la del pasillo", "Deshaz eso"],
    ["Enciende el ventilador de techo", "Apágalo"],
    ["set a timer for 10 minutes", "set a timer for 5 minutes", "cancel it", "cancel it",
     "what timers are running", "cancel all timers"],
    ["set a timer for an hour and a half", "cancel all timers"],
    ["remind me in an hour and a half to call mom", "cancel all alarms"],
    ["are the doors locked"],
    ["add eggs, bread and milk to the shopping list", "what's on my shopping list"],
    ["what's 15 percent of 80"],
    ["roll a die"],
    ["Welche Lichter sind an"],
    ["Stell das Licht im Schlafzimmer auf 50 Prozent"],
    ["Wie viel ist zwölf mal sieben"],
    ["open the garage"],
    # Round 34: what is said between commands, and household questions.
    ["turn on the kitchen light", "what did you say"],
    ["unlock the front door", "sorry, what did you say?", "no"],
    ["Schalte das Küchenlicht ein", "Wie bitte?"],
    ["how are you", "who are you", "help"],
    ["set an alarm", "7 am", "cancel all alarms"],
    ["set a timer", "10 minutes", "cancel"],
    ["remind me to water the plants", "at 5 pm", "cancel all alarms"],
    ["set the thermostat", "21"],
    ["Stelle einen Wecker", "7 Uhr", "Lösche alle Wecker"],
    ["Mets une alarme", "7 heures", "annule toutes les alarmes"],
    ["Pon una alarma", "las 7", "cancela todas las alarmas"],
    ["what's the thermostat set to"],
    ["set the heat to 22", "turn the heating down to 20"],
    ["close all curtains", "open all the blinds", "is the garage open"],
    ["turn the tv down", "set the volume of the tv to 30 percent", "is the tv on"],
    ["set a timer for 3 minutes for the eggs", "how many timers do I have", "delete all my timers"],
    ["what time is it in Tokyo", "Wie spät ist es in New York"],
    ["set an alarm for 6 am", "change my alarm to 7", "cancel all alarms"],
    ["turn on the kitchen light", "dim the lights", "turn it back off"],
    ["turn on all the lights", "turn off all the lights"],
    ["what year is it"],
    ["set an alarm", "tomorrow", "7 am", "cancel all alarms"],
    ["what day is tomorrow"],
    ["set a timer for 5 minutes", "add a minute", "cancel all timers"],
    ["is the front door open", "is it warm in the living room"],
    ["what's the weather tomorrow"],
    ["turn the fan up", "turn up the desk fan", "turn it down"],
    # Round 35: units, days, numbers, lists asked about, the thermostat as people set it.
    ["how many ounces in a cup", "convert 5 miles to kilometers"],
    ["what's 20 degrees celsius in fahrenheit", "what's 2 kilos in pounds"],
    ["Wie viele Gramm sind ein Pfund", "combien de grammes dans une livre",
     "cuántos gramos hay en una libra"],
    ["how many days until christmas", "what day is christmas", "when is easter"],
    ["how long until 5 pm", "what's the date next monday"],
    ["what's the square root of 144", "what's 2 to the power of 10",
     "pick a number between 1 and 10"],
    ["add eggs to my shopping list", "is eggs on my shopping list", "what's on my list",
     "check off eggs"],
    ["set the thermostat to 70", "raise the temperature by 2 degrees", "what's the thermostat at"],
    ["turn the fan on high", "desk"],
    ["set an alarm every monday at 8", "cancel all alarms"],
    ["are you there", "bist du da"],
    # Not served in round 35 (kept in place so rows compare by index):
    ["tell me a joke"],  # served from round 36
    ["play some jazz in the kitchen"],
    ["turn on the kitchen light for 10 minutes"],  # served from late in round 35
    ["when is sunset"],
    ["it's cold in here"],  # offered a warmer thermostat from round 36
    # Round 36: jokes, spelling, how it feels, toggles, lone comparatives, more forms.
    ["tell me a joke", "tell me another one", "Erzähl mir einen Witz", "cuéntame un chiste"],
    ["how do you spell necessary", "repeat after me I love pizza"],
    ["I'm cold", "yes"],
    ["Mir ist kalt", "nein"],
    ["turn on the kitchen light", "dim the lights", "turn it back off"],
    ["turn up the desk fan", "turn it down"],
    ["turn on the kitchen light", "set it to 50 percent", "brighter", "a bit dimmer"],
    ["toggle the kitchen light", "toggle the living room lights"],
    ["timer 5 minutes", "cancel all timers"],
    ["how many weeks until christmas"],
    ["is the heating on", "are the lights on in the kitchen"],
    ["set all the lights to 50 percent", "make the living room lights red"],
    ["remind me every day at 8 to take my pills", "cancel all alarms"],
    ["add bananas and apples", "remove bananas", "what's on my shopping list"],
    ["how old are you", "call mom", "what's on my calendar", "read my messages"],
    ["what's a 15 percent tip on 40 dollars"],
    ["what week is it"],
    ["stop the timer"],  # with several timers running: "which one?"
    ["I'm home"],
    # Round 37.
    ["set an alarm in 2 hours", "set an alarm for 20 minutes", "cancel all alarms"],
    ["remind me at 6 pm that I have a meeting", "cancel all alarms"],
    ["remind me on Friday to pay rent", "5 pm", "cancel all alarms"],
    ["remind me tomorrow that the plumber is coming", "at 10", "cancel all alarms"],
    ["send a message to Mum", "I'm running late", "no"],
    ["send a message to Anna"],
    ["is it a leap year", "when is the next leap year", "how many days in February"],
    ["welche Kalenderwoche haben wir", "en qué semana estamos"],
    ["lock the front door", "is it locked"],
    ["turn on the lights in the kitchen", "are they on", "turn them off"],
    ["how bright is the office light", "what's the volume on the TV", "how fast is the desk fan"],
    ["open the bedroom blinds halfway", "how open are they"],
    ["are the lights on", "are the lights off"],
    ["start the coffee machine", "stop the coffee machine"],
    ["play the next song", "do I need to buy milk", "how long have I got left"],
    ["turn of the lights in the kitchn", "what did you hear"],
    ["be quiet", "okay", "sorry", "hey sayso", "what's up", "can you help me"],
    ["I'm leaving", "are you a robot"],
    ["create a list called camping"],  # told it cannot (the embedded LLM added "camping")
    # Round 38: what speech writes, and a command at a time of day.
    ["turn on the kitchen light at 7 pm", "turn off the lights at 11:30 pm", "cancel all timers"],
    ["unlock the front door at 7 pm", "no"],
    ["set a timer for 5 minutes", "unlock the front door", "cancel all timers"],
    ["Send the message to mom.", "I'm running late", "no"],
    ["Remind me at 6 p.m. That I have a meeting.", "cancel all alarms"],
    ["no", "yes", "hey say so"],
    ["tell me a joke at 5 pm"],  # nothing to run later: not understood, by design
    # Round 39: all but some, what "it" is after "what's playing", a quick "undo that".
    ["turn on all the lights", "turn off all the lights except the kitchen", "undo that"],
    ["switch off all the lights but the bedroom", "turn everything off apart from the TV"],
    ["what's playing", "pause it", "resume it", "turn it down"],
    ["turn on the kitchen light", "and do that"],
    # Still not served (left for later rounds):
    ["when is sunset"],
    ["turn on the porch light at sunset"],
    ["I bought the eggs"],
    ["set the mood"],
    ["it's too dark in here"],
    ["pause it"],
]
"""The turns of each conversation."""


PAD_S = 0.3
"""Silence before and after each spoken request, seconds (as the spoken e2e tests)."""
ENGLISH = ("", "en")
"""Reply languages of a typed row read in English ("": the default language)."""


def english_conversations(typed: list[dict[str, object]]) -> set[int]:
    """The conversations of a typed run whose every turn was read in English."""
    if any("language" not in r for r in typed):
        raise SystemExit("error: the typed rows name no language (write them with this script)")
    other = {r["conversation"] for r in typed if r["language"] not in ENGLISH}
    return {int(str(r["conversation"])) for r in typed} - {int(str(n)) for n in other}


def row(n: int, text: str, result: TurnResult) -> dict[str, object]:
    """One turn's row: what was read, whether it was done, the reply."""
    action = result.action
    return {
        "conversation": n, "text": text, "reply": result.reply_text,
        "intent": result.intent.intent if result.intent else None,
        "done": bool(action and action.success),
        "changes": len(action.changes) if action else 0,
        "language": result.reply_language,
        "heard": result.transcript.text if result.transcript else None,
    }  # fmt: skip


async def spoken_turn(assistant: Assistant, audio: np.ndarray, session: str) -> TurnResult:
    """One spoken turn; audio the VAD finds no speech in is a turn that heard nothing."""
    try:
        return await assistant.run_turn(audio, session_id=session)
    except BadInput:
        return TurnResult(turn_id="")


def run_spoken(voice: str, typed: Path) -> list[dict[str, object]]:
    """The English conversations of a typed run, spoken by `voice`, on a fresh home."""
    from sayso.evaluation.dialogue.voices import UserVoices

    english = english_conversations(json.loads(typed.read_text(encoding="utf-8")))
    # Piper without its random variation: every run hears the same audio.
    settings = Settings(
        data_dir=tempfile.mkdtemp(prefix="sayso-everyday-"),
        llm=LlmConfig(engine="none"),
        tts=TtsConfig(noise_scale=0.0, noise_w=0.0),
    )
    assistant = Assistant(settings).load(llm=False)
    speak = UserVoices(settings, voice)
    pad = np.zeros(int(PAD_S * SAMPLE_RATE), np.float32)
    rows = []
    try:
        for n, turns in enumerate(CONVERSATIONS):
            if n not in english:
                continue
            for text in turns:
                audio = np.concatenate([pad, speak(text), pad])
                result = asyncio.run(spoken_turn(assistant, audio, f"c{n}"))
                rows.append(row(n, text, result))
    finally:
        assistant.close()
    return rows


def run_typed(llm: bool) -> list[dict[str, object]]:
    """Every conversation typed, on a fresh home."""
    no_llm = {} if llm else {"llm": LlmConfig(engine="none")}
    languages = IntentsConfig(language="en", languages=("de", "fr", "es"))
    data_dir = tempfile.mkdtemp(prefix="sayso-everyday-")
    settings = Settings(data_dir=data_dir, intents=languages, **no_llm)
    assistant = Assistant(settings).load(speech=False, llm=llm)
    rows = []
    try:
        for n, turns in enumerate(CONVERSATIONS):
            for text in turns:
                result = asyncio.run(assistant.run_text(text, session_id=f"c{n}"))
                rows.append(row(n, text, result))
    finally:
        assistant.close()
    return rows


def main() -> None:
    """Run the conversations, print the table and write the rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="rows as JSON")
    parser.add_argument("--llm", action="store_true", help="with the embedded LLM")
    parser.add_argument("--spoken", choices=("piper", "espeak"), help="speak them in this voice")
    parser.add_argument("--typed", type=Path, help="a typed run's rows (with --spoken)")
    args = parser.parse_args()
    if args.spoken and args.typed is None:
        parser.error("--spoken needs --typed (a typed run's rows)")
    rows = run_spoken(args.spoken, args.typed) if args.spoken else run_typed(args.llm)
    args.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    read = sum(r["intent"] is not None for r in rows)
    done = sum(bool(r["done"]) for r in rows)
    print(f"{len(rows)} turns: {read} read as an intent, {done} done")
    for r in rows:
        mark = "done" if r["done"] else (r["intent"] or "-")
        heard = f" (heard {r['heard']!r})" if args.spoken else ""
        print(f"{r['conversation']}\t{r['text']}{heard}\t[{mark}, {r['changes']}]\t→ {r['reply']}")


if __name__ == "__main__":
    main()
