"""Write the end-of-turn scenario set: src/sayso/data/scenarios/turn_end.yaml (issue 15).

Rendered single-turn scenarios for `sayso eval dialogue --turn-end`: commands said in one go,
commands with a pause where the words so far are not a command ("set a timer for | five
minutes"), pauses where the words so far *are* a command ("set the thermostat to twenty | two
degrees"), people reading numbers, slow speakers (slower voice, pauses between words) and open
questions. `|` marks a pause; `pauses_ms` gives each one's length. Deterministic (seeded).

    python scripts/make_turn_end_scenarios.py
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).resolve().parents[1] / "src/sayso/data/scenarios/turn_end.yaml"
SEED = 15
VOICES = ("piper", "espeak")

LIGHTS = ["kitchen light", "bedroom light", "office light", "hallway light", "bathroom light",
          "living room lamp", "bedside lamp", "dining room light", "garden lights"]
AREAS = ["kitchen", "bedroom", "office", "living room", "bathroom", "hallway"]
ITEMS = ["milk", "eggs", "bread", "apples", "coffee", "rice", "butter", "cheese"]
NUMBERS = ["two", "three", "five", "ten", "fifteen", "twenty", "forty", "ninety"]
UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
QUESTIONS = [
    "What is the capital of | France?", "How far away is the | moon?",
    "Who wrote | Romeo and Juliet?", "Tell me | a joke.", "Why is the sky | blue?",
    "What is the best way to | cook rice?", "How many legs does | a spider have?",
    "Can you explain | how rainbows form?", "What should I | make for dinner?",
    "Who was the first person | on the moon?",
]


def complete(rng: random.Random) -> str:
    """A command said in one go."""
    return rng.choice([
        f"Turn on the {rng.choice(LIGHTS)}.", f"Turn off the {rng.choice(LIGHTS)}.",
        f"Set a timer for {rng.choice(NUMBERS)} minutes.", "What time is it?",
        f"Add {rng.choice(ITEMS)} to my shopping list.", "Open the living room curtains.",
        f"Set the thermostat to {rng.choice(['eighteen', 'twenty', 'twenty two'])} degrees.",
        "Close the bedroom blinds.", f"Turn off the lights in the {rng.choice(AREAS)}.",
    ])


def unfinished(rng: random.Random) -> str:
    """A pause where the words so far are not a command."""
    return rng.choice([
        f"Turn on the | {rng.choice(LIGHTS)}.", f"Turn off | the {rng.choice(LIGHTS)}.",
        f"Set a timer for | {rng.choice(NUMBERS)} minutes.",
        f"Set the thermostat to | {rng.choice(['nineteen', 'twenty one'])} degrees.",
        f"Add | {rng.choice(ITEMS)} to my shopping list.",
        f"Add {rng.choice(ITEMS)} to my | shopping list.",
        f"Turn off the lights in the | {rng.choice(AREAS)}.",
        f"Set an alarm for | {rng.choice(UNITS)} o'clock.",
    ])


def finished_too_soon(rng: random.Random) -> str:
    """A pause where the words so far are already a command: the hard case."""
    return rng.choice([
        f"Set the thermostat to twenty | {rng.choice(UNITS[:4])} degrees.",
        f"Set a timer for {rng.choice(NUMBERS)} minutes | and thirty seconds.",
        f"Turn off the lights | in the {rng.choice(AREAS)}.",
        f"Turn on the {rng.choice(LIGHTS)} | please.",
        f"Set a timer for twenty | {rng.choice(UNITS[:5])} minutes.",
        f"Add {rng.choice(ITEMS)} | and {rng.choice(ITEMS)} to my shopping list.",
    ])


def numbers(rng: random.Random) -> str:
    """Someone reading numbers out, with a pause inside the number."""
    return rng.choice([
        f"Set an alarm for {rng.choice(UNITS)} | thirty.",
        f"Set a timer for one hour | and {rng.choice(NUMBERS)} minutes.",
        f"Set a timer for {rng.choice(UNITS)} | minutes | and {rng.choice(NUMBERS)} seconds.",
        f"Set the thermostat to | twenty | {rng.choice(UNITS[:4])} degrees.",
        f"Set an alarm for {rng.choice(UNITS)} | forty | five.",
    ])


def slow(rng: random.Random) -> str:
    """A slow speaker: pauses between most words."""
    words = complete(rng).split()
    return " | ".join(" ".join(words[i:i + 2]) for i in range(0, len(words), 2))


def turn(say: str, rng: random.Random, voice: str, *, slow_speaker: bool = False) -> dict[str, Any]:
    """One scenario turn: pause lengths drawn per `|` (a slow speaker: short pauses, slower)."""
    pauses = [rng.choice([200, 300, 400]) if slow_speaker else rng.randrange(250, 801, 50)
              for _ in range(say.count("|"))]
    out: dict[str, Any] = {"say": say, "voice": voice}
    if pauses:
        out["pauses_ms"] = pauses
    if slow_speaker:
        out["speed"] = 0.75
    return out


def main() -> None:
    """Write the scenario file."""
    rng = random.Random(SEED)
    plan = [("complete", complete, 60), ("unfinished", unfinished, 50),
            ("finished-too-soon", finished_too_soon, 40), ("numbers", numbers, 40),
            ("slow", slow, 30)]
    scenarios = []
    for kind, make, count in plan:
        for i in range(count):
            voice = VOICES[i % 2]
            say = make(rng)
            scenarios.append({"name": f"{kind}-{i + 1}",
                              "turns": [turn(say, rng, voice, slow_speaker=kind == "slow")]})
    for i, question in enumerate(QUESTIONS * 2):
        scenarios.append({"name": f"question-{i + 1}",
                          "turns": [turn(question, rng, VOICES[i % 2])]})
    header = (
        "# End-of-turn scenarios (issue 15), written by scripts/make_turn_end_scenarios.py.\n"
        "# `|` marks a pause inside the turn (pauses_ms each); ending the turn there is a false\n"
        "# cut-off. Run: sayso eval dialogue <this file> --turn-end --out eval-out/turn-end\n"
    )
    body = yaml.safe_dump({"user_voice": "piper", "scenarios": scenarios}, sort_keys=False,
                          width=100)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"{len(scenarios)} scenarios -> {OUT}")


if __name__ == "__main__":
    main()
