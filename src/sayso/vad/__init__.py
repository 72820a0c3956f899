"""Voice activity detection: engines (Silero, energy), the endpointing segmenter and the stage."""

from __future__ import annotations

import logging

from sayso import registry
from sayso.config import VadConfig
from sayso.errors import EngineUnavailable
from sayso.vad.base import VadCapabilities, VadEngine

log = logging.getLogger(__name__)

__all__ = ["VadCapabilities", "VadEngine", "create_vad"]


def create_vad(config: VadConfig | None = None) -> VadEngine:
    """Build and load the configured VAD; fall back to the energy VAD if Silero cannot load."""
    config = config or VadConfig()
    try:
        engine: VadEngine = registry.create("vad", config.engine, config)
        engine.load()
    except EngineUnavailable as exc:
        if config.engine == "energy":
            raise
        log.warning("VAD engine %r unavailable (%s); using the energy VAD", config.engine, exc)
        engine = registry.create("vad", "energy", config)
        engine.load()
    return engine
