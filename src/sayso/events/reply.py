"""Events at the reply → TTS boundary."""

from __future__ import annotations

import dataclasses

from sayso.events.base import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReplyText(Event):
    """Text to speak; a reply may arrive as several pieces (e.g. streamed LLM sentences)."""

    text: str
    """The text of this piece."""
    is_final: bool = True
    """True on the last piece of the reply."""
    language: str = ""
    """Language of the text, which picks the voice ("" : the default voice)."""
