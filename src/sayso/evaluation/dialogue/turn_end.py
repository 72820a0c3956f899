"""End-of-turn replay: every pause of every scripted turn, with the cues the live session reads.

`sayso eval dialogue FILE --turn-end` renders each `say:` turn (with its pauses), runs the
session's VAD and endpointer over it frame by frame (not in real time: the silence timeout is
lifted so every pause is seen), and at each point where the live session would start a
speculation (the trailing pad of silence reached) runs the same recognition job
(`SpeechJobs.hearing`: ASR, understanding, final pitch) and reads the end-of-turn cues. A pause
that speech resumes after is mid-turn (ending the turn there is a false cut-off), the last one is
the end. Any policy can then be scored offline (`turn_end_report`) without replaying audio.
"""

from __future__ import annotations

import dataclasses
import json
import math
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from sayso.config import VadConfig
from sayso.constants import FRAME_MS, FRAME_SAMPLES, MS_PER_SECOND, SAMPLE_RATE
from sayso.errors import BadInput
from sayso.evaluation.dialogue.scenarios import Turn
from sayso.session.recognition import Heard
from sayso.session.turn_end import Cues
from sayso.vad.base import VadEngine
from sayso.vad.endpointer import Endpointer, Signal, Thresholds

LEAD_S = 0.4
"""Silence before the turn, seconds."""
TRAIL_S = 1.5
"""Silence after the turn, seconds (longer than any policy waits)."""
NEVER = 10**9
"""Silence frames that end a turn in the replay: never (every pause is kept)."""
MAX_PHASES = 8
"""Most frame phases a turn is replayed at (`phase_offsets_ms`): 4 ms apart within 32 ms."""

Hear = Callable[[np.ndarray, float], Heard]
"""(audio from the pre-roll on, the pre-roll in seconds) -> what the turn job heard."""
_CUE_FIELDS = tuple(f.name for f in dataclasses.fields(Cues))


@dataclasses.dataclass(frozen=True)
class Pause:
    """One place where the live session would consider ending the turn."""

    silence_ms: float
    """How long the silence lasted (until speech resumed, or to the end of the recording)."""
    final: bool
    """The turn's real end (all other pauses are mid-turn)."""
    cues: Cues
    text: str
    """What the speculation heard (eval output only; never logged)."""


@dataclasses.dataclass(frozen=True)
class TurnPauses:
    """A scripted turn and its pauses."""

    name: str
    say: str
    split: str
    """"calibrate" or "report": by a hash of the sentence, so a sentence is in one split."""
    pauses: tuple[Pause, ...]
    phase_ms: float = 0.0
    """Extra lead silence the turn was replayed with (`phase_offsets_ms`), ms."""
    amounts_known: bool = True
    """The grammar cue could say "amount" (`Cues.continues`): False for rows replayed before
    round 20, which say "words" there, so the amount rule cannot hold them."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready row."""
        return {
            "name": self.name, "say": self.say, "split": self.split, "phase_ms": self.phase_ms,
            "amounts": self.amounts_known,
            "pauses": [
                {"silence_ms": p.silence_ms, "final": p.final, "text": p.text,
                 **dataclasses.asdict(p.cues)}
                for p in self.pauses
            ],
        }


