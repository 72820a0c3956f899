"""Ray Data gives the same per-utterance rows as a local run; batch transcription resumes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sayso.config import Settings
from sayso.evaluation.batch import BatchJob, pending, run_batch
from sayso.evaluation.data.manifest import read_manifest
from sayso.evaluation.engines import AsrScorerFactory
from sayso.evaluation.plan import build_conditions
from sayso.evaluation.runner import run_rows

ray = pytest.importorskip("ray")

TIMING = ("elapsed_s",)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in TIMING} for row in rows]


def test_ray_rows_equal_local_rows(
    local_ray: None, speech_manifest: Path, noise_manifest: Path
) -> None:
    utterances = read_manifest(speech_manifest)[:2]
    conditions = build_conditions(noise=noise_manifest, snrs=[5.0])
    factory = AsrScorerFactory(Settings())
    local = run_rows(utterances, conditions, factory, seed=3, progress=False)
    on_ray = run_rows(utterances, conditions, factory, seed=3, progress=False, ray=True)
    assert [(r["id"], r["condition"]) for r in on_ray] == [(r["id"], r["condition"]) for r in local]
    assert _comparable(on_ray) == _comparable(local)


def test_batch_transcription_resumes(clips_dir: Path, tmp_path: Path) -> None:
    job = BatchJob(clips_dir, tmp_path / "out", "txt", Settings())
    first = run_batch(job, progress=False)
    assert (first.done, first.skipped, first.failed) == (2, 0, ())
    outputs = sorted((tmp_path / "out").rglob("*.txt"))
    assert [p.relative_to(tmp_path / "out").parent.name for p in outputs] == ["", "sub"]
    # An interrupted run leaves at most a temporary file, never a partial output.
    outputs[1].unlink()
    (outputs[1].parent / f".{outputs[1].name}.x.part").write_text("half", encoding="utf-8")
    assert len(pending(job)[0]) == 1
    (clips_dir / "broken.wav").write_bytes(b"not audio")
    second = run_batch(job, progress=False)
    assert (second.done, second.skipped, len(second.failed)) == (1, 1, 1)
    assert "broken.wav" in second.failed[0]
    assert outputs[1].read_text(encoding="utf-8").strip()


def test_batch_transcription_on_ray(local_ray: None, clips_dir: Path, tmp_path: Path) -> None:
    job = BatchJob(clips_dir, tmp_path / "out", "json", Settings())
    stats = run_batch(job, ray=True, progress=False)
    assert (stats.done, stats.skipped) == (2, 0)
    assert run_batch(job, ray=True, progress=False).skipped == 2
