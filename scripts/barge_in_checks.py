"""What the barge-in's quick checks hear on a burst over the reply: real speech, noise, hums.

Run from the repository root (the shared data folder holds Cathy and the noise clips):

    python scripts/barge_in_checks.py --data ../shared/data --recheck-ms 128 --out checks.jsonl

Replays the listener's decision offline, per clip: Silero at the raised threshold used while a
reply plays; the burst starts after `vad.min_speech_ms` of voice; the first check (a greedy
transcript, as `SpeechJobs.transcribe_quick`) at `session.barge_in_min_ms` of voice, from the
padded onset; the second `--recheck-ms` of voice later. The reply's echo is taken as fully
cancelled (no residue). A burst interrupts when both checks hear words that are not a
backchannel. Hums and backchannels are rendered by espeak-ng with six voices (phoneme input where
espeak-ng would spell a hum out; the spelled renderings as kind "spelled"); the FSDD digits are
real one-word speech. One JSON row per clip, with its half (`calibration_half`); a summary per
kind on stdout, and the articulation cue's effect (`session/articulation.py`) per half, with a
sweep of its threshold.

`--pause-ms 96` also replays the two-stage barge-in (`session.barge_in_pause_ms`, the
endpointer itself at the playing threshold): when the burst pauses the reply (ms of audio after
its first voiced frame), and what lifts the pause — the two checks or `backchannel_max_ms`
(barge-in), or the speculation at the burst's `SEGMENT_READY` (barge-in when it hears words, else
resumed) — with how long the reply stays paused: audio time from the pause to the deciding
transcription's start, plus that transcription's measured compute time (idle engine, no queue).
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
import soxr

from sayso.asr.base import AsrRequest
from sayso.asr.stage import transcript_of
from sayso.config import LlmConfig, SessionConfig, Settings
from sayso.constants import FRAME_SAMPLES, MS_PER_SECOND, SAMPLE_RATE
from sayso.session.articulation import FRICATION_MIN_DB, WORDLESS_BELOW_DB, articulation
from sayso.session.barge_in import STOP_MIN_VOICED_MS
from sayso.session.recognition import PARTIAL_BEAM, is_backchannel, is_stop
from sayso.tts.espeak import EspeakTts
from sayso.vad.base import fork_vad
from sayso.vad.endpointer import Endpointer, Signal, Thresholds

FRAME_MS = FRAME_SAMPLES * MS_PER_SECOND / SAMPLE_RATE
CLIP_MAX_S = 4.0
PEAK = 0.5
"""Every clip is scaled to this peak: the checks should not depend on the recording level."""
HUMS = ("Mmmmmm.", "Hmmmm.", "Mm-hm.", "Uh-huh.", "Ahhh.", "Ohhh.", "Hmm, hmm.", "Mmm, yeah.",
        "Yeah, yeah.", "Okay.", "Right, right.", "Uh, um.")
HUM_VOICES = ("en-us", "en", "en-us+f3", "en+m3", "en-us+f2", "en+m7")
STOPS = ("Stop.", "Stop it.", "Be quiet.", "Cancel.", "Enough.")
"""Stop words over the reply (kind "stop", the same six voices): they should interrupt."""
HUM_PHONEMES = {"Mmmmmm.": "[[m'mmmm]]", "Hmmmm.": "[[h'mmm]]", "Mm-hm.": "[[m'm hm]]",
                "Mmm, yeah.": "[[m'mm j'Eh]]"}
"""espeak-ng spells these out as letters ("Hmmmm." → "aitch em em em em": words, which Whisper
rightly hears as such); its phoneme input renders the hum meant. Rows of kind "hum" use it; the
spelled renderings (the set of rounds 6-8) stay as kind "spelled" to compare with."""
CALIBRATION_VOICES = ("en-us", "en", "en-us+f3")
CALIBRATION_SPEAKERS = ("george", "jackson", "lucas")
CALIBRATION_SENTENCES = "arctic_a"
"""Cathy's 32 "arctic_a" sentences; her 28 "arctic_b" ones are held out."""
"""The half the articulation cue's threshold was chosen on (`session/articulation.py`); each
row says its half, so the other is reported as held out."""
PAUSE_AT_MS = (96, 128, 160, 192, 256)
"""Voice a burst may need before it pauses the reply: each is reported (one replay serves all)."""


