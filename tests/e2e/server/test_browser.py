"""The web page in a real browser: Debian's Chromium with a fake microphone playing a WAV.

Needs /usr/bin/chromium (scripts/system-deps.sh) and the `playwright` Python package; Playwright's
own browser download is not used.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sayso.app.assistant import Assistant
from sayso.audio.io import write_wav
from sayso.config import HomeConfig
from sayso.constants import SAMPLE_RATE
from tests.e2e.server.conftest import Running, speak, start_server

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = Path("/tmp/sayso-page.png")
TURN_TIMEOUT_MS = 120_000
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture()
def browser(assistant: Assistant, tmp_path: Path) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/system-deps.sh installs it)")
    wav = tmp_path / "mic.wav"
    write_wav(wav, speak(assistant, "Turn on the kitchen light.", lead_s=1.0, trail_s=3.0),
              SAMPLE_RATE)
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={wav}%noloop"],
        )
        yield chromium
        chromium.close()


def test_spoken_turn_in_the_browser(server: Running, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.goto(server.url)
    page.wait_for_function("window.saysoStats && window.saysoStats.connected")
    page.click("#start")
    page.wait_for_function(
        "saysoStats.transcripts.length > 0 && saysoStats.replies.length > 0"
        " && saysoStats.playedMs > 200",
        timeout=TURN_TIMEOUT_MS,
    )
    stats = page.evaluate("window.saysoStats")
    assert "kitchen light" in stats["transcripts"][0].lower(), console
    assert stats["audioDeltas"] > 0 and stats["responses"] == ["completed"]
    log = page.inner_text("#log")
    assert "kitchen light" in log.lower() and stats["replies"][0] in log
    assert "HassTurnOn" in log
    page.wait_for_selector(".device.changed")  # the home panel shows the changed light
    assert page.inner_text("#error") == "" or not page.is_visible("#error")
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def typed(server: Running, browser: Any, text: str) -> Any:
    """A page in push-to-talk mode that has sent `text` as a typed turn."""
    page = browser.new_page()
    page.goto(server.url)
    page.wait_for_function("window.saysoStats && window.saysoStats.connected")
    page.check("input[value=push-to-talk]")
    page.click("#start")
    page.wait_for_function("!document.getElementById('talk').disabled")
    page.fill("#text", text)
    page.press("#text", "Enter")
    return page


def test_typed_turn_and_push_to_talk_mode(server: Running, browser: Any) -> None:
    page = typed(server, browser, "turn off the kitchen light")
    page.wait_for_function("saysoStats.replies.length > 0", timeout=TURN_TIMEOUT_MS)
    assert "turn off the kitchen light" in page.inner_text("#log")
    assert page.evaluate("saysoStats.transcripts.length") == 0  # push-to-talk: nothing heard


def test_a_timers_command_is_announced_in_a_row_of_its_own(server: Running, browser: Any) -> None:
    page = typed(server, browser, "turn off the kitchen light in 1 second")
    said = page.wait_for_selector(".turn.announcement .reply:not(:empty)", timeout=TURN_TIMEOUT_MS)
    assert said.inner_text().startswith("Turned off the")  # the command ran when the timer ended
    asked = page.inner_text("#log")
    assert "Command will be executed in 1 second" in asked  # the reply to the request, above it
    page.wait_for_function("saysoStats.responses.length >= 2", timeout=TURN_TIMEOUT_MS)
    assert page.evaluate("saysoStats.responses") == ["completed", "completed"]


def test_a_ringing_timer_keeps_one_row_and_its_stop_button_stops_it(
    server: Running, browser: Any, assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    often = HomeConfig(db_path=assistant.settings.home.db_path, ring_every_s=1.0)
    monkeypatch.setattr(assistant, "settings", dataclasses.replace(assistant.settings, home=often))
    page = typed(server, browser, "set a timer for 1 second")
    page.wait_for_function("saysoStats.announcements >= 2", timeout=TURN_TIMEOUT_MS)
    assert page.locator(".turn.announcement").count() == 1  # said again in the same row
    assert page.inner_text(".turn.announcement .reply") == "Your timer is done."
    page.click(".turn.announcement .stop-ring")
    page.wait_for_selector(".turn.announcement.stopped", timeout=TURN_TIMEOUT_MS)
    said = page.evaluate("saysoStats.announcements")
    page.wait_for_timeout(2500)  # two more rings' time
    assert page.evaluate("saysoStats.announcements") == said
    assert page.locator(".stop-ring").count() == 0 and page.evaluate("saysoStats.errors") == []


def test_page_reports_disconnection(assistant: Assistant, browser: Any) -> None:
    own = start_server(assistant)
    page = browser.new_page()
    page.goto(own.url)
    page.wait_for_function("window.saysoStats && window.saysoStats.connected")
    own.stop()
    page.wait_for_function("!window.saysoStats.connected")
    assert "Disconnected" in page.inner_text("#error")
    assert page.inner_text("#status") == "disconnected"


DENY_MIC = """navigator.mediaDevices.getUserMedia = () =>
    Promise.reject(new DOMException("Permission denied", "NotAllowedError"));"""


def test_page_reports_denied_microphone(server: Running, browser: Any) -> None:
    page = browser.new_page()
    page.add_init_script(DENY_MIC)  # as if the user clicked "Block"
    page.goto(server.url)
    page.wait_for_function("window.saysoStats && window.saysoStats.connected")
    page.click("#start")
    page.wait_for_function("document.getElementById('error').textContent.includes('denied')")
    assert page.inner_text("#mic") == "mic off"
