"""Speech recognition: the engine protocol and the faster-whisper engine.

Only light names are imported here; `FasterWhisperAsr` is loaded on first access because the
registry relies on importing engines lazily (faster-whisper pulls in CTranslate2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sayso.asr.base import AsrCapabilities, AsrEngine, AsrRequest, AsrResult

if TYPE_CHECKING:
    from sayso.asr.whisper.engine import FasterWhisperAsr

__all__ = ["AsrCapabilities", "AsrEngine", "AsrRequest", "AsrResult", "FasterWhisperAsr"]


def __getattr__(name: str) -> Any:
    if name == "FasterWhisperAsr":
        from sayso.asr.whisper.engine import FasterWhisperAsr

        return FasterWhisperAsr
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
