"""The incremental Whisper decoder (stepper) against CTranslate2 itself, on real speech.

Reference numbers come from CTranslate2 run in float32 on the same float16 weights, so the two
differ only in summation order: measured up to 6e-5 per token log-probability on these clips.
The tolerances below (1e-3 per token, 5e-3 per text) leave room for other BLAS builds while
still catching any real mistake (a wrong scale, mask or bias moves log-probabilities by > 0.1).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sayso.asr.whisper.models import load_whisper_model
from sayso.asr.whisper.stepper import WhisperStepper
from sayso.asr.whisper.stepper_decode import SuppressRules, forced_log_probs, greedy_decode
from sayso.errors import BadInput, EngineUnavailable

from .speech_models import Clip, wer

pytestmark = pytest.mark.slow

TOKEN_TOLERANCE = 1e-3
TEXT_TOLERANCE = 5e-3
BATCH_TOLERANCE = 1e-4
"""Same numpy code, batched or not: only BLAS blocking differs."""
PAD_FRAMES = 1000
"""Feature frames (10 s) encoded after the speech, as the decoder does for tiny.en."""
MAX_NEW_TOKENS = 40
LONG_PROMPT_TOLERANCE = 0.1
"""The int8 stepper against float32 behind a 27-token prompt, per spoken sentence (measured up
to 0.06)."""
GRAPH_TOLERANCE = 0.5
"""The one-graph int8 step against the same maths layer by layer, on the likely tokens and the
caches. They differ by float32 rounding, but a rounding difference can flip a quantized value by
one step, and that spreads through the later layers: up to 0.37 nats on a search's likely tokens
(the review of round 41, on these clips). Without the causal mask the prompt's forced scores
moved by 7-10 nats."""
LIKELY_TOKENS = 20
"""Tokens per row compared: the reference's most likely (a flip moves unlikely ones more)."""
INT8_TEXT_TOLERANCE = 0.15
"""The int8 stepper against float32, per text: measured up to 0.11 on these clips (round 41; the
first prompt token quantized apart, `WhisperStepper._prefix_parts`). On 30 of Cathy's clips the
mean was 0.13 that way against 0.18 with the prompt in one call."""


@functools.cache
def _float32_model() -> Any:
    return load_whisper_model("tiny.en", "float32", 2)


def _encode(model: Any, audio: np.ndarray) -> tuple[np.ndarray, int]:
    from faster_whisper.audio import pad_or_trim

    features = model.feature_extractor(audio)
    content = min(features.shape[-1] - 1, 3000)
    frames = min(3000, content + PAD_FRAMES)
    encoded = model.encode(pad_or_trim(features[:, :frames], frames))
    return np.asarray(encoded), content


def _tokenizer(model: Any) -> Any:
    from faster_whisper.tokenizer import Tokenizer

    return Tokenizer(model.hf_tokenizer, False, "transcribe", "en")


def test_forced_text_log_probs_match_ctranslate2_align(clips: tuple[Clip, ...]) -> None:
    import ctranslate2

    model = _float32_model()
    stepper = WhisperStepper.for_model(model, exact=True)
    tok = _tokenizer(model)
    for clip in clips:
        encoded, content = _encode(model, clip.audio)
        tokens = tok.encode(" " + clip.text)
        # align() adds <|notimestamps|> itself and normalises over text tokens (ids < eot).
        aligned = model.model.align(
            ctranslate2.StorageView.from_array(encoded), list(tok.sot_sequence), [tokens], content
        )[0]
        expected = np.log(np.asarray(aligned.text_token_probs, np.float64))
        state, log_probs = stepper.start(encoded, [*tok.sot_sequence, tok.no_timestamps])
        got = []
        for token in tokens:
            text_only = log_probs[: tok.eot].astype(np.float64)
            got.append(log_probs[token] - np.log(np.exp(text_only).sum()))
            state, batch = stepper.step(state, [0], [token])
            log_probs = batch[0]
        assert np.abs(np.asarray(got) - expected).max() < TOKEN_TOLERANCE, clip.id
        assert abs(sum(got) - expected.sum()) < TEXT_TOLERANCE, clip.id


def test_greedy_decode_reproduces_ctranslate2(clips: tuple[Clip, ...]) -> None:
    import ctranslate2

    model = _float32_model()
    stepper = WhisperStepper.for_model(model, exact=True)
    tok = _tokenizer(model)
    rules = SuppressRules.for_tokenizer(tok)
    prompt = [*tok.sot_sequence, tok.no_timestamps]
    for clip in clips:
        encoded, _ = _encode(model, clip.audio)
        result = model.model.generate(
            ctranslate2.StorageView.from_array(encoded),
            [prompt],
            beam_size=1,
            max_length=len(prompt) + MAX_NEW_TOKENS,
            length_penalty=0.0,
            return_scores=True,
            suppress_blank=True,
            suppress_tokens=list(rules.always),
        )[0]
        tokens, score = greedy_decode(stepper, encoded, prompt, rules, MAX_NEW_TOKENS)
        assert tokens == list(result.sequences_ids[0]), clip.id
        # CTranslate2's score is the sum of log-probabilities renormalised after suppression.
        assert score == pytest.approx(result.scores[0], abs=TEXT_TOLERANCE), clip.id


