"""Whisper weights between CTranslate2 (serving) and `transformers` (training), losslessly.

CTranslate2 → transformers is ours (the stepper's `asr/whisper/ct2_weights` reader +
`names`); transformers → CTranslate2 is CTranslate2's own `TransformersConverter`. The side
files a serving directory needs and training never changes (tokenizer, vocabulary, decoding
config) are copied from the base model, so an adapted model decodes exactly like the base apart
from its weights.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any, Final

import numpy as np
from tokenizers import Tokenizer

from sayso.adapt.asr import names
from sayso.adapt.extra import require
from sayso.asr.whisper.ct2_weights import read_variables
from sayso.asr.whisper.merges import repaired
from sayso.errors import BadInput

MODEL_FILE: Final[str] = "model.bin"
SIDE_FILES: Final[tuple[str, ...]] = ("config.json", "tokenizer.json")
"""Side files of a CTranslate2 Whisper directory copied through unchanged (the converter writes
the same vocabulary itself, as vocabulary.json)."""
SOT, EOT, NO_TIMESTAMPS = "<|startoftranscript|>", "<|endoftext|>", "<|notimestamps|>"


def _count_layers(variables: dict[str, np.ndarray], side: str) -> int:
    pattern = re.compile(rf"^{side}/layer_(\d+)/")
    return 1 + max(int(m.group(1)) for k in variables if (m := pattern.match(k)))


def hf_state_dict(variables: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """CTranslate2 Whisper variables → (transformers state dict in float32, model dimensions)."""
    if "encoder/conv1/weight" not in variables:
        raise BadInput("not a CTranslate2 Whisper model (no encoder/conv1)")
    if any(k.endswith("weight_scale") for k in variables):
        raise BadInput("the base model is quantised (int8); start from a float16/float32 model")
    dims = {
        "encoder_layers": _count_layers(variables, "encoder"),
        "decoder_layers": _count_layers(variables, "decoder"),
        "encoder_attention_heads": int(variables["encoder/num_heads"]),
        "decoder_attention_heads": int(variables["decoder/num_heads"]),
        "d_model": int(variables["encoder/conv1/weight"].shape[0]),
        "num_mel_bins": int(variables["encoder/conv1/weight"].shape[1]),
        "vocab_size": int(variables["decoder/embeddings/weight"].shape[0]),
        "max_source_positions": int(variables["encoder/position_encodings/encodings"].shape[0]),
        "max_target_positions": int(variables["decoder/position_encodings/encodings"].shape[0]),
        "encoder_ffn_dim": int(variables["encoder/layer_0/ffn/linear_0/weight"].shape[0]),
        "decoder_ffn_dim": int(variables["decoder/layer_0/ffn/linear_0/weight"].shape[0]),
    }
    mapping: dict[str, str] = {}
    fused: dict[str, tuple[str, ...]] = {}
    for side in ("encoder", "decoder"):
        mapping |= names.common(side)
        for i in range(dims[f"{side}_layers"]):
            mapping |= names.layer_plain(side, i)
            fused |= names.layer_fused(side, i)
    state = {hf: variables[ct].astype(np.float32) for ct, hf in mapping.items()}
    for prefix, targets in fused.items():
        weights = np.split(variables[f"{prefix}/weight"].astype(np.float32), len(targets))
        biases = np.split(variables[f"{prefix}/bias"].astype(np.float32), len(targets))
        for target, weight, bias in zip(targets, weights, biases, strict=True):
            state[f"{target}.weight"] = weight
            if not target.endswith("k_proj"):  # Whisper's key projection has no bias
                state[f"{target}.bias"] = bias
    state["proj_out.weight"] = state["model.decoder.embed_tokens.weight"]
    return state, dims


def ct2_to_hf(model_dir: Path, out_dir: Path) -> Path:
    """Write a transformers checkpoint (+ tokenizer) for the CTranslate2 Whisper in `model_dir`."""
    torch = require("torch")
    transformers = require("transformers")
    variables = read_variables(model_dir / MODEL_FILE, lambda _name: True)
    state, dims = hf_state_dict(variables)
    ct2_config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    # Repaired as at serving (`asr/whisper/merges.py`): the packaged base's file lost a merge,
    # and training on its spelling (" " + "the") would teach the model to write it.
    words = repaired(Tokenizer.from_file(str(model_dir / "tokenizer.json")))
    tokenizer = transformers.WhisperTokenizerFast(tokenizer_object=words)
    config = transformers.WhisperConfig(
        **dims,
        decoder_start_token_id=tokenizer.convert_tokens_to_ids(SOT),
        bos_token_id=tokenizer.convert_tokens_to_ids(SOT),
        eos_token_id=tokenizer.convert_tokens_to_ids(EOT),
        pad_token_id=tokenizer.convert_tokens_to_ids(EOT),
        suppress_tokens=ct2_config.get("suppress_ids"),
        begin_suppress_tokens=ct2_config.get("suppress_ids_begin"),
    )
    model = transformers.WhisperForConditionalGeneration(config)
    tensors = {k: torch.from_numpy(v) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    # The only parameter left unset is proj_out, tied to the embeddings by the config.
    if unexpected or [m for m in missing if m != "proj_out.weight"]:
        raise BadInput(f"weight names do not match: missing {missing}, unexpected {unexpected}")
    model.generation_config = _generation_config(transformers, config, ct2_config, tokenizer)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    transformers.WhisperFeatureExtractor(feature_size=dims["num_mel_bins"]).save_pretrained(out_dir)
    for side in SIDE_FILES:
        shutil.copyfile(model_dir / side, out_dir / f"ct2-{side}")
    return out_dir


def _generation_config(transformers: Any, config: Any, ct2_config: dict[str, Any], tok: Any) -> Any:
    generation = transformers.GenerationConfig.from_model_config(config)
    generation.alignment_heads = ct2_config.get("alignment_heads")
    generation.no_timestamps_token_id = tok.convert_tokens_to_ids(NO_TIMESTAMPS)
    lang_ids = ct2_config.get("lang_ids") or []
    if lang_ids:
        generation.lang_to_id = {tok.convert_ids_to_tokens(i): i for i in lang_ids}
    return generation


def hf_to_ct2(hf_dir: Path, out_dir: Path, quantization: str = "float16") -> Path:
    """Convert a transformers Whisper checkpoint with CTranslate2's converter into `out_dir`."""
    require("transformers")
    from ctranslate2.converters import TransformersConverter

    TransformersConverter(str(hf_dir)).convert(str(out_dir), quantization=quantization, force=True)
    # Decoding behaviour (suppressed tokens, alignment heads, language ids) stays the base model's.
    for side in SIDE_FILES:
        source = hf_dir / f"ct2-{side}"
        if source.is_file():
            shutil.copyfile(source, out_dir / side)
    return out_dir