def read_records(path: Path) -> list[TurnPauses]:
    """The rows of a `turn_end.jsonl` back (to score new policies without replaying audio)."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
            pauses: list[Pause] = []
            for p in row["pauses"]:
                cues = Cues(**{k: p[k] for k in _CUE_FIELDS if k in p})
                if "paused_ms" not in p:  # replayed before round 19: the same, from the row
                    cues = cues.with_paused_ms(_longest(pauses))
                pauses.append(Pause(p["silence_ms"], p["final"], cues, p["text"]))
            out.append(TurnPauses(row["name"], row["say"], row["split"], tuple(pauses),
                                  float(row.get("phase_ms", 0.0)), bool(row.get("amounts"))))
        except (ValueError, KeyError, TypeError) as exc:
            raise BadInput(f"{path}:{number}: not a turn_end.jsonl row ({exc})") from None
    if any(p.cues.continues == "amount" for t in out for p in t.pauses):
        # written by code that knew "amount" before rows said so (round 20's first replays)
        out = [dataclasses.replace(t, amounts_known=True) for t in out]
    return out


def split_of(say: str) -> str:
    """The calibration or report half a sentence belongs to (stable across runs)."""
    key = " ".join(say.replace("|", " ").lower().split())
    return "calibrate" if zlib.crc32(key.encode()) % 2 == 0 else "report"


def phase_offsets_ms(phases: int) -> tuple[float, ...]:
    """`phases` lead offsets spread evenly over one VAD frame: 1 -> (0,), 4 -> (0, 8, 16, 24).

    A live turn starts anywhere within the 32 ms frame the VAD and the speculation's audio are
    cut on; Whisper's pause probability, the model's strongest cue, moves by up to ~0.3 in
    P(over) across those phases (BENCHMARKS.md, round 17). A calibration replayed at one phase
    fits the model to that phase's luck; several phases let it see the spread a live turn has.
    """
    if not 1 <= phases <= MAX_PHASES:
        raise BadInput(f"--phases must be 1 to {MAX_PHASES}")
    return tuple(k * FRAME_MS / phases for k in range(phases))


def replay(
    name: str, turn: Turn, speech: np.ndarray, vad: VadEngine, config: VadConfig, hear: Hear,
    phase_ms: float = 0.0,
) -> TurnPauses:
    """Every speculation point of one rendered turn, with the cues of its recognition.

    `phase_ms`: silence added to the lead, which moves the speech within the 32 ms frames.
    """
    thresholds = Thresholds.from_config(config)
    lead = np.zeros(round((LEAD_S + phase_ms / MS_PER_SECOND) * SAMPLE_RATE), np.float32)
    trail = np.zeros(round(TRAIL_S * SAMPLE_RATE), np.float32)
    audio = np.concatenate([lead, speech, trail])
    endpointer = Endpointer(dataclasses.replace(thresholds, silence_frames=NEVER))
    vad.reset()
    pad = math.ceil(config.speech_pad_ms / FRAME_MS)  # as the live listener cuts it
    first = 0
    open_pause: tuple[int, Heard] | None = None
    pauses: list[Pause] = []
    frames = len(audio) // FRAME_SAMPLES
    for index in range(frames):
        chunk = audio[index * FRAME_SAMPLES : (index + 1) * FRAME_SAMPLES]
        for signal in endpointer.step(vad.probability(chunk)):
            if signal is Signal.STARTED:
                first = max(endpointer.onset - pad, 0)
            elif signal is Signal.SEGMENT_READY:
                end = endpointer.segment_end * FRAME_SAMPLES
                lead_in_s = (endpointer.onset - first) * FRAME_MS / MS_PER_SECOND
                open_pause = (endpointer.voiced_end,
                              hear(audio[first * FRAME_SAMPLES : end], lead_in_s))
            elif signal is Signal.RESUMED and open_pause is not None:
                pauses.append(_pause(open_pause, index, final=False, before=pauses))
                open_pause = None
    if open_pause is not None:
        pauses.append(_pause(open_pause, frames, final=True, before=pauses))
    return TurnPauses(name, turn.say or "", split_of(turn.say or ""), tuple(pauses), phase_ms)


def _pause(
    opened: tuple[int, Heard], until: int, *, final: bool, before: list[Pause]
) -> Pause:
    start, heard = opened
    text = heard.transcript.text
    return Pause(
        silence_ms=(until - start) * FRAME_MS,
        final=final,
        cues=heard.cues().with_paused_ms(_longest(before)),
        text=text,
    )


def _longest(pauses: list[Pause]) -> float:
    """The longest of a turn's earlier pauses, ms (0: none): `Cues.paused_ms` of the next."""
    return max((p.silence_ms for p in pauses), default=0.0)
