"""Freezing the loaded objects out of the cycle collector's walks."""

from __future__ import annotations

import gc

from sayso.runtime.heap import freeze_loaded


def test_objects_alive_at_the_freeze_are_no_longer_walked_and_garbage_went_first() -> None:
    class Node:
        partner: object = None

    kept = [Node() for _ in range(1000)]
    cycle = Node()
    cycle.partner = cycle  # garbage that only the collector frees
    del cycle
    try:
        frozen = freeze_loaded()
        assert frozen >= len(kept)
        tracked = {id(o) for o in gc.get_objects()}
        assert not any(id(node) in tracked for node in kept)  # exempt from later walks
        assert not any(type(o) is Node for o in gc.get_objects())  # the cycle was collected
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
    assert any(id(o) == id(kept[0]) for o in gc.get_objects())
