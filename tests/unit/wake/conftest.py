"""The two voices that render wake phrases: the TTS tests' session fixtures (each loads once)."""

from __future__ import annotations

from ..tts.conftest import espeak, piper

__all__ = ["espeak", "piper"]
