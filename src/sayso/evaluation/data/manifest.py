"""The evaluation manifest: one JSON object per line describing an utterance.

Each line holds `audio` (a path relative to the manifest file), `text` (the reference transcript)
and optionally `intent`, `slots` (an object of slot name to value), `speaker` and `id`. A missing
`id` defaults to the audio path as written, which is unique within a manifest.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sayso.errors import BadInput

_OPTIONAL_STR_FIELDS = ("intent", "speaker")


@dataclasses.dataclass(frozen=True)
class Utterance:
    """One evaluation item: audio, its reference text and optional SLU labels."""

    id: str
    """Unique within the manifest; seeds per-utterance augmentation."""
    audio: Path
    """Absolute path of the audio file."""
    text: str
    """Reference transcript (not normalised)."""
    intent: str | None = None
    """Gold intent name; None means no intent is expected."""
    slots: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Gold slots, slot name to value."""
    speaker: str | None = None
    """Speaker or voice label, for per-speaker breakdowns."""


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; raise BadInput naming the bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadInput(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise BadInput(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
        yield lineno, obj


def read_manifest(path: str | os.PathLike[str]) -> list[Utterance]:
    """Read a manifest; audio paths are resolved against the manifest's folder."""
    manifest = Path(path)
    utterances: list[Utterance] = []
    seen: dict[str, int] = {}
    for lineno, obj in iter_jsonl(manifest):
        utt = _parse_line(obj, manifest.parent, f"{manifest}:{lineno}")
        if utt.id in seen:
            raise BadInput(
                f"{manifest}:{lineno}: duplicate id {utt.id!r} (first on line {seen[utt.id]})"
            )
        seen[utt.id] = lineno
        utterances.append(utt)
    return utterances


def _parse_line(obj: dict[str, Any], base: Path, where: str) -> Utterance:
    audio, text = obj.get("audio"), obj.get("text")
    if not isinstance(audio, str) or not audio:
        raise BadInput(f"{where}: 'audio' must be a non-empty string")
    if not isinstance(text, str):
        raise BadInput(f"{where}: 'text' must be a string")
    for field in _OPTIONAL_STR_FIELDS:
        if obj.get(field) is not None and not isinstance(obj[field], str):
            raise BadInput(f"{where}: '{field}' must be a string")
    slots = obj.get("slots") or {}
    if not isinstance(slots, dict):
        raise BadInput(f"{where}: 'slots' must be an object of slot name to value")
    utt_id = obj.get("id", audio)
    if not isinstance(utt_id, str | int) or isinstance(utt_id, bool):
        raise BadInput(f"{where}: 'id' must be a string")
    return Utterance(
        id=str(utt_id),
        audio=(base / audio).resolve(),
        text=text,
        intent=obj.get("intent"),
        slots=dict(slots),
        speaker=obj.get("speaker"),
    )


def utterance_to_dict(utt: Utterance, base: Path) -> dict[str, Any]:
    """The manifest line of `utt`, with its audio path made relative to `base`."""
    line: dict[str, Any] = {"id": utt.id, "audio": _relative(utt.audio, base), "text": utt.text}
    if utt.intent is not None:
        line["intent"] = utt.intent
    if utt.slots:
        line["slots"] = utt.slots
    if utt.speaker is not None:
        line["speaker"] = utt.speaker
    return line


def write_manifest(utterances: Iterable[Utterance], path: str | os.PathLike[str]) -> Path:
    """Write `utterances` as a manifest at `path` (folders created); returns the path."""
    manifest = Path(path)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    base = manifest.parent.resolve()
    with manifest.open("w", encoding="utf-8") as out:
        for utt in utterances:
            out.write(json.dumps(utterance_to_dict(utt, base), ensure_ascii=False) + "\n")
    return manifest


def _relative(audio: Path, base: Path) -> str:
    # POSIX separators keep manifests portable between machines.
    return Path(os.path.relpath(audio.resolve(), base)).as_posix()
