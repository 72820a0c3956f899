"""A missing training library fails with one line naming the extra."""

from __future__ import annotations

import pytest

from sayso.adapt.extra import require
from sayso.errors import EngineUnavailable


def test_missing_module_names_the_extra_in_one_line() -> None:
    with pytest.raises(EngineUnavailable) as caught:
        require("sayso_no_such_training_library")
    message = str(caught.value)
    assert "\n" not in message
    assert "sayso_no_such_training_library" in message and "sayso[adapt]" in message
