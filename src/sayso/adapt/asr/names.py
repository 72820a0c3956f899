"""How CTranslate2's Whisper variables map onto `transformers` WhisperForConditionalGeneration.

CTranslate2 fuses attention projections: encoder and decoder self-attention keep q, k and v in one
`linear_0`, cross-attention keeps k and v in `linear_1`. Whisper's k projection has no bias
(CTranslate2 stores zeros there).
"""

from __future__ import annotations

from typing import Final

NORM_PARTS: Final[dict[str, str]] = {"gamma": "weight", "beta": "bias"}
"""CTranslate2 layer-norm parameter names → PyTorch's."""


def common(side: str) -> dict[str, str]:
    """Names outside the layers of the encoder or decoder (`side`), CTranslate2 → transformers."""
    hf = f"model.{side}"
    names = {
        f"{side}/position_encodings/encodings": f"{hf}.embed_positions.weight",
        f"{side}/layer_norm/gamma": f"{hf}.layer_norm.weight",
        f"{side}/layer_norm/beta": f"{hf}.layer_norm.bias",
    }
    if side == "encoder":
        for conv in ("conv1", "conv2"):
            for part in ("weight", "bias"):
                names[f"encoder/{conv}/{part}"] = f"{hf}.{conv}.{part}"
    else:
        names["decoder/embeddings/weight"] = f"{hf}.embed_tokens.weight"
    return names


def layer_plain(side: str, index: int) -> dict[str, str]:
    """One layer's unfused names (layer norms, feed-forward, output projections)."""
    ct, hf = f"{side}/layer_{index}", f"model.{side}.layers.{index}"
    pairs = {
        "self_attention/layer_norm": "self_attn_layer_norm",
        "ffn/layer_norm": "final_layer_norm",
        "ffn/linear_0": "fc1",
        "ffn/linear_1": "fc2",
        "self_attention/linear_1": "self_attn.out_proj",
    }
    if side == "decoder":
        pairs["attention/layer_norm"] = "encoder_attn_layer_norm"
        pairs["attention/linear_0"] = "encoder_attn.q_proj"
        pairs["attention/linear_2"] = "encoder_attn.out_proj"
    names = {}
    for ct_part, hf_part in pairs.items():
        if ct_part.endswith("layer_norm"):
            for ct_p, hf_p in NORM_PARTS.items():
                names[f"{ct}/{ct_part}/{ct_p}"] = f"{hf}.{hf_part}.{hf_p}"
        else:
            for p in ("weight", "bias"):
                names[f"{ct}/{ct_part}/{p}"] = f"{hf}.{hf_part}.{p}"
    return names


def layer_fused(side: str, index: int) -> dict[str, tuple[str, ...]]:
    """One layer's fused projections: CTranslate2 prefix → the transformers modules, in order."""
    ct, hf = f"{side}/layer_{index}", f"model.{side}.layers.{index}"
    fused = {
        f"{ct}/self_attention/linear_0": tuple(f"{hf}.self_attn.{p}_proj" for p in ("q", "k", "v"))
    }
    if side == "decoder":
        fused[f"{ct}/attention/linear_1"] = tuple(f"{hf}.encoder_attn.{p}_proj" for p in ("k", "v"))
    return fused
