"""The audio a wake-word model is measured on: rendered phrases, and hours of other sound.

Positives: each phrase rendered by Piper at three speeds and by espeak-ng in eight English
voices at two rates, 1.5 s into a clip (a fresh stream's context fills first), clean and mixed
with noise at 0–20 dB SNR (SNR of the phrase itself, not of the padded clip).

Negatives: an endless, seeded stream of the shared recordings (Cathy ARCTIC, FSDD digits,
LibriSpeech), rendered Home Assistant commands and the noise clips, each drawn at random and
augmented (speed 0.9–1.1, gain ±6 dB, reverberation by a room impulse response, noise at
0–20 dB), with pauses between them, until the requested duration.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np

from sayso.config import TtsConfig
from sayso.constants import SAMPLE_RATE
from sayso.errors import BadInput
from sayso.evaluation.augment.effects import reverberate, speed_perturb
from sayso.evaluation.augment.noise import NoiseBank
from sayso.evaluation.data.audio_io import read_clip
from sayso.evaluation.data.manifest import iter_jsonl

if TYPE_CHECKING:
    from sayso.tts.espeak import EspeakTts
    from sayso.tts.piper import PiperTts

Voice = Callable[[str], np.ndarray]
"""Text → 16 kHz mono float32 speech."""

SPEECH_SETS: Final[tuple[str, ...]] = ("speech/cathy_arctic", "speech/fsdd", "speech/librispeech")
NOISE_MANIFEST: Final[str] = "noise/manifest.jsonl"
RIR_CATEGORY: Final[str] = "room_impulse_response"
HA_SENTENCES: Final[str] = "intents/ha_intents_tests_en.jsonl"
PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "hey_jarvis": ("Hey Jarvis.", "Hey, Jarvis!", "Hey Jarvis"),
    "alexa": ("Alexa.", "Alexa!", "Alexa"),
    "hey_mycroft": ("Hey Mycroft.", "Hey, Mycroft!", "Hey Mycroft"),
    "hey_rhasspy": ("Hey Rhasspy.", "Hey, Rhasspy!", "Hey Rhasspy"),
}
ESPEAK_VOICES: Final[tuple[str, ...]] = (
    "en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-us+f3", "en-gb+f2", "en-us+m5",
)
ESPEAK_WPM: Final[tuple[int, ...]] = (140, 175)
PIPER_SPEEDS: Final[tuple[float, ...]] = (0.85, 1.0, 1.2)
NEGATIVE_VOICES: Final[tuple[str, ...]] = ("piper:1", "espeak:en-us:175", "espeak:en-gb+f2:140")
"""Voices that render the Home Assistant commands mixed into the negatives."""
SNRS_DB: Final[tuple[float | None, ...]] = (None, 20.0, 15.0, 10.0, 5.0, 0.0)
"""Positive conditions: clean, then noise at these SNRs."""
LEAD_S, TRAIL_S = 1.5, 0.7
"""Padding of a positive clip, seconds."""
SPEECH_SHARE = 0.75
"""Share of negative draws that are speech (the rest: noise clips alone)."""
GAP_S = (0.2, 1.5)
"""Pause between negative clips, seconds."""


@dataclasses.dataclass(frozen=True)
class Positive:
    """One rendered wake phrase in one condition."""

    voice: str
    text: str
    snr_db: float | None
    audio: np.ndarray


def build_voices(tts: TtsConfig) -> dict[str, Voice]:
    """Piper at each speed and every espeak-ng voice at each rate, loaded."""
    from sayso.tts.espeak import EspeakTts
    from sayso.tts.piper import PiperTts

    piper = PiperTts(dataclasses.replace(tts, engine="piper"))
    piper.load()
    voices = {f"piper:{s:g}": _voice(piper, s) for s in PIPER_SPEEDS}
    for name in ESPEAK_VOICES:
        for wpm in ESPEAK_WPM:
            engine = EspeakTts(voice=name, wpm=wpm)
            engine.load()
            voices[f"espeak:{name}:{wpm}"] = _voice(engine)
    return voices


def _voice(engine: PiperTts | EspeakTts, speed: float = 1.0) -> Voice:
    import soxr

    def speak(text: str) -> np.ndarray:
        audio = np.concatenate(list(engine.synthesize(text, speed))).astype(np.float32)
        rate = engine.capabilities.sample_rate
        return np.asarray(soxr.resample(audio, rate, SAMPLE_RATE), np.float32)

    return speak


def ha_sentences(data: Path, count: int, rng: np.random.Generator) -> list[str]:
    """`count` Home Assistant test sentences (none mentions a wake phrase)."""
    path = data / HA_SENTENCES
    texts = sorted({str(o["text"]) for _, o in iter_jsonl(path) if o.get("text")})
    texts = [t for t in texts if not any(w in t.lower() for w in ("jarvis", "alexa", "mycroft"))]
    picked = rng.choice(len(texts), size=min(count, len(texts)), replace=False)
    return [texts[i] for i in sorted(picked)]


def recordings(data: Path) -> list[np.ndarray]:
    """Every clip of the shared speech sets, 16 kHz mono."""
    clips = []
    for name in SPEECH_SETS:
        manifest = data / name / "manifest.jsonl"
        if not manifest.is_file():
            raise BadInput(f"{manifest} is missing (is --data the shared data folder?)")
        clips += [read_clip(manifest.parent / o["audio"]) for _, o in iter_jsonl(manifest)]
    return clips


def impulse_responses(data: Path) -> list[np.ndarray]:
    """The room impulse responses listed in the noise manifest."""
    manifest = data / NOISE_MANIFEST
    return [read_clip(manifest.parent / o["audio"]) for _, o in iter_jsonl(manifest)
            if o.get("category") == RIR_CATEGORY]


def positives(model: str, voices: dict[str, Voice], noise: NoiseBank,
              rng: np.random.Generator) -> list[Positive]:
    """The model's phrases in every voice and condition."""
    out = []
    for name, voice in voices.items():
        for text in PHRASES[model]:
            speech = voice(text)
            for snr in SNRS_DB:
                out.append(Positive(name, text, snr, _pad_and_mix(speech, noise, snr, rng)))
    return out


