"""Configuration: one frozen dataclass per stage, loaded from an optional YAML file.

Every field has a working default, so `sayso turn` runs with no configuration at all on the embedded
models. A YAML file (``--config`` or ``$SAYSO_CONFIG``) overrides fields section by section, e.g.::

    asr: {model: base.en, beam_size: 5}
    intents: {custom: my_pizza.yaml}

One module per group of stages (`speech`, `understanding`, `session`), `settings` (all of them,
and the data directory) and `reader` (the strict YAML reader); import them from here.
"""

from sayso.config.reader import load_settings
from sayso.config.session import (
    DEFAULT_BACKCHANNELS,
    TURN_DETECTION_MODES,
    WAKE_MODELS,
    SessionConfig,
    WakeConfig,
)
from sayso.config.settings import PRIVATE_DIR_MODE, Settings
from sayso.config.speech import AsrConfig, AudioConfig, TtsConfig, VadConfig
from sayso.config.understanding import SHOT_MODES, HomeConfig, IntentsConfig, LlmConfig

__all__ = [
    "DEFAULT_BACKCHANNELS", "PRIVATE_DIR_MODE", "SHOT_MODES", "TURN_DETECTION_MODES",
    "WAKE_MODELS", "AsrConfig", "AudioConfig", "HomeConfig", "IntentsConfig", "LlmConfig",
    "SessionConfig", "Settings", "TtsConfig", "VadConfig", "WakeConfig", "load_settings",
]