def _load(path: Path) -> np.ndarray:
    audio, rate = sf.read(path, dtype="float32", always_2d=True)
    return np.asarray(soxr.resample(audio.mean(axis=1), rate, SAMPLE_RATE), np.float32)


def clips(data: Path) -> Iterator[tuple[str, str, np.ndarray]]:
    """(kind, name, 16 kHz audio) of Cathy's real speech, the noise clips and rendered hums."""
    for path in sorted((data / "speech" / "cathy_arctic" / "wav").glob("*.wav")):
        yield "speech", path.name, _load(path)
    for line in (data / "noise" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield "noise", f"{row['category']}:{row['audio']}", _load(data / "noise" / row["audio"])
    for path in sorted((data / "speech" / "fsdd" / "wav").glob("*.wav")):
        yield "digit", path.name, _load(path)
    for voice in HUM_VOICES:
        engine = EspeakTts(voice=voice)
        engine.load()
        rate = engine.capabilities.sample_rate
        for text in HUMS:
            audio = np.concatenate(list(engine.synthesize(HUM_PHONEMES.get(text, text))))
            yield "hum", f"{voice}:{text}", np.asarray(soxr.resample(audio, rate, SAMPLE_RATE))
            if text in HUM_PHONEMES:
                audio = np.concatenate(list(engine.synthesize(text)))
                yield ("spelled", f"{voice}:{text}",
                       np.asarray(soxr.resample(audio, rate, SAMPLE_RATE)))
        for text in STOPS:
            audio = np.concatenate(list(engine.synthesize(text)))
            yield "stop", f"{voice}:{text}", np.asarray(soxr.resample(audio, rate, SAMPLE_RATE))


def calibration_half(kind: str, name: str) -> bool:
    """True for the rows the articulation cue's threshold was chosen on (hums, digits)."""
    if kind in ("hum", "spelled"):
        return name.partition(":")[0] in CALIBRATION_VOICES
    if kind == "digit":
        return name.split("_")[1] in CALIBRATION_SPEAKERS
    if kind == "speech":
        return name.startswith(CALIBRATION_SENTENCES)
    return False


def checks(
    settings: Settings, engines: tuple[Any, Any], audio: np.ndarray, recheck_ms: float
) -> list[dict[str, Any]]:
    """The quick checks a burst of `audio` over a reply gets, as the listener times them."""
    asr, vad_engine = engines
    session, vad_config = SessionConfig(), settings.vad
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    clip = audio[: int(CLIP_MAX_S * SAMPLE_RATE)] * (PEAK / max(peak, 1e-6))
    lead = np.zeros(SAMPLE_RATE // 2, np.float32)
    mic = np.concatenate([lead, clip, lead]).astype(np.float32)
    vad = fork_vad(vad_engine)
    due = [float(session.barge_in_min_ms), session.barge_in_min_ms + recheck_ms]
    run_ms, voiced_ms, onset, out = 0.0, 0.0, None, []
    for i in range(len(mic) // FRAME_SAMPLES):
        frame = mic[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]
        run_ms = run_ms + FRAME_MS if vad.probability(frame) >= session.playing_vad_threshold else 0
        if onset is None and run_ms >= vad_config.min_speech_ms:
            onset, voiced_ms = i - round(run_ms / FRAME_MS) + 1, run_ms
        elif onset is not None and run_ms:
            voiced_ms += FRAME_MS
        if onset is None or not due or voiced_ms < due[0]:
            continue
        first = max(onset - round(vad_config.speech_pad_ms / FRAME_MS), 0)
        request = AsrRequest(language="en", beam_size=PARTIAL_BEAM, partial=True,
                             word_timings=False)
        heard = transcript_of(asr.transcribe(mic[first * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES],
                                             request))
        out.append({"at_ms": due.pop(0), "text": heard.text,
                    "words": not is_backchannel(heard.text, session.backchannels),
                    "no_speech_prob": round(heard.no_speech_prob, 3)})
    return out


def _scaled(audio: np.ndarray) -> np.ndarray:
    """The clip at `PEAK`, with half a second of silence either side (as `checks`)."""
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    clip = audio[: int(CLIP_MAX_S * SAMPLE_RATE)] * (PEAK / max(peak, 1e-6))
    lead = np.zeros(SAMPLE_RATE // 2, np.float32)
    return np.concatenate([lead, clip, lead]).astype(np.float32)


def _heard(asr: Any, audio: np.ndarray, beam: int | None) -> tuple[str, float]:
    """(text, compute ms) of one transcription: greedy (a check) or the default beam."""
    heard, cost = _transcribed(asr, audio, beam)
    return heard.text, cost


def _transcribed(asr: Any, audio: np.ndarray, beam: int | None) -> tuple[Any, float]:
    """(transcript, compute ms) of one transcription."""
    request = AsrRequest(language="en", beam_size=beam, partial=beam == PARTIAL_BEAM,
                         word_timings=False)
    t0 = time.perf_counter()
    heard = transcript_of(asr.transcribe(audio, request))
    return heard, (time.perf_counter() - t0) * MS_PER_SECOND


def _confidence(heard: Any) -> dict[str, float | None]:
    """What Whisper says of its own transcript (can a gate tell a hum from words?)."""
    best = heard.hypotheses[0] if heard.hypotheses else None
    return {"no_speech_prob": round(heard.no_speech_prob, 3),
            "avg_logprob": None if best is None else round(best.avg_logprob, 3)}


def pause_replay(
    settings: Settings, engines: tuple[Any, Any], audio: np.ndarray, pause_ms: float,
    recheck_ms: float,
) -> dict[str, Any]:
    """The two-stage barge-in on one burst over the reply: pause, then cancel or resume."""
    asr, vad_engine = engines
    session = SessionConfig()
    mic = _scaled(audio)
    vad = fork_vad(vad_engine)
    endpointer = Endpointer(Thresholds.from_config(
        settings.vad, playing_threshold=session.playing_vad_threshold))
    due = [float(session.barge_in_min_ms), session.barge_in_min_ms + recheck_ms]
    pad = round(settings.vad.speech_pad_ms / FRAME_MS)
    paused_at: float | None = None
    reach: dict[int, float] = {}  # voiced ms → audio ms at which the burst had that much voice
    words = 0
    for i in range(len(mic) // FRAME_SAMPLES):
        frame = mic[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]
        signals = endpointer.step(vad.probability(frame), playing=True)
        if not endpointer.in_speech:
            continue
        t_ms = (i + 1 - endpointer.onset) * FRAME_MS  # audio since the burst's first voiced frame
        voiced_ms = endpointer.voiced_frames * FRAME_MS
        if paused_at is None and endpointer.in_speech and voiced_ms >= pause_ms:
            paused_at = t_ms
        for level in PAUSE_AT_MS:
            if voiced_ms >= level:
                reach.setdefault(level, t_ms)
        span = mic[max(endpointer.onset - pad, 0) * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]
        if endpointer.in_speech and voiced_ms >= session.backchannel_max_ms:
            return _decided(paused_at, t_ms, 0.0, "barge_in:long", "") | {"reach": reach}
        if Signal.SEGMENT_READY in signals:
            heard, cost = _transcribed(asr, span, settings.asr.beam_size)
            text = heard.text
            # As `BargeInPolicy.interrupts`: enough voice, or a stop word with a little less.
            short_stop = (STOP_MIN_VOICED_MS <= voiced_ms < session.barge_in_min_ms
                          and is_stop(text, session.stop_words))
            real = (voiced_ms >= session.barge_in_min_ms or short_stop) and not is_backchannel(
                text, session.backchannels)
            sound = articulation(span)
            change = None if sound is None else sound.envelope_change_db
            how = "barge_in:speculation" if real else "resumed"
            if real and sound is not None and sound.wordless:
                how = "resumed:wordless"  # what the session decides with `session.hum_cue: true`
            return (_decided(paused_at, t_ms, cost, how, text)
                    | {"reach": reach, "voiced_ms": voiced_ms, "short_stop": short_stop,
                       **_confidence(heard),
                       "envelope_change_db": None if change is None else round(change, 3),
                       "frication_db": None if sound is None else round(sound.frication_db, 1),
                       "before": "barge_in:speculation" if real else "resumed"})
        if due and endpointer.in_speech and voiced_ms >= due[0]:
            due.pop(0)
            text, cost = _heard(asr, span, PARTIAL_BEAM)
            words = words + 1 if not is_backchannel(text, session.backchannels) else 0
            if words >= 2:
                return _decided(paused_at, t_ms, cost, "barge_in:checks", text) | {"reach": reach}
    return _decided(paused_at, None, 0.0, "none", "") | {"reach": reach}


def _decided(paused_at: float | None, at: float | None, cost: float, how: str,
             text: str) -> dict[str, Any]:
    held = None if paused_at is None or at is None else round(at - paused_at + cost)
    return {"paused_at_ms": paused_at, "decided_at_ms": None if at is None else round(at + cost),
            "outcome": how, "text": text, "paused_ms": held}


def _pause_summary(kind: str, rows: list[dict[str, Any]], level: int) -> str:
    """One line: how many bursts of `kind` pause the reply at `level` ms of voice, and how long."""
    rows = [_at_level(r, level) for r in rows]
    paused = [r for r in rows if r["paused_at_ms"] is not None]
    resumed = [r["paused_ms"] for r in paused if r["outcome"].startswith("resumed")]
    barged = sum(r["outcome"].startswith("barge_in") for r in rows)
    at = sorted(r["paused_at_ms"] for r in paused)
    median = at[len(at) // 2] if at else None
    held = sorted(v for v in resumed if v is not None)
    return (f"{kind} @{level} ms: {len(paused)} of {len(rows)} pause the reply (at {median} ms, "
            f"median); {barged} barge in; {len(resumed)} resume after "
            f"{held[len(held) // 2] if held else None} ms median, {max(held, default=None)} max")


def _cue_summary(kind: str, rows: list[dict[str, Any]], halves: list[bool]) -> str:
    """One line per half: bursts of `kind` that interrupt without and with the articulation cue."""
    parts = []
    for half, label in ((True, "calibration"), (False, "held out")):
        chosen = [r for r, h in zip(rows, halves, strict=True) if h == half]
        if not chosen:
            continue
        before = sum(r.get("before", r["outcome"]).startswith("barge_in") for r in chosen)
        after = sum(r["outcome"].startswith("barge_in") for r in chosen)
        stopped = sum(r["outcome"] == "resumed:wordless" for r in chosen)
        parts.append(f"{label}: {before} -> {after} of {len(chosen)} interrupt "
                     f"({stopped} stopped by the cue)")
    return f"{kind}: " + "; ".join(parts)


SWEEP_DB = tuple(round(1.0 + 0.1 * i, 1) for i in range(11))
"""Thresholds of the articulation cue the summary tries, dB (1.0-2.0)."""
STEP_DB = 0.05
"""The calibration rule's grid, dB."""


def _interrupts_at(row: dict[str, Any], threshold: float) -> bool:
    """Whether the burst interrupts with the cue at `threshold` (the row holds both inputs)."""
    before = row.get("before", row["outcome"])
    if before != "barge_in:speculation":
        return bool(before.startswith("barge_in"))
    change, frication = row.get("envelope_change_db"), row.get("frication_db")
    if frication is not None and frication >= FRICATION_MIN_DB:
        return True
    return change is None or change >= threshold


def _sweep(pauses: dict[str, list[dict[str, Any]]], halves: dict[str, list[bool]]) -> None:
    """Bursts that interrupt per kind and half at each threshold, and the calibration rule."""
    real = [r["envelope_change_db"] for kind in ("speech", "digit")
            for r, h in zip(pauses.get(kind, []), halves.get(kind, []), strict=True)
            if h and r.get("before") == "barge_in:speculation"
            and r.get("envelope_change_db") is not None
            and (r.get("frication_db") or -99.0) < FRICATION_MIN_DB]
    if real:
        chosen = math.floor(min(real) / STEP_DB) * STEP_DB
        print(f"calibration rule: {chosen:.2f} dB (the lowest real word of the calibration half "
              f"that the speculation lets interrupt: {min(real):.3f}); shipped "
              f"{WORDLESS_BELOW_DB}")
    for threshold in (0.0, *SWEEP_DB):
        cells = []
        for kind, rows in pauses.items():
            for half in (True, False):
                chosen_rows = [r for r, h in zip(rows, halves[kind], strict=True) if h == half]
                if chosen_rows:
                    hits = sum(_interrupts_at(r, threshold) for r in chosen_rows)
                    cells.append(f"{kind}{'' if half else ' held out'} {hits}")
        print(f"cue below {threshold:.1f} dB: " + ", ".join(cells))


def _at_level(row: dict[str, Any], level: int) -> dict[str, Any]:
    """The replay's row as if the pause came at `level` ms of voice (the decision is the same)."""
    at = row["reach"].get(level)
    decided = row["decided_at_ms"]
    if at is None or decided is None or at > decided:
        return {**row, "paused_at_ms": None, "paused_ms": None}
    return {**row, "paused_at_ms": at, "paused_ms": round(decided - at)}


def main() -> None:
    """Replay every clip and write its checks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--recheck-ms", type=float, default=128.0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pause-ms", type=float, default=0.0,
                        help="Also replay the two-stage barge-in pausing at this much voice.")
    args = parser.parse_args()
    from sayso.app.assistant import Assistant

    state = tempfile.mkdtemp(prefix="barge-in-checks-")  # the assistant's home, thrown away
    settings = Settings(llm=LlmConfig(engine="none"), data_dir=state)
    assistant = Assistant(settings).load()
    interrupts: dict[str, list[int]] = {}
    pauses: dict[str, list[dict[str, Any]]] = {}
    halves: dict[str, list[bool]] = {}
    engines = (assistant.asr, assistant.vad)
    with args.out.open("w", encoding="utf-8") as out:
        for kind, name, audio in clips(args.data):
            found = checks(settings, engines, audio, args.recheck_ms)
            both = len(found) == 2 and all(c["words"] for c in found)
            interrupts.setdefault(kind, []).append(int(both))
            row: dict[str, Any] = {"kind": kind, "clip": name, "checks": found,
                                   "interrupts": both,
                                   "calibration": calibration_half(kind, name)}
            if args.pause_ms > 0:
                paused = pause_replay(settings, engines, audio, args.pause_ms, args.recheck_ms)
                pauses.setdefault(kind, []).append(paused)
                halves.setdefault(kind, []).append(calibration_half(kind, name))
                row["pause"] = paused
            out.write(json.dumps(row) + "\n")
    for kind, hits in interrupts.items():
        print(f"{kind}: {sum(hits)} of {len(hits)} interrupt on two checks")
    for level in PAUSE_AT_MS:
        for kind, rows in pauses.items():
            print(_pause_summary(kind, rows, level))
    for kind, rows in pauses.items():
        print(_cue_summary(kind, rows, halves[kind]))
    _sweep(pauses, halves)


if __name__ == "__main__":
    main()
