"""The training recipe: open-speech rehearsal in every batch, LoRA folded back, KL to the base.

Pure logic on a randomly initialised two-layer Whisper of width 16 (seconds); the real model is
trained end to end in tests/e2e/adapt.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sayso.adapt.asr import dataset, recipe, train
from sayso.errors import BadInput

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("peft")

POSITIONS, WIDTH, CLIPS = 6, 16, 12


def _model() -> object:
    torch.manual_seed(0)
    config = transformers.WhisperConfig(
        vocab_size=40, d_model=WIDTH, encoder_layers=1, decoder_layers=2,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
        decoder_ffn_dim=32, max_source_positions=POSITIONS, max_target_positions=16,
        decoder_start_token_id=1, pad_token_id=0, eos_token_id=0, bos_token_id=1,
    )  # fmt: skip
    return transformers.WhisperForConditionalGeneration(config)


def _data() -> tuple[np.ndarray, list[list[int]], list[bool]]:
    rng = np.random.default_rng(0)
    states = rng.standard_normal((CLIPS, POSITIONS, WIDTH)).astype(np.float16)
    tokens = [list(rng.integers(3, 40, size=int(rng.integers(1, 5)))) for _ in range(CLIPS)]
    return states, tokens, [i >= CLIPS // 2 for i in range(CLIPS)]


def test_every_batch_carries_its_share_of_open_speech() -> None:
    is_open = [i >= 8 for i in range(12)]  # 8 domain clips, 4 open ones
    config = train.TrainConfig(steps=5, batch=4, rehearsal=0.5)
    order = train._order(is_open, config)
    assert len(order) == 20
    for step in range(5):
        batch = order[step * 4 : (step + 1) * 4]
        assert sum(is_open[i] for i in batch) == 2
    assert order == train._order(is_open, config)  # seeded
    assert set(order) == set(range(12))  # every clip is used


def test_lora_is_folded_into_plain_decoder_weights(tmp_path: Path) -> None:
    states, tokens, is_open = _data()
    model = _model()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    config = train.TrainConfig(steps=3, batch=4, learning_rate=1e-2, method="lora", rehearsal=0.5)
    losses = train.train_decoder(model, states, tokens, [1, 2], 0, config, tmp_path, is_open)
    after = model.state_dict()
    assert len(losses) == 3 and all(np.isfinite(losses))
    assert set(after) == set(before)  # no adapter names left: the converter sees plain Whisper
    changed = {k for k in after if not torch.equal(after[k], before[k])}
    assert changed and all(k.startswith("model.decoder.layers.") for k in changed)


def test_kl_to_an_identical_model_is_zero_and_positive_otherwise() -> None:
    torch.manual_seed(0)
    logits = torch.randn(2, 3, 40)
    labels = torch.tensor([[5, 6, -100], [7, -100, -100]])
    rows = torch.tensor([True, False])
    same = recipe.kl_to_reference(torch, logits, logits.clone(), labels, rows, -100)
    other = recipe.kl_to_reference(torch, logits, torch.randn(2, 3, 40), labels, rows, -100)
    assert float(same) == pytest.approx(0.0, abs=1e-6) and float(other) > 0


def test_kl_training_runs_and_leaves_embeddings_alone(tmp_path: Path) -> None:
    states, tokens, is_open = _data()
    model = _model()
    embeddings = model.model.decoder.embed_tokens.weight.clone()
    config = train.TrainConfig(steps=2, batch=4, learning_rate=1e-2, rehearsal=0.5, kl_weight=1.0)
    losses = train.train_decoder(model, states, tokens, [1, 2], 0, config, tmp_path, is_open)
    assert len(losses) == 2 and all(np.isfinite(losses))
    assert torch.equal(model.model.decoder.embed_tokens.weight, embeddings)


def test_open_sentences_ship_and_the_rehearsal_count_follows_the_share() -> None:
    texts = dataset.open_sentences()
    assert len(texts) >= 200 and len(set(texts)) == len(texts)
    assert dataset.open_count(400, 0.5) == 400 and dataset.open_count(400, 0.0) == 0
    assert dataset.open_count(300, 0.25) == 100


def test_an_unknown_method_is_one_clear_error() -> None:
    with pytest.raises(BadInput, match="--method"):
        train.recipe_for("everything", 0.5, 0.0, None)
    assert train.recipe_for("lora", 0.5, 0.0, None).learning_rate == train.LEARNING_RATES["lora"]
