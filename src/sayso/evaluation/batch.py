"""Bulk transcription of a folder that resumes where it stopped, here or on Ray.

Every transcript is written to a temporary name and renamed into place (`os.replace` is atomic on
one filesystem), so an output that exists is complete: a rerun skips it. A file that cannot be
decoded is reported and skipped, never fatal to the batch.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from sayso.config import Settings
from sayso.errors import BadInput
from sayso.evaluation.progress import ProgressBar

AUDIO_SUFFIXES: Final[frozenset[str]] = frozenset(
    {".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".webm"}
)


@dataclasses.dataclass(frozen=True)
class BatchJob:
    """Where inputs come from and where transcripts go; picklable for Ray workers."""

    in_dir: Path
    out_dir: Path
    fmt: str = "txt"
    settings: Settings = dataclasses.field(default_factory=Settings)

    def output_for(self, audio: Path) -> Path:
        """The transcript path of `audio`: same relative path, suffix of the format."""
        suffix = "json" if self.fmt == "verbose_json" else self.fmt
        return (self.out_dir / audio.relative_to(self.in_dir)).with_suffix(f".{suffix}")


@dataclasses.dataclass(frozen=True)
class BatchStats:
    """What a batch run did."""

    done: int
    """Transcripts written in this run."""
    skipped: int
    """Inputs whose transcript already existed."""
    failed: tuple[str, ...]
    """"path: reason" of inputs that could not be transcribed."""


def find_audio(in_dir: Path) -> list[Path]:
    """Audio files under `in_dir`, sorted."""
    if not in_dir.is_dir():
        raise BadInput(f"--batch needs a folder, got {in_dir}")
    return sorted(p for p in in_dir.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)


def pending(job: BatchJob) -> tuple[list[Path], int]:
    """(inputs still to transcribe, inputs already done)."""
    files = find_audio(job.in_dir)
    todo = [p for p in files if not job.output_for(p).exists()]
    return todo, len(files) - len(todo)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_transcriber(job: BatchJob) -> Callable[[Path], str | None]:
    """Load the engine; the returned function transcribes one file and writes its output.

    It returns None on success or a one-line reason when the file could not be read.
    """
    from sayso.asr.base import AsrRequest
    from sayso.asr.formats import render
    from sayso.audio.io import load_audio
    from sayso.evaluation.engines import load_asr

    engine = load_asr(job.settings)
    max_s = job.settings.audio.max_seconds

    def one(audio: Path) -> str | None:
        try:
            samples = load_audio(audio, max_seconds=max_s)
        except BadInput as exc:
            return exc.message
        write_atomic(
            job.output_for(audio), render(engine.transcribe(samples, AsrRequest()), job.fmt)
        )
        return None

    return one


def run_batch(
    job: BatchJob, *, ray: bool = False, ray_address: str | None = None, progress: bool = True
) -> BatchStats:
    """Transcribe every input that has no output yet."""
    todo, skipped = pending(job)
    if not todo:
        return BatchStats(0, skipped, ())
    if ray or ray_address:
        failures = _on_ray(job, todo, ray_address, progress)
    else:
        one = make_transcriber(job)
        failures = []
        with ProgressBar(len(todo), "transcribing", enabled=progress) as bar:
            for audio in todo:
                reason = one(audio)
                if reason is not None:
                    failures.append(f"{audio}: {reason}")
                bar.advance()
    return BatchStats(len(todo) - len(failures), skipped, tuple(failures))


class _RayTranscriber:
    """A Ray Data actor: one engine per worker; writes outputs itself, so progress survives."""

    def __init__(self, job: BatchJob) -> None:
        self._one = make_transcriber(job)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        reasons = [self._one(Path(str(p))) or "" for p in batch["path"]]
        return {"path": batch["path"], "reason": np.asarray(reasons, dtype=object)}


def _on_ray(job: BatchJob, todo: Sequence[Path], address: str | None, progress: bool) -> list[str]:
    from sayso.evaluation.ray_eval import ray_ready

    ray = ray_ready(address)
    workers = max(1, min(len(todo), int(ray.cluster_resources().get("CPU", 1))))
    dataset: Any = ray.data.from_items([{"path": str(p)} for p in todo]).map_batches(
        _RayTranscriber,
        fn_constructor_kwargs={"job": job},
        batch_size=1,
        concurrency=workers,
        num_cpus=1,
    )
    failures: list[str] = []
    with ProgressBar(len(todo), "transcribing (Ray)", enabled=progress) as bar:
        for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
            failures += [
                f"{p}: {r}" for p, r in zip(batch["path"], batch["reason"], strict=True) if r
            ]
            bar.advance(len(batch["path"]))
    return failures
