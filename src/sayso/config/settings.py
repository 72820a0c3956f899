"""All settings together, and where state lives."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from sayso.config.session import SessionConfig, WakeConfig
from sayso.config.speech import AsrConfig, AudioConfig, TtsConfig, VadConfig
from sayso.config.understanding import HomeConfig, IntentsConfig, LlmConfig

PRIVATE_DIR_MODE = 0o700
"""The data directory is created readable by its owner only."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """All configuration."""

    audio: AudioConfig = AudioConfig()
    vad: VadConfig = VadConfig()
    asr: AsrConfig = AsrConfig()
    intents: IntentsConfig = IntentsConfig()
    home: HomeConfig = HomeConfig()
    tts: TtsConfig = TtsConfig()
    llm: LlmConfig = LlmConfig()
    session: SessionConfig = SessionConfig()
    wake: WakeConfig = WakeConfig()
    data_dir: str | None = None
    """Where state lives; None uses $SAYSO_DATA_DIR or ~/.local/share/sayso."""

    @property
    def bias_vocabulary(self) -> bool:
        """Whether recognition is biased towards the grammar's vocabulary.

        True when configured, and always for a single custom domain (`intents.builtin: false`),
        whose answers are a closed set (FSDD digits: 79.7 % → 91.0 %; open speech is not what
        such an assistant expects).
        """
        return self.asr.bias_vocabulary or not self.intents.builtin

    def live_session(self) -> SessionConfig:
        """Settings of a new live session: the `session:` section with the `vad:` endpointing."""
        return dataclasses.replace(self.session, vad=self.vad, wake=self.wake)

    def resolved_data_dir(self) -> Path:
        """The data directory, created if missing."""
        raw = self.data_dir or os.environ.get("SAYSO_DATA_DIR") or "~/.local/share/sayso"
        path = Path(raw).expanduser()
        # Private: the state holds the household's messages, lists and schedule.
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        return path

    def db_path(self) -> Path:
        """The SQLite state file."""
        if self.home.db_path:
            return Path(self.home.db_path).expanduser()
        return self.resolved_data_dir() / "state.sqlite3"
