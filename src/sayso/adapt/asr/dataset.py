"""Training clips and held-out evaluation sets, rendered from sampled sentences.

Training: each training sentence is spoken by training voices and degraded like a real room
(noise at 0–20 dB from the training half of the noise, an impulse response, speed 0.9–1.1, a
telephone band), every choice drawn from a generator seeded by the run's seed and the clip's
index. Evaluation: held-out sentences spoken by held-out voices, clean, written as a sayso
manifest so the gate scores them with sayso's own evaluation code.
"""

from __future__ import annotations

import dataclasses
import math
import random
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

import numpy as np

from sayso.adapt.asr.noise import NoiseHalves
from sayso.adapt.asr.voices import Speaker, VoiceSpec, load_speaker
from sayso.evaluation.augment.conditions import Condition, apply_condition
from sayso.evaluation.data.audio_io import read_clip, write_clip
from sayso.evaluation.data.manifest import Utterance, read_manifest, write_manifest
from sayso.evaluation.metrics.wer import normalize_text
from sayso.evaluation.progress import ProgressBar

HOLDOUT_PERCENT: Final[int] = 20
"""Share of sentences kept for evaluation only (chosen by a checksum of the sentence)."""
MIN_SENTENCES_TO_HOLD_OUT: Final[int] = 20
"""Below this many distinct sentences (digits) none are held out; held-out voices still are."""
SNR_RANGE_DB: Final[tuple[float, float]] = (0.0, 20.0)
NOISY_SHARE: Final[float] = 0.8
SPEED_RANGE: Final[tuple[float, float]] = (0.9, 1.1)
SPEED_SHARE: Final[float] = 0.5
REVERB_SHARE: Final[float] = 0.3
TELEPHONE_SHARE: Final[float] = 0.1
QUESTION_STARTS: Final[frozenset[str]] = frozenset(
    {"what", "where", "when", "why", "who", "whom", "whose", "which", "how", "is", "are", "am",
     "was", "were", "do", "does", "did", "can", "could", "will", "would", "shall", "should"}
)  # fmt: skip
"""First words that make a grammar sentence a question (Whisper ends it with "?")."""
OPEN_SEED_OFFSET: Final[int] = 7919
"""Shifts the seed of open-speech clips so their augmentation differs from the domain clips'."""
OPEN_SENTENCES_FILE: Final[str] = "open_sentences.txt"
"""Open sentences rehearsed in training (package data in sayso/data/adapt; never the gate's
Cathy recordings, `plan.OPEN_SENTENCES` or the calibration and benchmark open sets)."""


@dataclasses.dataclass(frozen=True)
class Clip:
    """One training example."""

    text: str
    """What is said, as Whisper should write it."""
    audio: np.ndarray
    """16 kHz mono float32."""


def is_held_out(sentence: str) -> bool:
    """Whether `sentence` belongs to evaluation (stable across runs and machines)."""
    return zlib.crc32(sentence.encode("utf-8")) % 100 < HOLDOUT_PERCENT


def split_sentences(sentences: Sequence[str], never_train: set[str]) -> tuple[list[str], list[str]]:
    """(training, held-out) sentences; `never_train` (a benchmark's texts) is always held out.

    Sentences are compared as spoken (Whisper's scoring normaliser): a benchmark writes "Turn on
    the kitchen light." or "set a timer for 5 minutes" where the grammar draws "turn on the
    kitchen light" and "set a timer for five minutes" -- the same audio, so it must not train.
    """
    hold = len(sentences) >= MIN_SENTENCES_TO_HOLD_OUT
    never = {normalize_text(t) for t in never_train}
    train = [s for s in sentences
             if normalize_text(s) not in never and not (hold and is_held_out(s))]
    held = [s for s in sentences if s not in train]
    return train, held


def written(sentence: str) -> str:
    """A grammar sentence as Whisper writes it: sentence case, "I", a final mark.

    The mark is a question mark after a question word ("can i get…?", "where is my pizza?"),
    else a full stop.
    """
    words = [("I" + w[1:]) if w == "i" or w.startswith("i'") else w for w in sentence.split()]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    if text[-1:] in {".", "?", "!"} or not text:
        return text
    return text + ("?" if words[0].lower() in QUESTION_STARTS else ".")


def _augmentation(rng: random.Random, noise: NoiseHalves) -> Condition:
    reverb = None
    if noise.train_rirs and rng.random() < REVERB_SHARE:
        reverb = noise.train_rirs[rng.randrange(len(noise.train_rirs))]
    noisy = rng.random() < NOISY_SHARE
    return Condition(
        "train",
        snr_db=rng.uniform(*SNR_RANGE_DB) if noisy else None,
        noise=noise.train if noisy else None,
        speed=rng.uniform(*SPEED_RANGE) if rng.random() < SPEED_SHARE else 1.0,
        reverb=reverb,
        telephone=rng.random() < TELEPHONE_SHARE,
    )


