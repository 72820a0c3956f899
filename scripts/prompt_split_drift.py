"""How far int8 forced scores drift from float32, the prompt's first token apart or not.

    PYTHONPATH=src python scripts/prompt_split_drift.py MANIFEST [--limit N] [--prompt TEXT]

For each clip, its reference text is forced through Whisper tiny.en's decoder after the start
sequence (and, with `--prompt`, after those earlier words, as a single-domain deployment's
vocabulary prompt is given): in float32 (`exact=True`), and in int8 with the prompt's first
position decoded apart from the rest (the default, `WhisperStepper._prefix_parts`) or with the
whole prompt in one call (round 40). Prints the mean, 90th percentile and largest absolute
difference from float32 per form. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import soundfile as sf
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer

from sayso.asr.whisper.models import load_whisper_model
from sayso.asr.whisper.stepper import WhisperStepper
from sayso.asr.whisper.stepper_decode import forced_log_probs

PAD_FRAMES = 1000
"""Feature frames (10 s) encoded after the speech, as the decoder does for tiny.en."""


def main() -> None:
    """Print one line per int8 form."""
    args = _arguments()
    model = load_whisper_model("tiny.en", "float32", 2)
    tok = Tokenizer(model.hf_tokenizer, False, "transcribe", "en")
    earlier = [tok.sot_prev, *tok.encode(" " + args.prompt.strip())] if args.prompt else []
    prompt = [*earlier, *tok.sot_sequence, tok.no_timestamps]
    exact = WhisperStepper.for_model(model, exact=True)
    int8 = WhisperStepper.for_model(model)
    drift: dict[str, list[float]] = {"first token apart": [], "prompt in one call": []}
    manifest = Path(args.manifest)
    for line in manifest.read_text().splitlines()[: args.limit]:
        entry = json.loads(line)
        audio, _ = sf.read(manifest.parent / entry["audio"], dtype="float32")
        encoded = _encode(model, audio)
        forced = [[*tok.encode(" " + entry["text"].strip()), tok.eot]]
        want = forced_log_probs(exact, encoded, prompt, forced)[0]
        drift["first token apart"].append(
            abs(forced_log_probs(int8, encoded, prompt, forced)[0] - want)
        )
        int8._prefix_parts = _whole  # type: ignore[method-assign]
        try:
            drift["prompt in one call"].append(
                abs(forced_log_probs(int8, encoded, prompt, forced)[0] - want)
            )
        finally:
            del int8._prefix_parts
    print(f"{len(prompt)}-token prompt, {len(drift['first token apart'])} clips of {manifest}")
    for form, values in drift.items():
        v = np.asarray(values)
        print(f"{form}: mean {v.mean():.3f}, p90 {np.percentile(v, 90):.3f}, max {v.max():.3f}")


def _whole(prefix: Sequence[int]) -> list[np.ndarray]:
    return [np.asarray([prefix], np.intp)]


def _encode(model: object, audio: np.ndarray) -> np.ndarray:
    if len(audio) and audio.ndim > 1:
        audio = audio.mean(axis=1)
    features = model.feature_extractor(audio)  # type: ignore[attr-defined]
    content = min(features.shape[-1] - 1, 3000)
    frames = min(3000, content + PAD_FRAMES)
    return np.asarray(model.encode(pad_or_trim(features[:, :frames], frames)))  # type: ignore[attr-defined]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--prompt", default="", help="earlier words (a vocabulary prompt)")
    return parser.parse_args()


if __name__ == "__main__":
    main()
