"""Typed requests in German, French, Spanish and Chinese that round 30 found English-only or broken.

Each conversation runs as whole typed turns (`Assistant.run_text`, one session per conversation)
on the demo home, with English as the default language and the four others configured; no model
is loaded. Per turn: was it answered in its language (`evaluation.text_replies.in_language`),
and did the conversation do what it asked (the door unlocked, the alarm set, ...). Prints a table
and writes the rows as JSON.

    python scripts/language_requests.py --out /tmp/language_requests.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path

from sayso.app.assistant import Assistant
from sayso.config import IntentsConfig, LlmConfig, Settings
from sayso.evaluation.text_replies import in_language

CONVERSATIONS: list[tuple[str, list[str]]] = [
    ("de", ["Stoppe den Timer"]),
    ("de", ["Stell die Temperatur auf 90 Grad"]),
    ("de", ["Hallo"]),
    ("de", ["Stell einen Wecker für 7 Uhr", "Welche Wecker habe ich", "Lösche alle Wecker"]),
    ("de", ["Setz Milch auf die Einkaufsliste", "Was steht auf der Einkaufsliste"]),
    ("de", ["Schließ die Haustür auf", "Ja"]),
    ("de", ["Küchenlicht an"]),
    ("fr", ["Annule le minuteur"]),
    ("fr", ["Bonjour"]),
    ("fr", ["Mets une alarme pour 7 heures", "Quelles alarmes ai-je", "Annule toutes les alarmes"]),
    ("fr", ["Ajoute du lait à la liste de courses",
            "Qu'est-ce qu'il y a sur ma liste de courses"]),
    ("fr", ["Déverrouille la porte d'entrée", "Oui"]),
    ("es", ["Cancela el temporizador"]),
    ("es", ["Hola"]),
    ("es", ["Pon una alarma para las 7", "Qué alarmas tengo", "Cancela todas las alarmas"]),
    ("es", ["Añade leche a la lista de la compra", "Qué hay en la lista de la compra"]),
    ("es", ["Desbloquea la puerta principal", "Sí"]),
    ("zh-cn", ["取消计时器"]),
    ("zh-cn", ["你好"]),
    ("zh-cn", ["明天8点半叫醒我", "我有哪些闹钟", "取消所有闹钟"]),
    ("zh-cn", ["把牛奶加到购物清单", "购物清单上有什么"]),
    ("zh-cn", ["解锁前门", "好的"]),
]  # fmt: skip
"""(language, the turns of one conversation)."""


def main() -> None:
    """Run the conversations, print the table and write the rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="rows as JSON")
    args = parser.parse_args()
    settings = Settings(
        data_dir=tempfile.mkdtemp(prefix="sayso-langreq-"),
        llm=LlmConfig(engine="none"),
        intents=IntentsConfig(language="en", languages=("de", "fr", "es", "zh-cn")),
    )
    assistant = Assistant(settings).load(speech=False, llm=False)
    rows = []
    try:
        for n, (language, turns) in enumerate(CONVERSATIONS):
            for text in turns:
                result = asyncio.run(assistant.run_text(text, session_id=f"c{n}"))
                action = result.action
                rows.append({
                    "language": language, "text": text, "reply": result.reply_text,
                    "in_language": in_language(result.reply_text, language),
                    "intent": result.intent.intent if result.intent else None,
                    "success": bool(action and action.success),
                })  # fmt: skip
    finally:
        assistant.close()
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print("| language | turns | answered in its language | understood (an intent) |")
    print("|---|---|---|---|")
    for language in dict.fromkeys(r["language"] for r in rows):
        mine = [r for r in rows if r["language"] == language]
        said = sum(r["in_language"] for r in mine)
        understood = sum(r["intent"] is not None for r in mine)
        print(f"| {language} | {len(mine)} | {said} | {understood} |")
    for r in rows:
        print(f"{r['language']}\t{r['text']}\t→ {r['reply']}")


if __name__ == "__main__":
    main()
