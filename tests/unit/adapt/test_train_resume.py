"""Training is seeded and resumable: an interrupted run continues exactly where it stopped.

Pure logic of the loop (batch order, checkpoint, optimiser state, clip lengths) on a randomly
initialised two-layer Whisper of width 16, so it runs in seconds; the real model is trained in
tests/e2e/adapt.
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


def test_trimmed_encodings_are_read_only_as_far_as_each_clip_reaches(tmp_path: Path) -> None:
    """Clips encoded trimmed (as served) are shorter than the window: the rest of a row is
    hidden, and a clip in a batch of mixed lengths is decoded as it is decoded alone."""
    states, tokens = _data()
    lengths = [3, 4, 6, 3, 5, 6, 4, 3, 6, 5]
    junk = states.copy()
    for row, length in enumerate(lengths):
        states[row, length:] = 0
        junk[row, length:] = 1e3
    is_open = [i % 2 == 1 for i in range(10)]
    config = train.TrainConfig(steps=3, batch=4, learning_rate=1e-3, rehearsal=0.5, kl_weight=0.5)
    runs = []
    for name, data in (("zeros", states), ("junk", junk)):
        (tmp_path / name).mkdir()
        runs.append(train.train_decoder(
            _model(), data, tokens, [1, 2], 0, config, tmp_path / name, is_open, lengths
        ))  # fmt: skip
    assert runs[0] == pytest.approx(runs[1], abs=1e-6)

    model = _model()
    ids = [0, 1, 2, 3, 4]  # lengths 3, 4, 6, 3, 5
    inputs, _labels = train._batch(torch, tokens, ids, [1, 2], 0)
    decoder = model.model.decoder  # type: ignore[attr-defined]
    with torch.no_grad():
        encoded, mask = train._encodings(torch, junk, ids, lengths)
        together = train._decode(torch, decoder, inputs, encoded, mask)
        for row, clip in enumerate(ids):
            alone = torch.from_numpy(np.asarray(states[[clip], : lengths[clip]], np.float32))
            single = decoder(input_ids=inputs[[row]], encoder_hidden_states=alone)
            assert torch.allclose(together[row], single.last_hidden_state[0], atol=1e-5)
        # Unmasked, the padding would have been read: the mask is what makes them equal.
        unmasked = train._decode(torch, decoder, inputs, encoded, None)
        assert not torch.allclose(unmasked, together, atol=1e-3)


def test_full_windows_train_as_before(tmp_path: Path) -> None:
    """A clip length equal to the window for every clip is the same run as no lengths at all."""
    states, tokens = _data()
    config = train.TrainConfig(steps=2, batch=3, learning_rate=1e-3, seed=1)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = train.train_decoder(_model(), states, tokens, [1, 2], 0, config, tmp_path / "a")
    full = [POSITIONS] * len(tokens)
    stated = train.train_decoder(
        _model(), states, tokens, [1, 2], 0, config, tmp_path / "b", (), full
    )
    assert plain == stated
