"""Compare text scores of the Whisper stepper (float32 and int8) with CTranslate2 (float32, int8).

    nice -n 10 python scripts/stepper_accuracy.py [--model tiny.en]

For every committed fixture clip, the log-probability of its reference text (text tokens,
normalised over text tokens as CTranslate2's `align` does) from CTranslate2 computing in float32
and in int8, and from `WhisperStepper` with `exact=True` and by default (int8). Prints a Markdown
table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sayso.asr.whisper.models import load_whisper_model  # noqa: E402
from sayso.asr.whisper.stepper import WhisperStepper  # noqa: E402

SPEECH = ROOT / "tests" / "fixtures" / "speech"
PAD_FRAMES = 1000
"""Feature frames (10 s) encoded after the speech."""


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="tiny.en")
    args = parser.parse_args()
    import ctranslate2
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer

    int8 = load_whisper_model(args.model, "int8", 2)
    float32 = load_whisper_model(args.model, "float32", 2)
    tok = Tokenizer(int8.hf_tokenizer, int8.model.is_multilingual, "transcribe", "en")
    steppers = (WhisperStepper.for_model(int8, exact=True), WhisperStepper.for_model(int8))
    print("| clip | CTranslate2 float32 | CTranslate2 int8 | stepper float32 | stepper int8 |")
    print("|---|---|---|---|---|")
    for line in (SPEECH / "manifest.jsonl").read_text().splitlines():
        row = json.loads(line)
        audio, _ = sf.read(SPEECH / row["audio"], dtype="float32")
        features = float32.feature_extractor(audio)
        content = min(features.shape[-1] - 1, 3000)
        frames = min(3000, content + PAD_FRAMES)
        encoded = np.asarray(float32.encode(pad_or_trim(features[:, :frames], frames)))
        tokens = tok.encode(" " + row["text"])
        view = ctranslate2.StorageView.from_array(encoded)
        scores = [
            float(
                np.log(
                    m.model.align(view, list(tok.sot_sequence), [tokens], content)[
                        0
                    ].text_token_probs
                ).sum()
            )
            for m in (float32, int8)
        ]
        prompt = [*tok.sot_sequence, tok.no_timestamps]
        scores += [_text_score(s, encoded, prompt, tokens, tok.eot) for s in steppers]
        print(f"| {row['id']} | " + " | ".join(f"{s:.3f}" for s in scores) + " |")


def _text_score(
    stepper: WhisperStepper, encoded: np.ndarray, prompt: list[int], tokens: list[int], eot: int
) -> float:
    state, log_probs = stepper.start(encoded, prompt)
    total = 0.0
    for token in tokens:
        text_only = log_probs[:eot].astype(np.float64)
        total += float(log_probs[token] - np.log(np.exp(text_only).sum()))
        state, batch = stepper.step(state, [0], [token])
        log_probs = batch[0]
    return total


if __name__ == "__main__":
    main()
