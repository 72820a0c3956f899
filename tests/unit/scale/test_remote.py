"""Failures of a remote engine call become one clear `EngineUnavailable` line."""

from __future__ import annotations

import pytest

from sayso.errors import EngineUnavailable
from sayso.scale.remote import _result


class Response:
    def __init__(self, error: Exception | None, value: object = None) -> None:
        self.error, self.value = error, value

    def result(self, timeout_s: float) -> object:
        if self.error is not None:
            raise self.error
        return self.value


def test_a_value_passes_through() -> None:
    assert _result(Response(None, 42), "ASR") == 42


@pytest.mark.parametrize(
    ("error", "says"),
    [(TimeoutError(), "did not answer"), (RuntimeError("actor died"), "ASR replica failed")],
)
def test_a_failed_call_is_one_line(error: Exception, says: str) -> None:
    with pytest.raises(EngineUnavailable, match=says) as info:
        _result(Response(error), "ASR")
    assert "\n" not in str(info.value)
