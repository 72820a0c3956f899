"""The page's "Wake word" mode in a real browser: only the command after "hey jarvis" is heard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sayso.app.assistant import Assistant
from sayso.audio.io import write_wav
from sayso.constants import SAMPLE_RATE
from tests.e2e.server.conftest import Running, speak
from tests.e2e.server.test_browser import CHROMIUM, CHROMIUM_ARGS, TURN_TIMEOUT_MS

pytest.importorskip("openwakeword", reason="the wake extra is not installed")
pytestmark = pytest.mark.slow


def test_wake_word_mode_in_the_browser(server: Running, assistant: Assistant,
                                       tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/system-deps.sh installs it)")
    wav = tmp_path / "mic.wav"
    audio = np.concatenate([
        speak(assistant, "Turn on the kitchen light.", lead_s=2.0, trail_s=1.0),
        speak(assistant, "Hey Jarvis.", lead_s=0.2, trail_s=0.3),
        speak(assistant, "Turn off the kitchen light.", lead_s=0.2, trail_s=3.0),
    ])
    write_wav(wav, audio, SAMPLE_RATE)
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={wav}%noloop"],
        )
        try:
            page = chromium.new_page()
            console: list[str] = []
            page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
            page.goto(server.url)
            page.wait_for_function("window.saysoStats && window.saysoStats.connected")
            page.check("input[value=wake-word]")
            page.click("#start")
            page.wait_for_function("saysoStats.transcripts.length > 0 && "
                                   "saysoStats.replies.length > 0", timeout=TURN_TIMEOUT_MS)
            stats: Any = page.evaluate("window.saysoStats")
        finally:
            chromium.close()
    assert len(stats["transcripts"]) == 1, (stats["transcripts"], console)
    heard = stats["transcripts"][0].lower()
    assert "off" in heard and "jarvis" not in heard
    assert stats["errors"] == []
