"""The wake word: engines behind `WakeEngine`, a detector (threshold, refractory) and loading."""

from __future__ import annotations

from sayso import registry
from sayso.config import WakeConfig
from sayso.wake.base import WakeCapabilities, WakeEngine, WakeModelInfo, WakeStream
from sayso.wake.detector import Detection, WakeDetector

__all__ = [
    "Detection",
    "WakeCapabilities",
    "WakeDetector",
    "WakeEngine",
    "WakeModelInfo",
    "WakeStream",
    "create_wake",
]


def create_wake(config: WakeConfig) -> WakeEngine:
    """Build and load the configured wake-word engine (one clear error when it is missing)."""
    engine: WakeEngine = registry.create("wake", config.engine, config)
    engine.load()
    return engine
