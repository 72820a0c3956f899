"""The two voices that render wake phrases: the TTS tests' Piper and the root espeak-ng fixture
(each loads once per session)."""

from __future__ import annotations

from ..tts.conftest import piper

__all__ = ["piper"]
