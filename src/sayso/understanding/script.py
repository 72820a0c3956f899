"""Text in the writing system of a language's templates.

Whisper often writes Mandarin in traditional characters ("打開廚房燈"); Home Assistant's zh-CN
templates are simplified ("打开厨房灯").

Conversion uses OpenCC's tables through `opencc-purepy` (the `zh` extra); without it text is left
as it is.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
from collections.abc import Callable

from sayso import languages
from sayso.events import Transcript

SIMPLIFIED = frozenset({"zh-CN"})
"""Languages whose templates are written in simplified characters."""


@functools.lru_cache(maxsize=1)
def _to_simplified() -> Callable[[str], str] | None:
    if importlib.util.find_spec("opencc_purepy") is None:
        return None
    # Deferred: the conversion tables take ~0.5 s to load; only Chinese turns need them.
    from opencc_purepy import OpenCC

    converter = OpenCC("t2s")
    return lambda text: str(converter.convert(text))


def in_script(text: str, language: str) -> str:
    """`text` written the way `language`'s templates are (simplified for zh-CN)."""
    if languages.canonical(language) not in SIMPLIFIED or not text:
        return text
    convert = _to_simplified()
    return convert(text) if convert is not None else text


def transcript_in_script(transcript: Transcript, language: str) -> Transcript:
    """The transcript with its text and N-best list in `language`'s script."""
    if languages.canonical(language) not in SIMPLIFIED:
        return transcript
    hypotheses = tuple(
        dataclasses.replace(h, text=in_script(h.text, language)) for h in transcript.hypotheses
    )
    return dataclasses.replace(
        transcript, text=in_script(transcript.text, language), hypotheses=hypotheses
    )


@functools.lru_cache(maxsize=1)
def _to_traditional() -> Callable[[str], str] | None:
    if importlib.util.find_spec("opencc_purepy") is None:
        return None
    from opencc_purepy import OpenCC

    converter = OpenCC("s2t")
    return lambda text: str(converter.convert(text))


@functools.lru_cache(maxsize=65536)
def traditional_forms(text: str) -> tuple[str, ...]:
    """Traditional spellings of simplified `text` other than itself (Whisper writes them).

    Empty without the `zh` extra or when `text` has no simplified character.
    """
    if not text or text.isascii():
        return ()
    convert = _to_traditional()
    if convert is None:
        return ()
    converted = convert(text)
    return (converted,) if converted != text else ()
