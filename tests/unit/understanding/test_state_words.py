"""`responses.state_word`: a device's state as the reply's language says it."""

from __future__ import annotations

import pytest

from sayso.understanding.responses import state_word


def _state(domain: str, raw: str, device_class: str | None = None) -> dict[str, object]:
    attributes = {"device_class": device_class} if device_class else {}
    return {"domain": domain, "state_with_unit": raw, "attributes": attributes}


@pytest.mark.parametrize(
    ("state", "language", "said"),
    [
        (_state("light", "off"), "es", "apagado"),
        (_state("media_player", "playing"), "es", "reproduciendo"),
        (_state("binary_sensor", "off", "moisture"), "es", "seco"),
        (_state("binary_sensor", "on", "plug"), "es", "enchufado"),
        (_state("binary_sensor", "off", "no_such_class"), "es", "apagado"),
        (_state("light", "off"), "zh-cn", "关闭"),
        (_state("light", "off"), "de", None),  # German templates say it themselves
        (_state("sensor", "21.5 °C"), "es", None),  # a reading stays as it is
    ],
)  # fmt: skip
def test_a_state_in_the_reply_s_language(
    state: dict[str, object], language: str, said: str | None
) -> None:
    assert state_word(state, language) == said
