"""Render a labelled text set to a spoken manifest with every chosen TTS voice."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso import languages
from sayso.config import Settings
from sayso.errors import BadInput, EngineUnavailable
from sayso.evaluation.data.manifest import iter_jsonl
from sayso.evaluation.data.sources import LabelledText, Voice, synthesize_set
from sayso.evaluation.plan import dumps_line, read_texts, stratified

KNOWN_VOICES: Final[tuple[str, ...]] = ("piper", "espeak")
ESPEAK_WPM: Final[int] = 150
"""espeak-ng speaking rate for the second voice, words per minute."""


def tts_voice(engine: Any) -> Voice:
    """A loaded TTS engine as a `Voice` (text → samples, rate)."""

    def speak(text: str) -> tuple[np.ndarray, int]:
        chunks = [np.asarray(c, np.float32) for c in engine.synthesize(text)]
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        return audio, int(engine.capabilities.sample_rate)

    return speak


def load_voice(name: str, settings: Settings, language: str = "en") -> Voice:
    """Load voice `name` ("piper": the configured TTS; "espeak": espeak-ng in `language`)."""
    if name == "piper":
        from sayso import registry

        if not languages.same(language, settings.tts.language):
            raise BadInput(
                f"the piper voice speaks {settings.tts.language}, not {language}: "
                "use --voices espeak (or configure tts.voice and tts.language)"
            )
        engine = registry.create("tts", settings.tts.engine, settings.tts)
    elif name == "espeak":
        if shutil.which("espeak-ng") is None:
            raise EngineUnavailable("the espeak voice needs espeak-ng (apt-get install espeak-ng)")
        from sayso.tts.espeak import EspeakTts

        engine = EspeakTts(voice=languages.espeak_voice(language), wpm=ESPEAK_WPM)
    else:
        raise BadInput(f"unknown voice {name!r} (known: {', '.join(KNOWN_VOICES)})")
    engine.load()
    return tts_voice(engine)


def synthesize_texts(
    texts: Path,
    voices: Sequence[str],
    out_dir: Path,
    *,
    settings: Settings,
    limit: int | None = None,
    seed: int = 0,
    language: str = "en",
) -> Path:
    """Render `texts` (see `plan.read_texts`) with each voice; returns `out_dir/manifest.jsonl`.

    Ids are "<voice>-<index among the rendered texts>"; HA's test `context` is kept per line.
    """
    items = read_texts(texts)
    labelled = [
        (i, LabelledText(o["text"], o.get("intent"), dict(o.get("slots") or {})))
        for i, o in enumerate(items)
    ]
    # Stratify on the labels, then keep each chosen item's index so ids name the source line.
    chosen = _choose(labelled, limit, seed)
    if not voices:
        raise BadInput("--voices needs at least one voice")
    named = {name: load_voice(name, settings, language) for name in voices}
    manifest = synthesize_set([item for _, item in chosen], named, out_dir)
    return _add_context(manifest, [items[i] for i, _ in chosen], len(chosen))


def _choose(
    labelled: list[tuple[int, LabelledText]], limit: int | None, seed: int
) -> list[tuple[int, LabelledText]]:
    from sayso.evaluation.data.manifest import Utterance

    proxies = [
        Utterance(str(i), Path(), item.text, item.intent, item.slots) for i, item in labelled
    ]
    keep = {int(u.id) for u in stratified(proxies, limit, seed)}
    return [pair for pair in labelled if pair[0] in keep]


def _add_context(manifest: Path, sources: list[dict[str, Any]], per_voice: int) -> Path:
    lines = [obj for _, obj in iter_jsonl(manifest)]
    with manifest.open("w", encoding="utf-8") as out:
        for index, line in enumerate(lines):
            source = sources[index % per_voice]
            if source.get("context"):
                line["context"] = source["context"]
            out.write(dumps_line(line))
    return manifest
