"""Scale-out on a real Ray cluster (a head and one worker node, on loopback) with real models.

The engines run as Ray Serve replicas in other processes; the assistant in this process keeps
sessions, understanding, actions and state, and runs the same turn code as with local engines.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.audio.io import resample
from sayso.config import Settings
from sayso.constants import SAMPLE_RATE

from ...conftest import DETERMINISTIC_TTS
from ..conftest import LEAD_SILENCE_S

pytest.importorskip("ray.serve", reason="the scale extra is not installed")

SRC = str(Path(__file__).resolve().parents[3] / "src")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    # Ray binds its services to the machine's address unless told this is not a cluster
    # setting: keep the test on loopback. The node processes inherit the environment, so the
    # replicas import the code under test.
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))
    import ray
    from ray._private import ray_constants
    from ray.cluster_utils import Cluster

    ray_constants.ENABLE_RAY_CLUSTER = False  # in case ray was imported before the line above
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    c.add_node(num_cpus=2)
    yield c
    from ray import serve

    serve.shutdown()
    ray.shutdown()
    c.shutdown()


@pytest.fixture(scope="module")
def assistant(cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    from sayso.scale.cluster import Replicas, deploy

    settings = Settings(data_dir=str(tmp_path_factory.mktemp("ray-state")), tts=DETERMINISTIC_TTS)
    engines = deploy(settings, cluster.address, Replicas(asr=1, tts=1, llm=1))
    a = Assistant(settings, engines).load()
    yield a
    a.close()


async def test_a_spoken_command_is_heard_and_answered_by_replicas(assistant: Assistant) -> None:
    from sayso.scale.remote import RemoteAsr, RemoteTts

    assert isinstance(assistant.asr, RemoteAsr) and isinstance(assistant.tts, RemoteTts)
    tts = assistant.tts
    # Remote calls block: off the event loop, as the assistant's own inference threads do.
    chunks = await asyncio.to_thread(list, tts.synthesize("Turn on the kitchen light."))
    said = np.concatenate(chunks)
    pad = np.zeros(round(LEAD_SILENCE_S * SAMPLE_RATE), np.float32)  # as a person leaves
    audio = np.concatenate([pad, resample(said, tts.capabilities.sample_rate, SAMPLE_RATE), pad])
    result = await assistant.run_turn(audio)
    assert result.errors == []
    assert result.transcript is not None and "kitchen" in result.transcript.text.lower()
    assert result.action is not None and result.action.intent == "HassTurnOn", (
        result.transcript.text, result.intent, result.no_intent, result.reply_text)
    assert result.reply_text and sum(len(a) for a in result.audio) > 0
    engines = (assistant.asr, tts)
    served = [await asyncio.to_thread(e._handle.where.remote().result) for e in engines]
    assert all(s["pid"] != os.getpid() for s in served)  # the models ran in replicas


async def test_a_question_goes_to_the_llm_replica_and_changes_nothing(
    assistant: Assistant, cluster: Any
) -> None:
    import ray

    from sayso.scale.remote import RemoteLlm

    assert isinstance(assistant.llm, RemoteLlm)
    result = await assistant.run_text("What is the capital of France?")
    assert result.errors == []
    assert result.reply_text  # an honest short answer, spoken
    assert result.action is None or not result.action.changes
    assert len([n for n in ray.nodes() if n["Alive"]]) == 2  # head + worker
