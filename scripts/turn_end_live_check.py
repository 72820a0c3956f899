"""Live vs replay: the end-of-turn decision on the same audio both ways (issue 15, round 4).

Each clip is streamed in real time into a fresh live session (the simulated microphone of
`sayso eval dialogue`) and replayed offline as `sayso eval dialogue --turn-end` does, with the
same silence around it (so the same 32 ms frame phase); prints both decisions (cue by cue, no
words) and how often they agree, and the silence each asked.

    python scripts/turn_end_live_check.py --bench --renders 3
        # the commands of `sayso bench live`, rendered as it renders them (Piper with its
        # random variation: every render differs)
    python scripts/turn_end_live_check.py --scenarios src/sayso/data/scenarios/turn_end.yaml \
        --kind complete --limit 20
        # one kind of turn of a scenario file (scenario names start with the kind), rendered
        # as the replay renders them
    python scripts/turn_end_live_check.py --bench --renders 4 --replay-only [--sentences]
        # the replay alone (no real time): the silence the bench's commands are asked for,
        # as the bench says them ("turn on the kitchen light") or as sentences ("Turn on the
        # kitchen light.": Piper then ends them with a fall, and Whisper with a full stop)

Real time: ~4 s per clip (the replay alone: ~0.5 s). Run under `nice -n 10` on a shared
machine.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import statistics
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from sayso.app.assistant import Assistant
from sayso.config import Settings
from sayso.evaluation.dialogue.scenarios import Turn, load_scenarios
from sayso.evaluation.dialogue.turn_end_live import (
    Decision,
    live_decision,
    replay_decision,
    replayed,
)
from sayso.evaluation.dialogue.voices import UserVoices
from sayso.session.turn_end import turn_end_policy


def clips(args: argparse.Namespace, assistant: Any, settings: Settings
          ) -> Iterator[tuple[str, Turn, np.ndarray]]:
    """(name, turn, 16 kHz speech) of every clip asked for."""
    if args.bench:
        from sayso.bench.speech import BENCH_COMMANDS, render_clips

        tts = assistant.load_tts()
        texts = [f"{t[0].upper()}{t[1:]}." if args.sentences else t
                 for t in BENCH_COMMANDS[: args.limit]]
        for k in range(args.renders):
            for text, audio in render_clips(tts, texts):
                yield f"bench-{k}", Turn(say=text), audio
        return
    spec = load_scenarios(args.scenarios)
    voices = UserVoices(settings, spec.user_voice)
    turns = [(s.name, t) for s in spec.scenarios if s.name.startswith(args.kind)
             for t in s.turns if t.say]
    for name, turn in turns[: args.limit]:
        yield name, turn, voices.turn(turn)


def row(name: str, turn: Turn, live: Decision | None, offline: Decision | None) -> dict[str, Any]:
    """One JSON-ready comparison (the sentence is the scenario's, not a transcript)."""
    return {
        "name": name, "say": turn.say,
        "live": dataclasses.asdict(live) if live else None,
        "replay": dataclasses.asdict(offline) if offline else None,
        "agree": live is not None and offline is not None and live.explain == offline.explain,
    }


def summary(rows: list[dict[str, Any]]) -> str:
    """Agreement and the silence asked, both ways."""
    lines = []
    if any(r["live"] for r in rows):
        lines.append(f"decisions identical (cues and score): {sum(r['agree'] for r in rows)}/"
                     f"{len(rows)}")
    for side in ("live", "replay"):
        asked = [r[side]["silence_ms"] for r in rows
                 if r[side] and r[side]["silence_ms"] is not None]
        undecided = len(rows) - len(asked)
        if asked:
            lines.append(
                f"{side}: end silence asked p50 {statistics.median(asked):.0f} ms, mean "
                f"{statistics.fmean(asked):.0f} ms, at 256 ms or less "
                f"{sum(a <= 256 for a in asked)}/{len(asked)}; undecided {undecided}")
    return "\n".join(lines)


def main() -> None:
    """Compare live and replayed decisions over the clips asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--bench", action="store_true", help="The commands of bench live.")
    source.add_argument("--scenarios", type=Path, help="A scenario file (turn_end.yaml).")
    parser.add_argument("--kind", default="", help="Only scenarios whose name starts so.")
    parser.add_argument("--limit", type=int, default=None, help="At most this many turns.")
    parser.add_argument("--renders", type=int, default=1, help="--bench: renders per command.")
    parser.add_argument("--sentences", action="store_true",
                        help="--bench: say each command as a sentence (capital, full stop).")
    parser.add_argument("--replay-only", action="store_true", help="Skip the live session.")
    parser.add_argument("--out", type=Path, default=None, help="Write the rows as JSON lines.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sayso-turn-live-") as tmp:
        settings = Settings(data_dir=tmp)
        assistant = Assistant(settings).load(llm=False)
        policy = turn_end_policy(settings.live_session())
        rows = []
        try:
            for name, turn, speech in clips(args, assistant, settings):
                offline = replay_decision(replayed(assistant, name, turn, speech), policy)
                live = None if args.replay_only else asyncio.run(live_decision(assistant, speech))
                rows.append(row(name, turn, live, offline))
                mark = "-" if args.replay_only else "=" if rows[-1]["agree"] else "≠"
                print(f"{mark} {name}: {turn.say}\n  live   {live}\n  replay {offline}",
                      flush=True)
        finally:
            assistant.close()
    print(summary(rows))
    if args.out is not None:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
