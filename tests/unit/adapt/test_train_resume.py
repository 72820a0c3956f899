"""Training is seeded and resumable: an interrupted run continues exactly where it stopped.

Pure logic of the loop (batch order, checkpoint, optimiser state) on a randomly initialised
two-layer Whisper of width 16, so it runs in seconds; the real model is trained in tests/e2e/adapt.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sayso.adapt.asr import train

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

POSITIONS, WIDTH = 6, 16


def _model() -> object:
    torch.manual_seed(0)
    config = transformers.WhisperConfig(
        vocab_size=40, d_model=WIDTH, encoder_layers=1, decoder_layers=2,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
        decoder_ffn_dim=32, max_source_positions=POSITIONS, max_target_positions=16,
        decoder_start_token_id=1, pad_token_id=0, eos_token_id=0, bos_token_id=1,
    )  # fmt: skip
    return transformers.WhisperForConditionalGeneration(config)


def _data() -> tuple[np.ndarray, list[list[int]]]:
    rng = np.random.default_rng(0)
    states = rng.standard_normal((10, POSITIONS, WIDTH)).astype(np.float16)
    tokens = [list(rng.integers(3, 40, size=int(rng.integers(1, 5)))) for _ in range(10)]
    return states, tokens


class Interrupted(Exception):
    """Stands in for Ctrl-C right after a checkpoint."""


def test_resumed_training_matches_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    states, tokens = _data()
    config = train.TrainConfig(steps=4, batch=3, learning_rate=1e-3, seed=5)
    (tmp_path / "a").mkdir()
    straight = train.train_decoder(_model(), states, tokens, [1, 2], 0, config, tmp_path / "a")

    monkeypatch.setattr(train, "CHECKPOINT_EVERY", 2)
    real_save = train._save

    def save_then_stop(*args: object) -> None:
        real_save(*args)  # type: ignore[arg-type]
        if args[4] == 2:
            raise Interrupted

    monkeypatch.setattr(train, "_save", save_then_stop)
    work = tmp_path / "b"
    work.mkdir()
    with pytest.raises(Interrupted):
        train.train_decoder(_model(), states, tokens, [1, 2], 0, config, work)
    monkeypatch.setattr(train, "_save", real_save)
    steps_run = []
    real_batch = train._batch
    monkeypatch.setattr(train, "_batch", lambda *a: steps_run.append(1) or real_batch(*a))
    resumed = train.train_decoder(_model(), states, tokens, [1, 2], 0, config, work)
    assert len(resumed) == 4 and len(steps_run) == 2  # only the steps after the checkpoint
    assert resumed == pytest.approx(straight, rel=1e-5)
