"""Few-shot examples chosen per request: the pool's nearest neighbours by sentence embedding.

A 270M base model copies the pattern of the examples just above the request far more than it
reads the tool list, so the examples that look most like the request are put last, closest to it.
A few answers in words are always among them, so the model keeps seeing that "no tool" is an
option. The pool's vectors are cached on disk: embedding it costs seconds, a request a few ms.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import numpy as np

from sayso.llm.embed import MiniLmEmbedder
from sayso.llm.prompt import SAY_PREFIX, Shot

log = logging.getLogger(__name__)

NEAREST: Final[int] = 8
"""Examples retrieved per request."""
MIN_ANSWERS: Final[int] = 2
"""Answers in words among them at least (the nearest ones of that kind)."""
MAX_PER_TOOL: Final[int] = 2
"""Examples of one tool at most: sentence embeddings barely tell "switch the light on" from
"...off", so the nearest examples of a request for one tool are often all of its opposite."""


def cache_dir() -> Path:
    """Where the pool's vectors are kept ($XDG_CACHE_HOME/sayso, else ~/.cache/sayso)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sayso"


class ShotRetriever:
    """The `NEAREST` pool examples most similar to a request, least similar first."""

    def __init__(
        self, pool: Sequence[Shot], embedder: MiniLmEmbedder | None = None, *,
        nearest: int = NEAREST, min_answers: int = MIN_ANSWERS, max_per_tool: int = MAX_PER_TOOL,
        cache: Path | None = None,
    ) -> None:
        self.pool = list(pool)
        self.embedder = embedder or MiniLmEmbedder()
        self.nearest = nearest
        self.min_answers = min_answers
        self.max_per_tool = max_per_tool
        self.cache = cache
        self._vectors: np.ndarray | None = None

    def load(self) -> ShotRetriever:
        """Load the embedder and the pool's vectors (from the cache when it has them)."""
        self.embedder.load()
        texts = [s.request for s in self.pool]
        key = hashlib.sha256(json.dumps(texts).encode()).hexdigest()[:16]
        path = (self.cache or cache_dir()) / f"shot-vectors-{key}.npy"
        if path.is_file():
            self._vectors = np.load(path)
            return self
        self._vectors = self.embedder.embed(texts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, self._vectors)
        except OSError as exc:  # a read-only home: recomputed next time, nothing breaks
            log.info("cannot cache shot vectors: %s", exc)
        return self

    def __call__(self, request: str, tools: Sequence[str] | None = None) -> list[Shot]:
        """The examples for `request`, only of `tools` (None: any), most similar last."""
        if self._vectors is None:
            self.load()
        assert self._vectors is not None
        similarity = self._vectors @ self.embedder.embed([request])[0]
        order = self._diverse([i for i in np.argsort(-similarity) if _usable(self.pool[i], tools)])
        answers = [i for i in order if self.pool[i].output.startswith(SAY_PREFIX)]
        chosen = list(order[: self.nearest])
        missing = self.min_answers - sum(1 for i in chosen if i in answers)
        if missing > 0:
            extra = [i for i in answers if i not in chosen][:missing]
            chosen = chosen[: self.nearest - len(extra)] + extra
        chosen.sort(key=lambda i: similarity[i])
        return [self.pool[i] for i in chosen]


    def _diverse(self, order: list[int]) -> list[int]:
        """`order` without the examples beyond `max_per_tool` of one tool."""
        seen: dict[str, int] = {}
        kept = []
        for i in order:
            kind = _tool_of(self.pool[i])
            seen[kind] = seen.get(kind, 0) + 1
            if kind == "" or seen[kind] <= self.max_per_tool:
                kept.append(i)
        return kept


def _tool_of(shot: Shot) -> str:
    """The tool of a call example; "" for an answer in words."""
    if shot.output.startswith(SAY_PREFIX):
        return ""
    return str(json.loads(shot.output).get("tool"))


def _usable(shot: Shot, tools: Sequence[str] | None) -> bool:
    return tools is None or _tool_of(shot) in ("", *tools)
