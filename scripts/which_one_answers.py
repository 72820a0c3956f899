"""How often a spoken answer to "which one?" switches what it names.

With and without the offered names decoded first (`dialogue/choosing.answers`, round 42), on the
same audio. The demo home is asked "turn off the lamp" (eleven lights: "say its room or name")
and "switch off the fan" (two fans). Every answer form that starts with "the"
(`choosing.answers`: "the kitchen", "the desk fan", "the one in the office") is rendered by the
held-out voice pair of `render_tuning_voices.py` (Piper at 0.9x, espeak-ng en-us+m1 at 160 wpm),
with 0.3 s of silence before and 0.6 s after, then mixed with `--noise` at each `--snr`. What is
right is what the same answer does typed: the set of offered devices it switches off. Both arms
hear the same mix, one after the other (the second arm sets no expected answers, as before round
42).

`--open MANIFEST` also says each clip of a set of open speech as the answer (Cathy's real
sentences, `../shared/data/speech/cathy_arctic/manifest.jsonl`): right is no device switched
and no answer read.

    PYTHONPATH=src python scripts/which_one_answers.py --noise NOISE_MANIFEST --open MANIFEST
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import itertools
import json
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soxr
from render_tuning_voices import HELD_OUT, _voice  # scripts/: the held-out voice pair

from sayso.actions.devices import get_device
from sayso.app.assistant import Assistant
from sayso.config import load_settings
from sayso.constants import SAMPLE_RATE
from sayso.errors import SaysoError
from sayso.evaluation.augment.conditions import Condition, apply_condition, condition_seed
from sayso.evaluation.augment.noise import NoiseBank
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.sources import Voice
from sayso.tts.espeak import EspeakTts

QUESTIONS = (("turn off the lamp", "light"), ("switch off the fan", "fan"))
"""A command that asks "which one?" in the demo home, and the kind of device it offers."""
LEAD_S, TAIL_S = 0.3, 0.6
"""Silence around a rendered answer, s (the VAD needs a start and an end)."""
_SESSIONS = itertools.count()


def main() -> None:
    """Print, per arm and condition, how many spoken answers did what the typed answer does."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noise", required=True, help="noise manifest (JSON Lines)")
    parser.add_argument("--snr", default="6,12,24", help="SNRs in dB, besides the clean audio")
    parser.add_argument("--open", help="manifest of open speech said as the answer (forced?)")
    parser.add_argument("--only-open", action="store_true", help="say only the --open clips")
    args = parser.parse_args()
    # Its own state: the turns switch devices, and the user's home is not the script's to change.
    settings = dataclasses.replace(load_settings(None), data_dir=tempfile.mkdtemp(prefix="which-"))
    assistant = Assistant(settings)
    assistant.load()
    assistant.warm_up(wait=True)
    bank = NoiseBank(args.noise)
    snrs: list[float | None] = [None, *(float(s) for s in args.snr.split(","))]
    clips: list[tuple[str, str, str, np.ndarray, frozenset[str] | None]] = []
    voices = _voices(assistant)
    for question, kind in () if args.only_open else QUESTIONS:
        for answer in _spoken_forms(assistant, question):
            gold = _typed(assistant, question, kind, answer)
            assert gold, f"typed, {answer!r} switches nothing"
            for voice, speak in voices.items():
                clips.append((question, kind, f"{voice} {answer!r}", speak(answer), gold))
    if args.open:
        manifest = Path(args.open)
        for line in manifest.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            audio = read_clip(manifest.parent / row["audio"])
            clips.append((*QUESTIONS[0], f"open {row['id']}", audio, None))  # nothing is right
    _report(assistant, clips, bank, snrs)


