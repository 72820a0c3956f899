"""The stage in a real pipeline, and the settings factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from sayso.actions import ActionHandler, open_actions
from sayso.actions.stage import ActionStage
from sayso.config import load_settings
from sayso.events import ActionResult, EndOfStream, Event, ReplyText
from sayso.pipeline.runner import Pipeline

from .conftest import make_intent, state_of


async def test_stage_turns_intents_into_results(handler: ActionHandler) -> None:
    intent = make_intent("HassTurnOn", name="light.kitchen")
    other = ReplyText(text="passes through")

    async def source() -> AsyncIterator[Event]:
        yield intent
        yield other
        yield EndOfStream()

    out = [e async for e in Pipeline([ActionStage(handler)]).run(source())]
    results = [e for e in out if isinstance(e, ActionResult)]
    assert len(results) == 1
    assert results[0].success and results[0].turn_id == "t1"
    assert results[0].t_source == intent.t_created
    assert other in out and isinstance(out[-1], EndOfStream)


def test_open_actions_uses_settings(tmp_path: Path) -> None:
    settings = load_settings(
        home={"db_path": str(tmp_path / "x.sqlite3"), "timezone": "Europe/Paris"}
    )
    handler = open_actions(settings)
    assert handler.home.contacts == ("Alice", "Bob", "Mum", "Dad")
    assert str(handler.clock.now().tzinfo) == "Europe/Paris"
    assert handler.handle(make_intent("HassTurnOn", name="light.hallway")).success
    handler.store.close()
    again = open_actions(settings)  # persisted state wins over the demo file's "off"
    assert state_of(again.store, "light.hallway")[0] == "on"
    again.store.close()
