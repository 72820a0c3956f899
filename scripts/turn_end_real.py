r"""Real speech as end-of-turn replay rows: each recorded sentence cut mid-way, and its end.

The rendered scenarios (`sayso eval dialogue … --turn-end`) pause between pieces rendered
apart, each ending like a finished sentence; a person who pauses mid-sentence does not. This
takes a manifest of real recordings (e.g. ../shared/data/speech/cathy_arctic, CMU Arctic,
public domain), finds word ends with tiny.en's word timings, and at every other word boundary
with two words before and after cuts the audio 50 ms after the word, as a mid-turn pause of
`--pause-ms`; the whole clip is the turn's end. Each cut is heard by the session's own
recognition job (`SpeechJobs.hearing`: ASR, understanding, prosody, Whisper's sentence end, and
Smart Turn with `--turn-model`), as the replay does, and written as `turn_end.jsonl` rows, so
`sayso eval dialogue … --turn-end --replayed OUT` scores any policy on them (split by sentence
into the calibration and report halves like the scenarios).

    python scripts/turn_end_real.py ../shared/data/speech/cathy_arctic/manifest.jsonl \
        eval-out/te-real.jsonl [--turn-model auto]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from sayso.app.assistant import Assistant
from sayso.config import SessionConfig, Settings
from sayso.constants import MS_PER_SECOND, SAMPLE_RATE, TRAIL_PAD_MS
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.dialogue.turn_end import TRAIL_S, Pause, TurnPauses, split_of
from sayso.session.recognition import session_jobs

LEAD_S = 0.3
"""Silence before the speech (the live listener keeps `speech_pad_ms` of it)."""
AFTER_WORD_S = 0.05
END_SILENCE_MS = TRAIL_S * MS_PER_SECOND
"""The silence recorded for a turn's real end (the replay's, longer than any policy waits)."""


def word_ends(model: object, audio: np.ndarray) -> list[float]:
    """End times (s) of the words a plain greedy tiny.en decode hears in `audio`.

    Not the assistant's engine: its decode (bias prompt, its own options) times a few words
    differently, and BENCHMARKS.md's rows were cut at these timings.
    """
    segments, _ = model.transcribe(audio, word_timestamps=True, beam_size=1,  # type: ignore[attr-defined]
                                   language="en")
    return [w.end for s in segments for w in (s.words or [])]


def main() -> None:
    """Write the rows of every clip of the manifest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pause-ms", type=float, default=500.0,
                        help="How long each mid-sentence pause lasts (scored against the policy).")
    parser.add_argument("--turn-model", default="off",
                        help="session.turn_model: off, auto or a path.")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    from sayso.asr.whisper.models import resolve_model

    rows = [json.loads(line) for line in args.manifest.read_text().splitlines() if line.strip()]
    timer = WhisperModel(resolve_model("tiny.en"), compute_type="int8", cpu_threads=2)
    lead = np.zeros(round(LEAD_S * SAMPLE_RATE), np.float32)
    trail = np.zeros(round(TRAIL_PAD_MS / MS_PER_SECOND * SAMPLE_RATE), np.float32)
    turns = []
    with tempfile.TemporaryDirectory(prefix="sayso-turn-real-") as tmp:
        settings = Settings(data_dir=tmp, session=SessionConfig(turn_model=args.turn_model))
        assistant = Assistant(settings).load(llm=False)
        try:
            jobs = session_jobs(assistant)

            def heard(audio: np.ndarray, silence_ms: float, final: bool, k: int) -> Pause:
                # The lead stands for a live segment's VAD pre-roll (`AsrRequest.lead_in_s`).
                result = jobs.hearing(np.concatenate([lead, audio, trail]), lead_in_s=LEAD_S)()
                # The row's turn pauses at every cut: from the second on, the speaker has
                # paused before (`Cues.paused_ms`, as a replayed row reads it).
                cues = result.cues().with_paused_ms(args.pause_ms if k else 0.0)
                return Pause(silence_ms, final, cues, result.transcript.text)

            for row in rows:
                audio = read_clip(args.manifest.parent / row["audio"])
                ends = word_ends(timer, audio)
                cuts = [end for k, end in enumerate(ends) if 2 <= k + 1 <= len(ends) - 2][::2]
                pauses = [heard(audio[: round((c + AFTER_WORD_S) * SAMPLE_RATE)],
                                args.pause_ms, False, k) for k, c in enumerate(cuts)]
                pauses.append(heard(audio, END_SILENCE_MS, True, len(cuts)))
                turns.append(TurnPauses(f"real-{row['id']}", row["text"], split_of(row["text"]),
                                        tuple(pauses)))
        finally:
            assistant.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(t.to_dict()) + "\n" for t in turns))
    print(f"{len(turns)} turns, {sum(len(t.pauses) for t in turns)} pauses -> {args.out}")


if __name__ == "__main__":
    main()
