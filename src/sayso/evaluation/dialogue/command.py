"""Glue for `sayso eval dialogue`: load the engines, run every scenario, write the report."""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sayso.config import Settings
from sayso.errors import BadInput
from sayso.evaluation.augment.noise import NoiseBank, NoiseSource, WhiteNoise
from sayso.evaluation.dialogue.report import summarize_dialogue, write_dialogue_report
from sayso.evaluation.dialogue.run import TurnRecord, run_scenario
from sayso.evaluation.dialogue.scenarios import ScenarioFile
from sayso.evaluation.dialogue.voices import UserVoices


def run_dialogue_eval(
    spec: ScenarioFile, settings: Settings, out: Path, *, noise: Path | None = None, seed: int = 0,
    variation: bool = False,
) -> Path:
    """Run `spec` on a fresh assistant (home state in a temporary folder); returns the report.

    `variation`: Piper renders with its random variation (`UserVoices`).
    """
    from sayso.app.assistant import Assistant
    from sayso.asr.base import AsrRequest

    noise_source: NoiseSource = NoiseBank(noise) if noise is not None else WhiteNoise()
    speak = UserVoices(settings, spec.user_voice, variation=variation)

    with tempfile.TemporaryDirectory(prefix="sayso-dialogue-") as tmp:
        intents = dataclasses.replace(
            settings.intents, custom=(*settings.intents.custom, *spec.intents)
        )
        settings = dataclasses.replace(settings, intents=intents, data_dir=tmp)
        # Without the LLM: dialogue scenarios measure turn-taking (`sayso bench llm` the LLM).
        assistant = Assistant(settings).load(llm=False)
        try:
            records: list[TurnRecord] = []
            for scenario in spec.scenarios:
                records += asyncio.run(
                    run_scenario(assistant, scenario, spec, speak, noise_source, seed)
                )
            request = AsrRequest(language=settings.asr.language)
            asr = assistant.asr
            assert asr is not None  # loaded with speech above
            summary = summarize_dialogue(
                records, lambda audio: str(asr.transcribe(audio, request).text)
            )
        finally:
            assistant.close()
    return write_dialogue_report(out, records, summary)


def run_turn_end_eval(
    spec: ScenarioFile, settings: Settings, out: Path, *, limit: int | None = None,
    replayed: Sequence[Path] = (), variation: bool = False, phases: int = 1,
) -> Path:
    """Replay every `say:` turn offline and score end-of-turn policies (`turn_end_report`).

    `phases`: replay each rendered turn at this many frame phases (`turn_end.phase_offsets_ms`);
    every phase is one more replayed turn of the same sentence (and split).

    `replayed`: the `turn_end.jsonl` of earlier runs (e.g. one without and one with Piper's
    variation), scored together without audio; `variation`: Piper renders with its random
    variation (`UserVoices`).
    """
    from sayso.app.assistant import Assistant
    from sayso.evaluation.dialogue.turn_end import (
        TurnPauses,
        phase_offsets_ms,
        read_records,
        replay,
    )
    from sayso.evaluation.dialogue.turn_end_cv import cross_validate
    from sayso.evaluation.dialogue.turn_end_report import summarize, write_report

    def summary(records: list[TurnPauses]) -> dict[str, Any]:
        calibration = [t for t in records if t.split == "calibrate"]
        return {**summarize(records), "cross_validation": cross_validate(calibration)}

    if replayed:
        saved = []
        for path in replayed:
            if not path.is_file():
                raise BadInput(f"--replayed: no such file: {path}")
            saved += read_records(path)[:limit]
        return write_report(out, saved, summary(saved))
    from sayso.session.recognition import session_jobs
    from sayso.vad.base import fork_vad

    offsets = phase_offsets_ms(phases)
    speak = UserVoices(settings, spec.user_voice, variation=variation)
    turns = [(s.name, t) for s in spec.scenarios for t in s.turns if t.say][:limit]
    with tempfile.TemporaryDirectory(prefix="sayso-turn-end-") as tmp:
        assistant = Assistant(dataclasses.replace(settings, data_dir=tmp)).load(llm=False)
        try:
            assert assistant.vad is not None and assistant.asr is not None
            vad = fork_vad(assistant.vad)
            jobs = session_jobs(assistant)
            config = settings.live_session().vad
            records: list[TurnPauses] = []
            for name, turn in turns:
                speech = speak.turn(turn)
                records += [
                    replay(name, turn, speech, vad, config,
                           lambda audio, lead: jobs.hearing(audio, lead_in_s=lead)(), phase)
                    for phase in offsets
                ]
        finally:
            assistant.close()
    return write_report(out, records, summary(records))
