"""Write LoRA weights as a GGUF adapter that llama.cpp applies to the unchanged base GGUF.

What llama.cpp's adapter loader (llama-adapter.cpp) expects, and what this writes:
* metadata `general.type = "adapter"`, `general.architecture` equal to the base model's
  (`gemma3`), `adapter.type = "lora"` and `adapter.lora.alpha` (float32); llama.cpp scales each
  update by alpha / rank, rank being read off the tensors;
* for every adapted base tensor `<name>` (llama.cpp naming, e.g. `blk.3.attn_q.weight`) a pair
  `<name>.lora_a` and `<name>.lora_b`, with ggml shapes a = [in, rank] and b = [rank, out] — in
  numpy (row-major) order exactly PyTorch's `lora_A.weight` [rank, in] and `lora_B.weight`
  [out, rank], so no transposition is needed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from sayso.errors import ConfigError

ARCHITECTURE = "gemma3"
"""llama.cpp architecture name of the embedded model."""
MODULE_NAMES = {
    "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
"""transformers module path inside a block → llama.cpp tensor name."""
_PEFT_NAME = re.compile(r"layers\.(\d+)\.(\w+\.\w+)\.lora_([AB])\.weight$")


def gguf_name(peft_name: str) -> str:
    """llama.cpp name of one peft LoRA tensor, e.g. `blk.0.attn_q.weight.lora_a`."""
    match = _PEFT_NAME.search(peft_name)
    if match is None or match[2] not in MODULE_NAMES:
        raise ConfigError(f"no llama.cpp tensor for LoRA weight {peft_name}")
    return f"blk.{match[1]}.{MODULE_NAMES[match[2]]}.weight.lora_{match[3].lower()}"


def write_adapter(path: Path, weights: Mapping[str, Any], alpha: float, *,
                  name: str = "sayso brain adapter") -> None:
    """Write `weights` (peft names → tensors or arrays) as a GGUF LoRA adapter at `path`."""
    import gguf  # deferred: part of the adapt extra

    tmp = path.with_name(path.name + ".tmp")
    writer = gguf.GGUFWriter(str(tmp), arch=ARCHITECTURE)
    writer.add_type("adapter")
    writer.add_name(name)
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", float(alpha))
    for peft_name in sorted(weights):
        array = _array(weights[peft_name])
        writer.add_tensor(gguf_name(peft_name), array)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(tmp, path)


def _array(value: Any) -> np.ndarray:
    """A contiguous float32 array from a torch tensor or an array."""
    if hasattr(value, "detach"):
        value = value.detach().to("cpu").float().numpy()
    return np.ascontiguousarray(value, dtype=np.float32)
