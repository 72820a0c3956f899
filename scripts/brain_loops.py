"""Chit-chat conversations through the embedded brain: how many answers repeat a sentence.

Six five-turn conversations (one session each) of the small talk the fast path does not read go
to the configured LLM (the embedded gemma-3-270m unless configured) as whole typed turns. A reply
"repeats" when one of its sentences comes twice ("I'm not sure. I'm not sure. …"). Prints the
count and the mean reply length, and writes the rows as JSON.

    python scripts/brain_loops.py --out /tmp/brain_loops.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
from pathlib import Path

from sayso.app.assistant import Assistant
from sayso.config import Settings

CONVERSATIONS: list[list[str]] = [
    ["how are you", "tell me a story", "that's funny", "what's your name", "good night"],
    ["I'm bored", "what should I do today", "thanks", "tell me something interesting", "bye"],
    ["what is the meaning of life", "why", "are you sure", "okay", "thank you"],
    ["do you like music", "what's your favourite song", "sing me a song", "stop", "never mind"],
    ["can you help me cook dinner", "what should I make", "something with pasta", "how long",
     "great"],
    ["who are you", "what can you do", "can you dance", "are you a robot", "goodbye"],
]


def sentences(text: str) -> list[str]:
    """The reply's sentences, lower-cased."""
    return [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def main() -> None:
    """Run the conversations and count the replies that repeat a sentence."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="rows as JSON")
    args = parser.parse_args()
    assistant = Assistant(Settings(data_dir=tempfile.mkdtemp(prefix="sayso-loops-")))
    assistant.load(speech=False)
    rows = []
    try:
        for n, conversation in enumerate(CONVERSATIONS):
            for text in conversation:
                reply = asyncio.run(assistant.run_text(text, session_id=f"c{n}")).reply_text
                said = sentences(reply)
                rows.append({"conversation": n, "text": text, "reply": reply,
                             "repeats": len(said) != len(set(said))})
    finally:
        assistant.close()
    args.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    looping = sum(r["repeats"] for r in rows)
    mean = sum(len(r["reply"]) for r in rows) / len(rows)
    print(f"{len(rows)} replies, {looping} repeat a sentence; mean length {mean:.0f} characters")


if __name__ == "__main__":
    main()
