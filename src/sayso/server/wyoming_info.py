"""The Wyoming `info` answer: sayso as a wake, ASR, TTS, intent and handle program."""

from __future__ import annotations

import importlib.util
from typing import Any

from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    HandleModel,
    HandleProgram,
    Info,
    IntentModel,
    IntentProgram,
    TtsProgram,
    TtsVoice,
    WakeModel,
    WakeProgram,
)

import sayso
from sayso import languages
from sayso.config import WAKE_MODELS

ATTRIBUTION = Attribution(name="sayso", url="https://github.com/sayso")
VERSION = getattr(sayso, "__version__", "0.1.0")


def build_info(assistant: Any) -> Info:
    """Describe what the loaded assistant offers."""
    s = assistant.settings
    # Every configured language is offered; "auto" is no language to a client.
    intent_lang = list(s.intents.all_languages)
    auto = s.asr.language == languages.AUTO
    asr_lang = intent_lang if auto else [s.asr.language] if s.asr.language else []
    common: dict[str, Any] = {"attribution": ATTRIBUTION, "installed": True, "version": VERSION}
    voice = (s.tts.voice or "en_US-joe-medium").rsplit("/", 1)[-1].removesuffix(".onnx")
    return Info(
        wake=wake_programs(s.wake.model, common),
        asr=[AsrProgram(
            name="sayso-asr", description="sayso speech recognition (faster-whisper)",
            models=[AsrModel(name=s.asr.model, description=f"Whisper {s.asr.model}",
                             languages=asr_lang, **common)],
            **common,
        )],
        tts=[TtsProgram(
            name="sayso-tts", description=f"sayso speech synthesis ({s.tts.engine})",
            voices=[TtsVoice(name=voice, description=voice, languages=["en_US"], **common)],
            supports_synthesize_streaming=True,
            **common,
        )],
        intent=[IntentProgram(
            name="sayso-intent", description="sayso intent recognition (hassil templates)",
            models=[IntentModel(name="sayso-intents", description="intents",
                                languages=intent_lang, **common)],
            **common,
        )],
        handle=[HandleProgram(
            name="sayso", description="sayso conversation agent (acts on its own home)",
            models=[HandleModel(name="sayso", description="sayso assistant",
                                languages=intent_lang, **common)],
            **common,
        )],
    )


def wake_programs(configured: str, common: dict[str, Any]) -> list[WakeProgram]:
    """The wake words sayso can detect: offered only when the `wake` extra is installed."""
    if importlib.util.find_spec("openwakeword") is None:
        return []
    names = list(dict.fromkeys([configured, *WAKE_MODELS]))
    models = [WakeModel(name=n, description=n.replace("_", " "), phrase=n.replace("_", " "),
                        languages=["en"], **common) for n in names]
    return [WakeProgram(name="sayso-wake", description="sayso wake word (openWakeWord models; "
                        "pre-trained models for non-commercial use)", models=models, **common)]
