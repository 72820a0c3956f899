"""Glue for `sayso eval dialogue`: load the engines, run every scenario, write the report."""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from pathlib import Path

import numpy as np

from sayso.config import Settings
from sayso.evaluation.augment.noise import NoiseBank, NoiseSource, WhiteNoise
from sayso.evaluation.data.audio_io import to_mono_16k
from sayso.evaluation.data.synth import load_voice
from sayso.evaluation.dialogue.report import summarize_dialogue, write_dialogue_report
from sayso.evaluation.dialogue.run import TurnRecord, run_scenario
from sayso.evaluation.dialogue.scenarios import ScenarioFile


def run_dialogue_eval(
    spec: ScenarioFile, settings: Settings, out: Path, *, noise: Path | None = None, seed: int = 0
) -> Path:
    """Run `spec` on a fresh assistant (home state in a temporary folder); returns the report."""
    from sayso.app.assistant import Assistant
    from sayso.asr.base import AsrRequest

    noise_source: NoiseSource = NoiseBank(noise) if noise is not None else WhiteNoise()
    voice = load_voice(spec.user_voice, settings)

    def speak(text: str) -> np.ndarray:
        return to_mono_16k(*voice(text))

    with tempfile.TemporaryDirectory(prefix="sayso-dialogue-") as tmp:
        intents = dataclasses.replace(
            settings.intents, custom=(*settings.intents.custom, *spec.intents)
        )
        settings = dataclasses.replace(settings, intents=intents, data_dir=tmp)
        # Without the LLM: llama-cpp and Silero VAD cannot share a process yet.
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