def test_batched_step_with_parents_equals_one_by_one(clips: tuple[Clip, ...]) -> None:
    model = _float32_model()
    stepper = WhisperStepper.for_model(model, exact=True)
    tok = _tokenizer(model)
    encoded, content = _encode(model, clips[0].audio)
    encoded = encoded[:, : content // 2 + 100]  # cut to content + tail, as scorer.py does
    prompt = [*tok.sot_sequence, tok.no_timestamps]
    first = tok.encode(" The ship should")
    state, _ = stepper.start(encoded, prompt)
    state, _ = stepper.step(state, [0, 0, 0], first)  # three one-token hypotheses
    parents, tokens = [2, 0, 2, 1], [*first[::-1], first[0]]
    state, batched = stepper.step(state, parents, tokens)
    assert state.size == 4 and batched.shape == (4, stepper.vocab)
    for row, (parent, token) in enumerate(zip(parents, tokens, strict=True)):
        _, alone = stepper.start(encoded, [*prompt, first[parent], token])
        assert np.abs(batched[row] - alone).max() < BATCH_TOLERANCE
    # Extending again continues from the right caches.
    state, again = stepper.step(state, [3], [first[1]])
    _, alone = stepper.start(encoded, [*prompt, first[1], first[0], first[1]])
    assert np.abs(again[0] - alone).max() < BATCH_TOLERANCE


def test_int8_projection_stays_close_to_exact(clips: tuple[Clip, ...]) -> None:
    """The default (int8) stepper: about the same forced scores, the same greedy words.

    Text totals differ by up to `INT8_TEXT_TOLERANCE`; the
    greedy decode may flip a near tie (" President" / " president"), so words are compared
    after Whisper's normalisation.
    """
    model = _float32_model()
    exact = WhisperStepper.for_model(model, exact=True)
    fast = WhisperStepper.for_model(model)
    tok = _tokenizer(model)
    rules = SuppressRules.for_tokenizer(tok)
    prompt = [*tok.sot_sequence, tok.no_timestamps]
    for clip in clips:
        encoded, _ = _encode(model, clip.audio)
        forced = [*prompt, *tok.encode(" " + clip.text), tok.eot]
        assert _forced_score(fast, encoded, forced, len(prompt)) == pytest.approx(
            _forced_score(exact, encoded, forced, len(prompt)), abs=INT8_TEXT_TOLERANCE
        )
        tokens, _ = greedy_decode(exact, encoded, prompt, rules, MAX_NEW_TOKENS)
        fast_tokens, _ = greedy_decode(fast, encoded, prompt, rules, MAX_NEW_TOKENS)
        assert wer([tok.decode(tokens)], [tok.decode(fast_tokens)]) == 0.0, clip.id


def test_a_long_prompt_keeps_int8_scores_close_to_exact(
    clips: tuple[Clip, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a prompt of earlier words, the first position is quantized apart from the rest.

    Its hidden state has entries 2-10 times the other positions' largest (layer 0's MLP output:
    21.8 against 2.2); quantized in one call with the prompt's other positions it coarsened
    them all. Measured on these clips, the spoken sentence's forced score drifted from
    float32's by 0.01-0.06 apart, 0.002-0.15 in one call (summed: 0.10 against 0.21).
    """
    model = _float32_model()
    exact = WhisperStepper.for_model(model, exact=True)
    fast = WhisperStepper.for_model(model)
    tok = _tokenizer(model)
    earlier = tok.encode(" Zero, one, two, three, four, five, six, seven, eight, nine. Oh, ten.")
    prompt = [tok.sot_prev, *earlier, *tok.sot_sequence, tok.no_timestamps]
    spoken = []
    for clip in clips:
        encoded, _ = _encode(model, clip.audio)
        forced = [*prompt, *tok.encode(" " + clip.text), tok.eot]
        spoken.append((encoded, forced, _forced_score(exact, encoded, forced, len(prompt))))

    def drift() -> list[float]:
        return [abs(_forced_score(fast, e, f, len(prompt)) - want) for e, f, want in spoken]

    apart = drift()
    assert max(apart) < LONG_PROMPT_TOLERANCE, apart
    monkeypatch.setattr(fast, "_prefix_parts", lambda p: [np.asarray([p], np.intp)])
    assert sum(drift()) > sum(apart)  # the prompt in one call


def test_the_step_graph_computes_what_the_layers_do_one_by_one(clips: tuple[Clip, ...]) -> None:
    """The int8 stepper's one-graph step (`ort_step`) against its layer-by-layer form.

    Same weights, same quantization: behind a prompt of earlier words (its rest decoded in one
    call: the causal mask), then batched steps with reordered parents, the likely tokens' log-
    probabilities agree within `GRAPH_TOLERANCE`, and so do the caches.
    """
    model = _float32_model()
    fused = WhisperStepper.for_model(model)
    layered = WhisperStepper.for_model(model, fused=False)
    assert fused is not layered
    tok = _tokenizer(model)
    earlier = tok.encode(" Zero, one, two, three, four, five, six, seven, eight, nine. Oh, ten.")
    prompt = [tok.sot_prev, *earlier, *tok.sot_sequence, tok.no_timestamps]
    encoded, _ = _encode(model, clips[1].audio)
    first = tok.encode(" The ship should")
    states, rows = [], []
    for stepper in (fused, layered):
        state, start = stepper.start(encoded, prompt)
        state, extended = stepper.step(state, [0, 0, 0], first)
        state, batched = stepper.step(state, [2, 0, 2, 1], [*first[::-1], first[0]])
        state, again = stepper.step(state, [3, 3], first[:2])
        states.append(state)
        rows.append((start[None], extended, batched, again))
    for got, want in zip(*rows, strict=True):
        assert got.shape == want.shape
        likely = np.argsort(want, axis=-1)[:, -LIKELY_TOKENS:]
        gap = np.abs(np.take_along_axis(got - want, likely, axis=-1))
        assert gap.max() < GRAPH_TOLERANCE, gap.max()
    for (keys, values), (want_keys, want_values) in zip(
        states[0].self_kv, states[1].self_kv, strict=True
    ):
        assert keys.shape == want_keys.shape == (2, fused.heads, len(prompt) + 3, 64)
        assert np.abs(keys - want_keys).max() < GRAPH_TOLERANCE
        assert np.abs(values - want_values).max() < GRAPH_TOLERANCE


def _forced_score(
    stepper: WhisperStepper, encoded: np.ndarray, tokens: list[int], at: int
) -> float:
    state, log_probs = stepper.start(encoded, tokens[:at])
    total = 0.0
    for token in tokens[at:]:
        total += float(log_probs[token])
        state, batch = stepper.step(state, [0], [token])
        log_probs = batch[0]
    return total


def test_batched_forced_scores_equal_one_by_one(clips: tuple[Clip, ...]) -> None:
    model = _float32_model()
    stepper = WhisperStepper.for_model(model, exact=True)
    tok = _tokenizer(model)
    encoded, _ = _encode(model, clips[2].audio)
    prompt = [*tok.sot_sequence, tok.no_timestamps]
    texts = [
        [*tok.encode(" " + clips[2].text), tok.eot],
        tok.encode(" The ship"),
        [],
        [*tok.encode(" A sheep should be in"), tok.eot],
    ]
    batched = forced_log_probs(stepper, encoded, prompt, texts)
    for text, score in zip(texts, batched, strict=True):
        alone = _forced_score(stepper, encoded, [*prompt, *text], len(prompt)) if text else 0.0
        assert score == pytest.approx(alone, abs=BATCH_TOLERANCE * 10)
    assert batched[0] > batched[3]  # the spoken sentence beats a sound-alike


def test_weights_are_read_once_per_directory() -> None:
    model = _float32_model()
    stepper = WhisperStepper.for_model(model, exact=True)
    assert WhisperStepper.for_model(model, exact=True) is stepper


@pytest.mark.parametrize("content", [None, b"", b"\x06\x00\x00\x00garbage", b"\x07" * 64])
def test_bad_model_directory_is_one_line_error(tmp_path: Path, content: bytes | None) -> None:
    if content is not None:
        (tmp_path / "model.bin").write_bytes(content)
    with pytest.raises(EngineUnavailable) as info:
        WhisperStepper.from_dir(tmp_path)
    assert "\n" not in str(info.value) and str(tmp_path) in str(info.value)


def test_bad_calls_are_refused_with_one_line(clips: tuple[Clip, ...]) -> None:
    model = _float32_model()
    stepper = WhisperStepper.for_model(model, exact=True)
    encoded, content = _encode(model, clips[0].audio)
    encoded = encoded[:, : content // 2 + 100]
    state, _ = stepper.start(encoded, [50257, 50362])
    calls = [
        lambda: stepper.start(encoded[0], [50257]),  # not (1, frames, width)
        lambda: stepper.start(encoded, []),
        lambda: stepper.step(state, [1], [500]),  # parent out of range
        lambda: stepper.step(state, [0, 0], [500]),
        lambda: stepper.step(state, [0], [stepper.vocab]),
        lambda: stepper.start(encoded, [50257] * (len(stepper.positions) + 1)),
    ]
    for call in calls:
        with pytest.raises(BadInput) as info:
            call()
        assert "\n" not in str(info.value)


def test_a_model_not_loaded_by_sayso_is_refused() -> None:
    class Foreign:
        pass

    with pytest.raises(EngineUnavailable, match="not loaded by sayso"):
        WhisperStepper.for_model(Foreign())  # type: ignore[arg-type]
