"""Training speech rendered as Ray tasks on a cluster (`sayso adapt asr --ray-address`).

Rendering and augmenting the clips is most of a run's data preparation and every clip is
independent, so it spreads over a cluster's CPUs; encoding and training stay in this process.
The clips are the ones this process would render with the same seed (`dataset.RenderJob`):
each task renders a list of indices, and a voice with state (Piper) is rendered by one task
that speaks all of its clips in index order from a fresh load, as this process does.

The cluster's nodes need sayso (and the voices) installed, as for `sayso serve --ray-address`;
the noise folder must be readable at the same path on every node.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
from collections.abc import Iterator
from typing import Any, Final

from sayso.adapt.asr.dataset import Clip, RenderJob
from sayso.adapt.asr.voices import Speaker
from sayso.errors import BadInput, EngineUnavailable
from sayso.evaluation.progress import ProgressBar

INSTALL_HINT: Final[str] = "pip install 'sayso[scale]'"
LOCAL: Final[str] = "local"
"""`--ray-address local`: start a single-machine Ray instance in this process."""
AUTO: Final[str] = "auto"
"""`--ray-address auto`: the cluster this machine belongs to (`ray start` was run here)."""
PROBE_TIMEOUT_S: Final[float] = 5.0
"""How long to wait for the cluster's port: `ray.init` retries an unreachable one for minutes."""
CLIENT_PORT: Final[int] = 10001
"""Ray Client's port, when a `ray://` address names none."""
GCS_PORT: Final[int] = 6379
"""The head node's port, when a plain address names none."""
CHUNK: Final[int] = 16
"""Clips per task for voices without state (a task's start-up is a voice load, ~0.1 s)."""


def connect(address: str) -> None:
    """Join the Ray cluster at `address` ("auto", "local", "HOST:PORT", "ray://HOST:PORT")."""
    if importlib.util.find_spec("ray") is None:
        raise EngineUnavailable(f"--ray-address needs Ray, which is not installed: {INSTALL_HINT}")
    _probe(address)
    import ray

    if ray.is_initialized():
        return
    try:
        ray.init(
            address=None if address == LOCAL else address,
            log_to_driver=False,
            include_dashboard=False,
            logging_level=logging.WARNING,
        )
    except (ConnectionError, RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineUnavailable(f"cannot join the Ray cluster at {address}: {first}") from None


def disconnect() -> None:
    """Leave the cluster (and stop the instance `local` started); the cluster keeps running."""
    import ray

    if ray.is_initialized():
        ray.shutdown()


def _probe(address: str) -> None:
    """Fail fast, with one line, when nothing listens at `address`."""
    if address in (LOCAL, AUTO):
        return  # `auto` fails fast by itself when this machine runs no cluster
    client = address.startswith("ray://")
    host, _, port_text = address.removeprefix("ray://").rpartition(":")
    if not host:
        host, port_text = port_text, ""
    try:
        port = int(port_text) if port_text else (CLIENT_PORT if client else GCS_PORT)
    except ValueError:
        raise BadInput(f"--ray-address {address}: the port must be a number") from None
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_S):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__.lower()
        raise EngineUnavailable(f"cannot reach the Ray cluster at {address}: {reason}") from None


def work_units(job: RenderJob, chunk: int = CHUNK) -> list[list[int]]:
    """Clip indices per task: all of a stateful voice's clips together, the rest in chunks."""
    by_voice: dict[str, list[int]] = {}
    stateless: list[int] = []
    for index in range(job.count):
        spec = job.voice_of(index)
        (by_voice.setdefault(spec.name, []) if spec.stateful else stateless).append(index)
    # Stateful voices first: they are the longest tasks.
    return [
        *by_voice.values(),
        *(stateless[k : k + chunk] for k in range(0, len(stateless), chunk)),
    ]


def render_unit(job: RenderJob, indices: list[int]) -> list[Clip]:
    """One task's clips, from freshly loaded voices (runs on a cluster node)."""
    speakers: dict[str, Speaker] = {}
    return [job.render(index, speakers) for index in indices]


def render_on_ray(
    job: RenderJob, description: str = "rendering training speech", *, chunk: int = CHUNK
) -> Iterator[Clip]:
    """Every clip of `job` in index order; the tasks are submitted now, before iteration."""
    import ray

    units = work_units(job, chunk)
    shared = ray.put(job)
    task = ray.remote(num_cpus=1)(render_unit)
    refs: list[Any] = [task.remote(shared, unit) for unit in units]
    return _collect(job.count, units, refs, description)


def _collect(
    count: int, units: list[list[int]], refs: list[Any], description: str
) -> Iterator[Clip]:
    import ray

    place = {index: (u, pos) for u, unit in enumerate(units) for pos, index in enumerate(unit)}
    left = [len(unit) for unit in units]
    fetched: dict[int, list[Clip]] = {}
    with ProgressBar(count, description) as bar:
        for index in range(count):
            u, pos = place[index]
            if u not in fetched:
                fetched[u] = _get(ray, refs[u])
            yield fetched[u][pos]
            left[u] -= 1
            if not left[u]:  # every clip of the task handed on: free it here and in the store
                del fetched[u]
                refs[u] = None
            bar.advance()


def _get(ray: Any, ref: Any) -> list[Clip]:
    try:
        return list(ray.get(ref))
    except ray.exceptions.RayError as exc:
        cause = getattr(exc, "cause", None) or exc
        first = str(cause).strip().splitlines()[-1] if str(cause).strip() else type(cause).__name__
        raise EngineUnavailable(f"rendering on the Ray cluster failed: {first}") from None
