"""Noisy copies of a manifest's clips, as they are and through noise suppressors, to compare.

Usage:

    pip install webrtc-noise-gain noisereduce      # the suppressors (not sayso dependencies)
    python scripts/noise_suppression.py ../shared/data/speech/fsdd/manifest.jsonl \
        NOISE_MANIFEST 6,12 OUT raw,ns1,ns2,ns3,nr
    sayso eval slu --manifest OUT/ns1/manifest.jsonl --intents examples/digits/digits.yaml \
        --only-custom --gold-from-grammar --out eval-ns1          # and so on per variant

Each clip is mixed once per SNR with `sayso eval`'s own seeded conditions, so every variant reads
the same noise draws; variants: `raw` (no suppression), `nsN` (WebRTC noise suppression at level
N, `webrtc-noise-gain`), `nr` (non-stationary spectral gating, `noisereduce`). The table in
BENCHMARKS.md, round 26.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np

from sayso.constants import SAMPLE_RATE
from sayso.evaluation.augment.conditions import iter_conditioned
from sayso.evaluation.data.audio_io import write_clip
from sayso.evaluation.data.manifest import read_manifest, write_manifest
from sayso.evaluation.plan import build_conditions, parse_floats

BLOCK = SAMPLE_RATE // 100
"""WebRTC's processor takes 10 ms blocks."""


def webrtc(audio: np.ndarray, level: int) -> np.ndarray:
    """`audio` through WebRTC noise suppression at `level` (1-4), no gain."""
    import webrtc_noise_gain

    processor = webrtc_noise_gain.AudioProcessor(0, level)
    pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16)
    padded = np.concatenate([pcm, np.zeros(-len(pcm) % BLOCK, np.int16)])
    blocks = [
        np.frombuffer(processor.Process10ms(padded[i : i + BLOCK].tobytes()).audio, np.int16)
        for i in range(0, len(padded), BLOCK)
    ]
    return (np.concatenate(blocks)[: len(pcm)].astype(np.float32) / 32767).astype(np.float32)


def suppressed(variant: str, audio: np.ndarray) -> np.ndarray:
    """`audio` through `variant`."""
    if variant == "raw":
        return audio
    if variant.startswith("ns") and variant[2:].isdigit():
        return webrtc(audio, int(variant[2:]))
    if variant == "nr":
        import noisereduce

        return np.asarray(noisereduce.reduce_noise(y=audio, sr=SAMPLE_RATE), np.float32)
    raise SystemExit(f"unknown variant {variant!r}: raw, ns1..ns4 or nr")


def main() -> None:
    """Write OUT/<variant>/manifest.jsonl and its clips for every variant."""
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    manifest, noise, snrs, out, variants = sys.argv[1:]
    conditions = build_conditions(noise=Path(noise), snrs=parse_floats(snrs, "SNRs"))
    noisy = [c for c in conditions if c.snr_db is not None]
    names = variants.split(",")
    rows: dict[str, list] = {name: [] for name in names}
    clips = iter_conditioned(read_manifest(manifest), noisy, progress=False)
    for utt, condition, audio in clips:
        for name in names:
            path = Path(out) / name / "wav" / f"{utt.id}__{condition.name}.wav"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_clip(path, suppressed(name, audio))
            key = f"{utt.id}__{condition.name}"
            rows[name].append(dataclasses.replace(utt, id=key, audio=path))
    for name in names:
        write_manifest(rows[name], Path(out) / name / "manifest.jsonl")


if __name__ == "__main__":
    main()
