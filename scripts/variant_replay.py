"""Replaying one transcription per clip under several settings of module constants.

Shared by `sole_variants.py` and `trailing_variants.py`: each clip (utterance × condition) is
transcribed once, and every variant (a list of `(module, constant, value)` to set) scores the
same recognition with `SluScorerFactory`, so variants differ only by what they change.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sayso.evaluation import engines

Variant = list[tuple[str, str, Any]]


class _CachingAsr:
    """The engine, with one transcription per (utterance, condition)."""

    def __init__(self, inner: Any, key: list[Any]) -> None:
        self.inner, self.key, self.cache = inner, key, {}  # type: ignore[var-annotated]

    def transcribe(self, audio: Any, request: Any) -> Any:
        if self.key[0] not in self.cache:
            self.cache[self.key[0]] = self.inner.transcribe(audio, request)
        return self.cache[self.key[0]]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def cache_transcriptions() -> list[Any]:
    """Make the evaluation's ASR transcribe each clip once; set `key[0]` to the clip's key."""
    key: list[Any] = [None]
    load = engines.load_asr
    shared: dict[str, _CachingAsr] = {}
    engines.load_asr = lambda s: shared.setdefault("asr", _CachingAsr(load(s), key))  # type: ignore[assignment]
    return key


@contextmanager
def patched(variant: Variant) -> Iterator[None]:
    """The variant's constants set for the block, restored after it."""
    saved = []
    for module, attr, value in variant:
        found = importlib.import_module(module)
        saved.append((found, attr, getattr(found, attr)))
        setattr(found, attr, value)
    try:
        yield
    finally:
        for found, attr, value in saved:
            setattr(found, attr, value)


def replay(
    score: Callable[..., dict[str, Any]], clips: Iterable[tuple[Any, Any, Any]], key: list[Any]
) -> tuple[list[dict[str, Any]], float]:
    """Score every clip (its cached transcription); the rows and the CPU seconds it took."""
    started = time.process_time()
    rows = []
    for utt, condition, audio in clips:
        key[0] = (utt.id, condition.name)
        rows.append(score(utt, condition.name, audio))
    return rows, time.process_time() - started
