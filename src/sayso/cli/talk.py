"""`sayso talk`: a live, full-duplex conversation on the local microphone and loudspeaker.

The same `Session` a server runs, with `sounddevice` (PortAudio) as the transport: the microphone
callback pushes 20 ms blocks into the session, reply audio goes to an output stream that reports
how much it has played (`mark_played`); speech over the reply pauses it at once (it resumes when
the speech was only feedback or noise), and a barge-in flushes what is still queued. sayso plays
the reply itself here, so it also cancels its echo (WebRTC AEC3) when the `aec` extra is installed.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import importlib.util
import threading
import time
from typing import Any

import numpy as np
import typer

from sayso.cli.common import ConfigOption, SetOption, settings_from
from sayso.constants import SAMPLE_RATE
from sayso.errors import SaysoError

MIC_BLOCK_S = 0.02
"""Microphone block length, seconds."""
CHIME_HZ: tuple[float, ...] = (880.0, 1320.0)
"""Notes of the wake chime (a rising fifth: "I'm listening"), Hz."""
CHIME_NOTE_S = 0.08
"""Length of each chime note, seconds."""
CHIME_GAIN = 0.25
"""Chime amplitude (full scale 1.0): audible, well below the reply voice."""


def chime(rate: int) -> np.ndarray:
    """The short tone `sayso talk` plays when the wake word is heard."""
    t = np.arange(round(CHIME_NOTE_S * rate)) / rate
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)  # 10 ms ramps: no clicks
    notes = [np.sin(2 * np.pi * hz * t) * fade for hz in CHIME_HZ]
    return (np.concatenate(notes) * CHIME_GAIN).astype(np.float32)


class NoAudioDevice(SaysoError):
    """No usable microphone or loudspeaker (or no PortAudio at all)."""

    code = "no_audio_device"
    exit_code = 3


def open_sounddevice() -> Any:
    """Import sounddevice and check there is an input and an output device."""
    hint = "connect a microphone and speaker, or use a server client instead"
    try:
        # Deferred: importing sounddevice loads PortAudio, which `sayso --help` must not need.
        import sounddevice as sd
    except (ImportError, OSError) as exc:
        raise NoAudioDevice(f"no audio input device found; {hint} ({exc})") from None
    for kind in ("input", "output"):
        try:
            sd.query_devices(kind=kind)
        except Exception:
            raise NoAudioDevice(f"no audio {kind} device found; {hint}") from None
    return sd


class Player:
    """Thread-safe queue of reply audio for the output stream's callback."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: collections.deque[np.ndarray] = collections.deque()
        self.played = 0
        """Samples of the current reply played so far."""
        self.paused = False
        """Output silence and keep the queue (the user started talking over the reply)."""

    def add(self, samples: np.ndarray) -> None:
        """Queue reply audio."""
        with self._lock:
            self._queue.append(samples.astype(np.float32))

    def flush(self) -> None:
        """Drop what has not been played (barge-in) and start counting a new reply."""
        with self._lock:
            self._queue.clear()
            self.played = 0
            self.paused = False

    def fill(self, out: np.ndarray) -> int:
        """Fill the output block; returns the reply samples written."""
        out.fill(0.0)
        written = 0
        with self._lock:
            while not self.paused and written < len(out) and self._queue:
                head = self._queue[0]
                n = min(len(head), len(out) - written)
                out[written : written + n, 0] = head[:n]
                written += n
                if n == len(head):
                    self._queue.popleft()
                else:
                    self._queue[0] = head[n:]
            self.played += written
        return written


def talk(config: ConfigOption = None, set_: SetOption = None) -> None:
    """Talk with the assistant: speak, interrupt it, Ctrl+C to stop."""
    sd = open_sounddevice()
    settings = settings_from(config, sets=set_)
    typer.echo("loading models...")
    try:
        asyncio.run(_converse(sd, settings))
    except KeyboardInterrupt:
        typer.echo("bye")


async def _converse(sd: Any, settings: Any) -> None:
    from sayso.app.assistant import Assistant
    from sayso.events import (
        AudioChunk,
        BargeIn,
        ListeningChanged,
        PlaybackPaused,
        PlaybackResumed,
        ResponseDone,
        ResponseStarted,
        Transcript,
        WakeDetected,
    )
    from sayso.session import Session

    assistant = Assistant(settings).load()
    assistant.warm_up()
    # This player pauses a reply the moment the user talks over it (`PlaybackPaused`).
    config = dataclasses.replace(settings.live_session(), client_pauses=True)
    if importlib.util.find_spec("livekit") is not None:
        config = dataclasses.replace(config, echo_cancellation=True)
    else:
        typer.echo("(no echo cancellation: pip install 'sayso[aec]'; use a headset)")
    due = contextlib.AsyncExitStack()
    await due.enter_async_context(assistant.announcing())  # timers ring while we talk
    session = Session(assistant, config)
    await session.start()
    loop = asyncio.get_running_loop()
    player = Player()
    rate = assistant.load_tts().capabilities.sample_rate

    def on_mic(indata: np.ndarray, frames: int, when: Any, status: Any) -> None:
        # Stamped here, on the audio thread: by the time the event loop runs the push it may be
        # late by however long it was busy, which would misalign the echo canceller.
        captured = time.monotonic()
        loop.call_soon_threadsafe(session.push_audio, indata[:, 0].copy(), captured)

    def on_speaker(outdata: np.ndarray, frames: int, when: Any, status: Any) -> None:
        if player.fill(outdata):
            loop.call_soon_threadsafe(session.mark_played, player.played / rate)

    mic = sd.InputStream(
        samplerate=SAMPLE_RATE,
        channels=1,
        dtype="float32",
        blocksize=round(SAMPLE_RATE * MIC_BLOCK_S),
        callback=on_mic,
    )
    speaker = sd.OutputStream(samplerate=rate, channels=1, dtype="float32", callback=on_speaker)
    wake = settings.wake
    ready = f"say '{wake.model.replace('_', ' ')}' to start" if wake.enabled else "listening"
    typer.echo(f"{ready} (Ctrl+C to stop)")
    try:
        with mic, speaker:
            async for event in session.events():
                if isinstance(event, Transcript):
                    typer.echo(f"you: {event.text}")
                elif isinstance(event, ResponseStarted):
                    player.flush()
                elif isinstance(event, AudioChunk):
                    player.add(event.samples)
                elif isinstance(event, PlaybackPaused | PlaybackResumed):
                    player.paused = isinstance(event, PlaybackPaused)
                elif isinstance(event, BargeIn):
                    player.flush()
                    typer.echo("  (interrupted)")
                elif isinstance(event, ResponseDone) and event.played_text:
                    typer.echo(f"assistant: {event.played_text}")
                elif isinstance(event, WakeDetected):
                    player.flush()
                    player.add(chime(rate))
                    typer.echo("  (listening)")
                elif isinstance(event, ListeningChanged) and not event.listening:
                    typer.echo(f"  (say '{wake.model.replace('_', ' ')}' to talk again)")
    finally:
        await due.aclose()  # no command still using the store
        await session.close()
        assistant.close()


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(talk)
