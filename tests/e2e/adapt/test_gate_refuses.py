"""The gate refuses a worse model: a deliberately broken Whisper never becomes deployable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from sayso.adapt import gate
from sayso.adapt.asr import report
from sayso.adapt.asr.convert import ct2_to_hf, hf_to_ct2
from sayso.adapt.asr.evaluate import GateSets, measure, noise_conditions, paired
from sayso.adapt.asr.voices import EVAL_VOICES, load_speaker
from sayso.asr.whisper.models import resolve_model
from sayso.config import AsrConfig, IntentsConfig, LlmConfig, Settings
from sayso.evaluation.augment.noise import WhiteNoise
from sayso.evaluation.data.audio_io import write_clip
from sayso.evaluation.data.manifest import Utterance, read_manifest

FIXTURES = Path(__file__).parents[2] / "fixtures"
DRINKS = FIXTURES / "intents/adapt_drinks.yaml"
COMMANDS = ("give me a coffee", "i'd like a lemonade")


def _broken_model(work: Path) -> Path:
    import torch
    from transformers import WhisperForConditionalGeneration

    hf = ct2_to_hf(Path(resolve_model("tiny.en")), work / "hf")
    model = WhisperForConditionalGeneration.from_pretrained(hf)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for layer in model.model.decoder.layers:  # what a diverged fine-tune looks like
            noise = torch.randn(layer.fc2.weight.shape, generator=generator)
            layer.fc2.weight.add_(noise * layer.fc2.weight.std() * 3)
    model.save_pretrained(hf)
    return hf_to_ct2(hf, work / "broken")


def test_a_broken_model_is_refused(tmp_path: Path) -> None:
    speak = load_speaker(EVAL_VOICES[0])
    commands = [
        Utterance(f"c{i}", write_clip(tmp_path / f"c{i}.wav", speak(text)), text)
        for i, text in enumerate(COMMANDS)
    ]
    sets = GateSets(
        commands,
        noise_conditions(WhiteNoise(), [24.0]),
        read_manifest(FIXTURES / "speech/manifest.jsonl"),
    )
    settings = Settings(
        data_dir=str(tmp_path / "state"),
        llm=LlmConfig(engine="none"),
        intents=IntentsConfig(custom=(str(DRINKS),), builtin=False),
    )
    broken = _broken_model(tmp_path)
    base = measure(settings, sets, 0, "base")
    worse = measure(
        dataclasses.replace(settings, asr=AsrConfig(model=str(broken))), sets, 0, "broken"
    )
    assert base["metrics"]["acceptance_clean"] == pytest.approx(1.0)
    worse["metrics"] |= paired(base, worse, noisy=True)
    result = gate.compare(base["metrics"], worse["metrics"], report.rules(real=False))
    failed = {c.rule.metric for c in result.checks if not c.passed}
    assert not result.passed and {"open_wer", "better_p"} <= failed
    assert worse["metrics"]["fewer_errors"] <= worse["metrics"]["more_errors"]
    assert worse["metrics"]["open_wer"] > base["metrics"]["open_wer"] + 0.1
    gate.write_report(tmp_path, "broken", result)
    assert not gate.is_deployable(tmp_path)
    assert np.isfinite(worse["metrics"]["command_wer"])