def _pad_and_mix(speech: np.ndarray, noise: NoiseBank, snr_db: float | None,
                 rng: np.random.Generator) -> np.ndarray:
    lead, trail = np.zeros(round(LEAD_S * SAMPLE_RATE)), np.zeros(round(TRAIL_S * SAMPLE_RATE))
    clip = np.concatenate([lead, speech, trail])
    if snr_db is None:
        return clip.astype(np.float32)
    bed = _noise_bed(noise, len(clip), rng)
    gain = np.sqrt(_power(speech) / (_power(bed) * 10.0 ** (snr_db / 10.0)))
    mix = clip + gain * bed
    return (mix / max(1.0, float(np.max(np.abs(mix))) / 0.99)).astype(np.float32)


def _noise_bed(noise: NoiseBank, length: int, rng: np.random.Generator) -> np.ndarray:
    for _ in range(10):  # an event sound (a bark) may be silent where the cut lands
        clip = noise.sample(rng)
        offset = int(rng.integers(0, len(clip)))
        bed = np.tile(clip, -(-(offset + length) // len(clip)))[offset : offset + length]
        if _power(bed) > 1e-8:
            return bed.astype(np.float64)
    raise BadInput("the noise clips are silent")


def _power(x: np.ndarray) -> float:
    return float(np.mean(np.square(x, dtype=np.float64)))


class NegativeStream:
    """Seeded, endless non-wake audio built from speech and noise clips."""

    def __init__(self, speech: list[np.ndarray], noise: NoiseBank, rirs: list[np.ndarray],
                 rng: np.random.Generator) -> None:
        if not speech:
            raise BadInput("no speech for the negative stream")
        self.speech, self.noise, self.rirs, self.rng = speech, noise, rirs, rng

    def blocks(self, seconds: float) -> Iterator[np.ndarray]:
        """Clips with their pauses, until `seconds` of audio were produced."""
        made = 0
        while made < seconds * SAMPLE_RATE:
            block = np.concatenate([self._clip(), self._gap()]).astype(np.float32)
            made += len(block)
            yield block

    def _clip(self) -> np.ndarray:
        rng = self.rng
        if rng.random() >= SPEECH_SHARE:
            clip = self.noise.sample(rng)
            return clip * 10.0 ** (rng.uniform(-12, 0) / 20)
        clip = self.speech[int(rng.integers(0, len(self.speech)))]
        clip = speed_perturb(clip, float(rng.uniform(0.9, 1.1)))
        if self.rirs and rng.random() < 0.3:
            clip = reverberate(clip, self.rirs[int(rng.integers(0, len(self.rirs)))])
        if rng.random() < 0.5 and _power(clip) > 0:
            bed = _noise_bed(self.noise, len(clip), rng)
            snr = rng.uniform(0.0, 20.0)
            clip = clip + np.sqrt(_power(clip) / (_power(bed) * 10 ** (snr / 10))) * bed
        clip = clip * 10.0 ** (rng.uniform(-6, 6) / 20)
        return clip / max(1.0, float(np.max(np.abs(clip))) / 0.99)

    def _gap(self) -> np.ndarray:
        n = round(self.rng.uniform(*GAP_S) * SAMPLE_RATE)
        return (self.rng.standard_normal(n) * 1e-3).astype(np.float32)  # a quiet room


def describe(data: Path) -> str:
    """One line naming the sources, for the report."""
    return json.dumps({"speech": list(SPEECH_SETS), "noise": NOISE_MANIFEST, "data": str(data)})