@dataclasses.dataclass(frozen=True)
class RenderJob:
    """Sentences to speak: clip `index` is sentence `index % len(sentences)`, augmented.

    A clip depends only on the job, its index and, for a voice whose sampling noise comes from a
    generator inside the loaded model (`VoiceSpec.stateful`), on which of that voice's clips were
    spoken before it by the same loaded voice (loaded with the job's seed). Whoever renders a job
    (this process, or Ray tasks in `cluster.py`) speaks each stateful voice's clips in index order
    on one fresh load, so the clips are the same everywhere.
    """

    sentences: tuple[str, ...]
    voices: tuple[VoiceSpec, ...]
    noise: NoiseHalves
    renders: int
    seed: int

    @property
    def count(self) -> int:
        """Clips in the job."""
        return len(self.sentences) * self.renders

    def voice_of(self, index: int) -> VoiceSpec:
        """The voice that speaks clip `index`."""
        # Voices in turn, shifted by the render number: a sentence's renders get new voices.
        return self.voices[(index // len(self.sentences) + index) % len(self.voices)]

    def render(self, index: int, speakers: dict[str, Speaker]) -> Clip:
        """Clip `index`, loading its voice into `speakers` on first use."""
        rng = random.Random(f"{self.seed}/{index}")
        sentence = self.sentences[index % len(self.sentences)]
        spec = self.voice_of(index)
        if spec.name not in speakers:
            speakers[spec.name] = load_speaker(spec, self.seed)
        audio = speakers[spec.name](sentence)
        condition = _augmentation(rng, self.noise)
        np_rng = np.random.default_rng(rng.getrandbits(64))
        return Clip(written(sentence), apply_condition(audio, condition, np_rng))


def render_here(job: RenderJob, description: str = "rendering training speech") -> Iterator[Clip]:
    """Every clip of `job`, in index order, rendered in this process."""
    speakers: dict[str, Speaker] = {}
    with ProgressBar(job.count, description) as bar:
        for index in range(job.count):
            yield job.render(index, speakers)
            bar.advance()


def real_clips(real: Sequence[Utterance]) -> Iterator[Clip]:
    """The user's recordings as training clips."""
    for utt in real:
        yield Clip(utt.text or "", read_clip(utt.audio))


def training_clips(
    sentences: Sequence[str],
    voices: Sequence[VoiceSpec],
    noise: NoiseHalves,
    *,
    renders: int,
    seed: int,
    real: Sequence[Utterance] = (),
) -> Iterator[Clip]:
    """Each sentence `renders` times, by voices taken in turn, each render augmented."""
    job = RenderJob(tuple(sentences), tuple(voices), noise, renders, seed)
    yield from render_here(job)
    yield from real_clips(real)


def open_sentences() -> list[str]:
    """The packaged open sentences (one per line)."""
    from importlib.resources import files

    text = files("sayso.data").joinpath("adapt", OPEN_SENTENCES_FILE).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def open_count(domain_clips: int, rehearsal: float) -> int:
    """Open-speech clips to render so they make up `rehearsal` of all training clips."""
    if rehearsal <= 0:
        return 0
    return math.ceil(domain_clips * rehearsal / (1.0 - rehearsal))


def open_job(
    count: int, voices: Sequence[VoiceSpec], noise: NoiseHalves, seed: int
) -> RenderJob:
    """`count` open sentences (cycled) spoken by the training voices, augmented like the rest."""
    texts = open_sentences()
    sentences = tuple(texts[i % len(texts)] for i in range(count))
    renders = 1 if sentences else 0
    return RenderJob(sentences, tuple(voices), noise, renders, seed + OPEN_SEED_OFFSET)


def open_clips(
    count: int, voices: Sequence[VoiceSpec], noise: NoiseHalves, seed: int
) -> Iterator[Clip]:
    """`count` open sentences (cycled) spoken by the training voices, augmented like the rest."""
    return render_here(open_job(count, voices, noise, seed))


def rendered(
    folder: Path, sentences: Sequence[str], voices: Sequence[VoiceSpec]
) -> tuple[Utterance, ...]:
    """`render_eval_set` into `folder`, once: a resumed run keeps what was rendered."""
    manifest = folder / "manifest.jsonl"
    if not manifest.is_file():
        render_eval_set(sentences, voices, folder)
    return tuple(read_manifest(manifest))


def render_eval_set(
    sentences: Sequence[str], voices: Sequence[VoiceSpec], out_dir: Path, seed: int = 0
) -> Path:
    """Speak each held-out sentence with each held-out voice; returns the manifest path."""
    utterances = []
    with ProgressBar(len(sentences) * len(voices), "rendering held-out speech") as bar:
        for spec in voices:
            speak = load_speaker(spec, seed)
            for i, sentence in enumerate(sentences):
                path = write_clip(out_dir / "wav" / f"{spec.name}-{i}.wav", speak(sentence))
                utterances.append(Utterance(f"{spec.name}-{i}", path, sentence, speaker=spec.name))
                bar.advance()
    return write_manifest(utterances, out_dir / "manifest.jsonl")
