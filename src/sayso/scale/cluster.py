"""Connect to a Ray cluster and deploy the engines as Ray Serve applications.

One application per engine, so each scales on its own (`Replicas`): recognition is the busiest
per live session, the LLM the heaviest per call. No Serve HTTP proxy is started: the front-end
calls replicas through deployment handles, so scale-out opens no new listening port of ours.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from typing import Any, Final

from sayso.config import Settings
from sayso.errors import EngineUnavailable
from sayso.scale.remote import RemoteAsr, RemoteLlm, RemoteTts

INSTALL_HINT: Final[str] = "pip install 'sayso[scale]' (Ray Serve)"
LOCAL: Final[str] = "local"
"""`--ray-address local`: start a single-machine Ray instance in this process."""
APP_PREFIX: Final[str] = "sayso-"


@dataclasses.dataclass(frozen=True)
class Replicas:
    """Replicas per engine and the CPUs each reserves."""

    asr: int = 1
    tts: int = 1
    llm: int = 1
    cpus_per_replica: float = 1.0


@dataclasses.dataclass
class RemoteEngines:
    """The deployed engines, as the assistant's `EngineSource`."""

    asr: RemoteAsr | None
    tts: RemoteTts | None
    llm: RemoteLlm | None

    def create(self, kind: str, config: Any) -> Any | None:
        """The remote engine of `kind` ("asr", "tts", "llm"), or None to build it in-process."""
        return {"asr": self.asr, "tts": self.tts, "llm": self.llm}.get(kind)


def connect(address: str) -> None:
    """Join the Ray cluster at `address` ("auto", "ray://host:10001", or "local")."""
    if importlib.util.find_spec("ray") is None or importlib.util.find_spec("ray.serve") is None:
        raise EngineUnavailable(f"scale-out is not installed: {INSTALL_HINT}")
    import ray

    if not ray.is_initialized():
        try:
            ray.init(address=None if address == LOCAL else address, log_to_driver=False,
                     include_dashboard=False)
        except (ConnectionError, RuntimeError, ValueError) as e:
            raise EngineUnavailable(f"cannot join the Ray cluster at {address}: {e}") from e


def deploy(settings: Settings, address: str, replicas: Replicas | None = None) -> RemoteEngines:
    """Deploy ASR, TTS and (unless `llm.engine` is none) the LLM; return their proxies."""
    connect(address)
    from ray import serve

    from sayso.llm.factory import resolve_engine
    from sayso.scale import replicas as rp

    counts = replicas or Replicas()
    serve.start(http_options={"location": "NoServer"})

    def run(cls: type, name: str, n: int) -> Any:
        options = {"num_cpus": counts.cpus_per_replica}
        deployment: Any = serve.deployment(cls)
        app = deployment.options(
            name=name, num_replicas=n, ray_actor_options=options
        ).bind(settings)
        return serve.run(app, name=APP_PREFIX + name, route_prefix=None)

    asr = RemoteAsr(run(rp.AsrReplica, "asr", counts.asr), settings.asr)
    tts = RemoteTts(run(rp.TtsReplica, "tts", counts.tts), settings.tts)
    llm = None
    if counts.llm > 0 and resolve_engine(settings.llm) != "none":
        llm = RemoteLlm(run(rp.LlmReplica, "llm", counts.llm))
    return RemoteEngines(asr, tts, llm)


def shutdown() -> None:
    """Remove sayso's applications (the cluster itself keeps running)."""
    from ray import serve

    for name in ("asr", "tts", "llm"):
        try:
            serve.delete(APP_PREFIX + name)
        except Exception:  # not deployed (LLM off) or the cluster is already gone
            continue