def _report(
    assistant: Assistant,
    clips: list[tuple[str, str, str, np.ndarray, frozenset[str] | None]],
    bank: NoiseBank,
    snrs: list[float | None],
) -> None:
    right: Counter[tuple[str, str, bool]] = Counter()
    total: Counter[tuple[str, bool]] = Counter()
    misses: list[str] = []
    expect = assistant.expected_answers
    for (question, kind, name, speech, gold), snr in itertools.product(clips, snrs):
        condition = "clean" if snr is None else f"{snr:g}dB"
        audio = _mixed(speech, bank, snr, name, condition)
        is_open = gold is None
        total[condition, is_open] += 1
        for arm, expected in (("answers first", expect), ("as before", _nothing)):
            assistant.expected_answers = expected  # type: ignore[method-assign]
            heard, off, answered = _spoken(assistant, question, kind, audio)
            ok = not (off or answered) if is_open else off == gold
            right[arm, condition, is_open] += ok
            if not ok:
                misses.append(f"{arm:13} {condition:6} {name} heard {heard}")
        assistant.expected_answers = expect  # type: ignore[method-assign]
    print("\n".join(misses))
    conditions = list(dict.fromkeys(c for c, _ in total))
    arms = ((False, "answers that did what they say"), (True, "open speech not forced"))
    for is_open, what in arms:
        if not any(total[c, is_open] for c in conditions):
            continue
        print(f"\n{what}\n\n| arm | " + " | ".join(conditions) + " | all |")
        print("|---|" + "---|" * (len(conditions) + 1))
        for arm in ("as before", "answers first"):
            cells = [f"{right[arm, c, is_open]} / {total[c, is_open]}" for c in conditions]
            all_right = sum(right[arm, c, is_open] for c in conditions)
            cells.append(f"{all_right} / {sum(total[c, is_open] for c in conditions)}")
            print(f"| {arm} | " + " | ".join(cells) + " |")


def _nothing(session_id: str) -> tuple[str, ...]:
    return ()


def _spoken_forms(assistant: Assistant, question: str) -> list[str]:
    session = f"which{next(_SESSIONS)}"
    asyncio.run(assistant.run_text(question, session_id=session))
    return [a for a in assistant.expected_answers(session) if a.startswith("the ")]


def _typed(assistant: Assistant, question: str, kind: str, answer: str) -> frozenset[str]:
    session = _asked(assistant, question, kind)
    asyncio.run(assistant.run_text(answer, session_id=session))
    return _off(assistant, kind)


def _spoken(
    assistant: Assistant, question: str, kind: str, audio: np.ndarray
) -> tuple[str, frozenset[str], bool]:
    """What was heard and read, the offered devices now off, and whether it was an answer.

    An answer: read as one of the expected answers, whose words replaced what was heard.
    """
    session = _asked(assistant, question, kind)
    try:
        result = asyncio.run(assistant.run_turn(audio, session_id=session))
    except SaysoError:
        return "", _off(assistant, kind), False  # no speech found
    heard = result.transcript.text if result.transcript is not None else ""
    understood = result.intent or result.no_intent
    reading = understood.reading if understood is not None else None
    answered = reading is not None and (
        reading.path == "answer" or bool(reading.heard and reading.heard != heard)
    )
    if reading is not None:
        heard += f" -> {reading.path} {reading.text!r} (score {reading.score})"
    return f"{heard}; {result.reply_text!r}", _off(assistant, kind), answered


def _asked(assistant: Assistant, question: str, kind: str) -> str:
    session = f"which{next(_SESSIONS)}"
    asyncio.run(assistant.run_text(f"turn on the {kind}s", session_id=f"{session}-on"))
    asyncio.run(assistant.run_text(question, session_id=session))
    return session


def _off(assistant: Assistant, kind: str) -> frozenset[str]:
    assert assistant.actions is not None
    store = assistant.actions.store
    prefix = f"{kind}."
    ids = [d.entity_id for d in assistant.actions.home.devices if d.entity_id.startswith(prefix)]
    return frozenset(e for e in ids if (d := get_device(store, e)) is not None and d.state == "off")


def _voices(assistant: Assistant) -> dict[str, Callable[[str], np.ndarray]]:
    """The held-out pair of `render_tuning_voices.py` (its `HELD_OUT`, its `_voice`), at 16 kHz."""
    voice, wpm, speed = HELD_OUT
    espeak = EspeakTts(voice=voice, wpm=wpm)
    espeak.load()

    def at_16k(speak: Voice) -> Callable[[str], np.ndarray]:
        def said(text: str) -> np.ndarray:
            audio, rate = speak(text)
            return soxr.resample(audio, rate, SAMPLE_RATE) if rate != SAMPLE_RATE else audio

        return said

    return {f"piper{speed}": at_16k(_voice(assistant.tts, speed)),
            "espeakm1": at_16k(_voice(espeak, 1.0))}  # fmt: skip


def _mixed(
    speech: np.ndarray, bank: NoiseBank, snr: float | None, key: str, condition: str
) -> np.ndarray:
    lead, tail = (np.zeros(int(s * SAMPLE_RATE), np.float32) for s in (LEAD_S, TAIL_S))
    audio = np.concatenate([lead, speech, tail]).astype(np.float32)
    if snr is None:
        return audio
    rng = np.random.default_rng(condition_seed(key, condition))  # the eval's own draw
    return apply_condition(audio, Condition(condition, snr_db=snr, noise=bank), rng)


if __name__ == "__main__":
    main()
