"""Evaluation sets from LibriSpeech folders, Hugging Face datasets, or text rendered by TTS."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sayso.errors import BadInput, EngineUnavailable
from sayso.evaluation.augment.conditions import condition_seed
from sayso.evaluation.augment.effects import add_noise
from sayso.evaluation.augment.noise import NoiseSource
from sayso.evaluation.data.audio_io import to_mono_16k, write_clip
from sayso.evaluation.data.manifest import Utterance, write_manifest

Voice = Callable[[str], tuple[np.ndarray, int]]
"""A TTS voice: text → (samples, sample rate in Hz)."""

_LIBRISPEECH_AUDIO_SUFFIXES = (".flac", ".wav")


def from_librispeech_dir(directory: str | os.PathLike[str]) -> list[Utterance]:
    """Utterances of a LibriSpeech folder (`*.trans.txt` lines "ID WORDS", audio `ID.flac`)."""
    root = Path(directory)
    transcripts = sorted(root.rglob("*.trans.txt"))
    if not transcripts:
        raise BadInput(f"no *.trans.txt files under {root}")
    utterances: list[Utterance] = []
    for trans in transcripts:
        for lineno, line in enumerate(trans.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            utt_id, _, text = line.strip().partition(" ")
            audio = _find_audio(trans.parent, utt_id)
            if audio is None:
                raise BadInput(f"{trans}:{lineno}: no audio file for {utt_id}")
            speaker = utt_id.split("-", 1)[0]
            utterances.append(
                Utterance(id=utt_id, audio=audio.resolve(), text=text, speaker=speaker)
            )
    return utterances


def _find_audio(folder: Path, utt_id: str) -> Path | None:
    for suffix in _LIBRISPEECH_AUDIO_SUFFIXES:
        candidate = folder / f"{utt_id}{suffix}"
        if candidate.exists():
            return candidate
    return None


def from_hf_dataset(
    name: str,
    split: str,
    out_dir: str | os.PathLike[str],
    *,
    text_column: str = "text",
    audio_column: str = "audio",
    limit: int | None = None,
) -> list[Utterance]:
    """Copy a Hugging Face audio dataset split to 16 kHz WAV files plus a manifest in `out_dir`."""
    if importlib.util.find_spec("datasets") is None:
        raise EngineUnavailable("reading Hugging Face datasets needs `pip install datasets`")
    # Imported here: `datasets` is an optional, heavy dependency used only by this adapter.
    datasets: Any = importlib.import_module("datasets")
    dataset = datasets.load_dataset(name, split=split)
    out = Path(out_dir)
    utterances: list[Utterance] = []
    for index, item in enumerate(dataset):
        if limit is not None and index >= limit:
            break
        audio = item[audio_column]
        samples = to_mono_16k(np.asarray(audio["array"]), int(audio["sampling_rate"]))
        utt_id = str(item.get("id", f"{split}-{index:06d}"))
        path = write_clip(out / "wav" / f"{_safe(utt_id)}.wav", samples)
        utterances.append(Utterance(id=utt_id, audio=path.resolve(), text=str(item[text_column])))
    write_manifest(utterances, out / "manifest.jsonl")
    return utterances


@dataclasses.dataclass(frozen=True)
class LabelledText:
    """A sentence to render, with the labels its utterances will carry."""

    text: str
    intent: str | None = None
    slots: dict[str, Any] = dataclasses.field(default_factory=dict)


def synthesize_set(
    texts_with_labels: Sequence[LabelledText | str],
    voices: Sequence[Voice] | Mapping[str, Voice],
    out_dir: str | os.PathLike[str],
    noise: NoiseSource | None = None,
    snr_db: float | None = None,
    seed: int = 0,
) -> Path:
    """Render every text with every voice to 16 kHz WAV and write `out_dir/manifest.jsonl`.

    Ids are "<voice>-<text index>"; with `noise` and `snr_db` each clip is mixed with noise seeded
    from its id. Returns the manifest path.
    """
    if (noise is None) != (snr_db is None):
        raise BadInput("synthesize_set needs both noise and snr_db, or neither")
    named = (
        voices if isinstance(voices, Mapping) else {f"voice{i}": v for i, v in enumerate(voices)}
    )
    if not named or not texts_with_labels:
        raise BadInput("synthesize_set needs at least one text and one voice")
    out = Path(out_dir)
    utterances: list[Utterance] = []
    for voice_name, voice in named.items():
        for index, item in enumerate(texts_with_labels):
            label = LabelledText(item) if isinstance(item, str) else item
            utt_id = f"{voice_name}-{index:05d}"
            samples, rate = voice(label.text)
            audio = to_mono_16k(samples, rate)
            if noise is not None and snr_db is not None:
                rng = np.random.default_rng(condition_seed(utt_id, f"synth-{snr_db}", seed))
                audio = add_noise(audio, noise.sample(rng), snr_db, rng)
            path = write_clip(out / "wav" / f"{_safe(utt_id)}.wav", audio)
            utterances.append(
                Utterance(utt_id, path.resolve(), label.text, label.intent, label.slots, voice_name)
            )
    return write_manifest(utterances, out / "manifest.jsonl")


def _safe(name: str) -> str:
    # Ids become file names: keep them to a portable character set.
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
