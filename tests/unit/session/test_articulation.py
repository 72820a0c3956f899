"""The articulation cue: a hum's spectral envelope stays put, words move it.

Synthetic voices for the logic (a steady hum, a voice gliding between vowels), the committed real
recordings (CMU ARCTIC sentences, FSDD digits) for words, and espeak-ng's rendering of hums.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr

from sayso.constants import SAMPLE_RATE
from sayso.session.articulation import (
    FRICATION_MIN_DB,
    WORDLESS_BELOW_DB,
    articulation,
    envelope_change_db,
)
from sayso.tts.espeak import EspeakTts

SPEECH = Path(__file__).parents[2] / "fixtures" / "speech"
RAIN = Path(__file__).parents[2] / "fixtures" / "noise" / "rain_esc50_4-166661-A-10.wav"
VOWELS_HZ = {"a": (700.0, 1200.0, 2500.0), "i": (300.0, 2300.0, 3000.0),
             "u": (320.0, 800.0, 2300.0), "m": (250.0, 1100.0, 2300.0)}
"""First three formants of a few vowels and of a hummed /m/ (a rough nasal murmur), Hz."""


def voice(formants: list[tuple[float, float, float]], seconds: float, f0_hz: float = 120.0,
          seed: int = 0) -> np.ndarray:
    """A harmonic voice whose formants glide through `formants` evenly over `seconds`."""
    n = int(seconds * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    f0 = f0_hz * (1.0 + 0.03 * np.sin(2 * np.pi * 4.0 * t))  # a little natural pitch movement
    phase = 2 * np.pi * np.cumsum(f0) / SAMPLE_RATE
    points = np.linspace(0.0, 1.0, len(formants))
    where = np.linspace(0.0, 1.0, n)
    tracks = [np.interp(where, points, [f[k] for f in formants]) for k in range(3)]
    out = np.zeros(n)
    for h in range(1, int(3800 / f0_hz)):
        freq = h * f0
        gain = sum(1.0 / (1.0 + ((freq - fk) / 80.0) ** 2) for fk in tracks)
        out += gain * np.sin(h * phase) / h**0.5
    out += np.random.default_rng(seed).normal(0.0, 1e-3, n)  # a microphone's floor
    return np.asarray(0.5 * out / np.abs(out).max(), np.float32)


def padded(audio: np.ndarray) -> np.ndarray:
    """With the quiet lead a burst's audio has (the speech pad before its onset)."""
    lead = np.zeros(SAMPLE_RATE * 3 // 10, np.float32)
    return np.concatenate([lead, audio, lead])


def recording(path: Path) -> np.ndarray:
    audio, rate = sf.read(path, dtype="float32", always_2d=True)
    return np.asarray(soxr.resample(audio.mean(axis=1), rate, SAMPLE_RATE), np.float32)


def is_wordless(change_db: float | None) -> bool:
    """The envelope cue alone says no words."""
    return change_db is not None and change_db < WORDLESS_BELOW_DB


def test_a_steady_hum_is_wordless_and_a_voice_moving_between_vowels_is_not() -> None:
    hum = envelope_change_db(padded(voice([VOWELS_HZ["m"]], 0.8)))
    assert hum is not None and is_wordless(hum)
    ahh = envelope_change_db(padded(voice([VOWELS_HZ["a"]], 0.5, f0_hz=210.0)))
    assert ahh is not None and is_wordless(ahh)
    glide = [VOWELS_HZ[v] for v in "aiuaiu"]  # ~100 ms per vowel, as in running speech
    talk = envelope_change_db(padded(voice(glide, 0.6)))
    assert talk is not None and not is_wordless(talk)
    assert talk > 2 * hum


def hiss(seconds: float, seed: int = 1) -> np.ndarray:
    """An "s": white noise with the energy below 2 kHz taken out."""
    noise = np.random.default_rng(seed).normal(0.0, 1.0, int(seconds * SAMPLE_RATE))
    spectrum = np.fft.rfft(noise)
    spectrum[np.fft.rfftfreq(len(noise), 1.0 / SAMPLE_RATE) < 2500.0] = 0.0
    out = np.fft.irfft(spectrum, len(noise))
    return np.asarray(0.2 * out / np.abs(out).max(), np.float32)


def test_a_steady_vowel_between_voiceless_consonants_is_words() -> None:
    # "s-ah-p": the voiced part is one still vowel, the frication says it is a word.
    vowel = voice([VOWELS_HZ["a"]], 0.3)
    stop = articulation(padded(np.concatenate([hiss(0.12), vowel])))
    assert stop is not None and stop.frication_db >= FRICATION_MIN_DB and not stop.wordless
    hum = articulation(padded(voice([VOWELS_HZ["m"]], 0.8)))
    assert hum is not None and hum.frication_db < FRICATION_MIN_DB and hum.wordless


def with_noise(audio: np.ndarray, snr_db: float, seed: int = 3) -> np.ndarray:
    """`audio` in white noise (a fan, a room's hiss) `snr_db` under its voiced part."""
    power = float(np.mean(audio[audio != 0] ** 2))
    scale = np.sqrt(power / 10 ** (snr_db / 10))
    noise = np.random.default_rng(seed).normal(0.0, scale, len(audio))
    return np.asarray(audio + noise, np.float32)


def test_a_rooms_hiss_is_not_a_consonant() -> None:
    hum = articulation(with_noise(padded(voice([VOWELS_HZ["m"]], 0.8)), snr_db=20.0))
    assert hum is not None and hum.wordless
    said = np.concatenate([hiss(0.12), voice([VOWELS_HZ["a"]], 0.3)])
    stop = articulation(with_noise(padded(said), snr_db=20.0))
    assert stop is not None and not stop.wordless


def test_too_little_voice_is_not_judged() -> None:
    assert envelope_change_db(np.zeros(SAMPLE_RATE, np.float32)) is None
    assert envelope_change_db(padded(voice([VOWELS_HZ["a"]], 0.03))) is None  # one click
    assert not is_wordless(None)


@pytest.mark.parametrize("name", ["arctic_a0039_1592747693.wav", "arctic_a0134_1592745551.wav",
                                  "arctic_b0111_1592699051.wav", "arctic_b0225_1592536270.wav",
                                  "fsdd/2_nicolas_1.wav", "fsdd/4_theo_2.wav"])
def test_real_words_are_articulated(name: str) -> None:
    # Real sentences and one-word digits (8 kHz: the cue reads below 3.8 kHz only).
    change = envelope_change_db(padded(recording(SPEECH / name)))
    assert change is not None and change > WORDLESS_BELOW_DB


def test_rain_has_no_voice_to_judge() -> None:
    assert envelope_change_db(recording(RAIN)) is None



def test_rendered_hums_are_wordless_and_spelled_letters_are_not(espeak: EspeakTts) -> None:
    def rendered(text: str) -> np.ndarray:
        audio = np.concatenate(list(espeak.synthesize(text)))
        return soxr.resample(audio, espeak.capabilities.sample_rate, SAMPLE_RATE)

    for hum in ("[[m'mmmm]]", "[[h'mmm]]", "Uh-huh."):  # "Hmmmm." is spelled out
        sound = articulation(padded(rendered(hum)))
        assert sound is not None and sound.wordless, (hum, sound)
    # What espeak-ng makes of "Hmmmm.": "aitch em em em em", letters, which are words; and the
    # word a barge-in most often is, whose only voiced sound is one still vowel.
    for words in ("Hmmmm.", "Stop."):
        sound = articulation(padded(rendered(words)))
        assert sound is not None and not sound.wordless, (words, sound)
