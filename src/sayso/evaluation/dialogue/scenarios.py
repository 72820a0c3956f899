"""Scripted multi-turn conversations run through the live `Session` in real time.

A scenarios file (YAML) holds::

    intents: [story.yaml]          # optional extra intent files, relative to this file
    user_voice: espeak             # voice that renders `say:` turns (espeak or piper)
    echo_gain: 0.0                 # loudspeaker → microphone coupling (0: headset)
    wake: {model: hey_jarvis, follow_up_s: 6}   # optional: the session listens for a wake word
    wake_phrase: Hey Jarvis.       # what `wake_word: true` turns say first
    scenarios:
      - name: lights
        setup: {light.kitchen: "off"}             # device states before the first turn
        turns:
          - say: Turn on the kitchen light.       # or audio: clip.wav (relative to the file)
            noise_snr_db: 10                      # optional: noise mixed in at this SNR
            barge_in: {after_s: 1.0, say: Stop.}  # optional: interrupt the reply
            expect: {intent: HassTurnOn, state: {light.kitchen: "on"}, barge_in: false}
          - say: Turn off the kitchen light.
            wait_s: 8                             # optional: silence first (a window closes)
            wake_word: false                      # with `wake:`: say the phrase first or not
            expect: {heard: false}                # the session must ignore it (or: true)
          - say: Set a timer for | five minutes.  # `|`: a pause inside the turn
            pauses_ms: [600]                      # one length per pause
            speed: 0.75                           # optional: a slower speaker
            voice: espeak                         # optional: this turn's voice

Every turn is checked (intent of the action, device states, barge-in) and timed; the metrics and
report are in `sayso.evaluation.dialogue.report`.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Final

import yaml

from sayso.config import WakeConfig
from sayso.errors import BadInput, ConfigError

VOICES: Final[tuple[str, ...]] = ("espeak", "piper")
MAX_PAUSE_MS: Final[int] = 5000
MIN_SPEED: Final[float] = 0.5
MAX_SPEED: Final[float] = 2.0


@dataclasses.dataclass(frozen=True)
class BargeInPlan:
    """Interrupt the reply `after_s` seconds after its first audio, with `say` or `audio`."""

    after_s: float
    say: str | None = None
    audio: Path | None = None


@dataclasses.dataclass(frozen=True)
class Expectation:
    """What a turn must achieve; None fields are not checked."""

    intent: str | None = None
    """Intent of the turn's action (ActionResult.intent)."""
    state: dict[str, str] = dataclasses.field(default_factory=dict)
    """entity_id → state after the turn."""
    barge_in: bool | None = None
    """Whether the reply must have been interrupted."""
    heard: bool | None = None
    """Whether the session must take the turn (False: ignored, e.g. no wake word)."""


@dataclasses.dataclass(frozen=True)
class Turn:
    """One scripted user turn."""

    say: str | None = None
    audio: Path | None = None
    noise_snr_db: float | None = None
    barge_in: BargeInPlan | None = None
    expect: Expectation = Expectation()
    wake_word: bool = False
    """Say the file's `wake_phrase` (and a short pause) before the turn."""
    wait_s: float = 0.0
    """Silence before the turn, seconds."""
    pauses_ms: tuple[int, ...] = ()
    """Length of each pause `|` marks in `say`, ms (the user is not done: a mid-turn pause)."""
    speed: float = 1.0
    """Speaking rate of the rendered voice (0.75: a slow speaker)."""
    voice: str | None = None
    """The voice that renders this turn (None: the file's `user_voice`)."""

    @property
    def pieces(self) -> list[str]:
        """The parts of `say` between pauses."""
        return [p.strip() for p in (self.say or "").split("|")]


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One conversation: initial device states and turns."""

    name: str
    turns: tuple[Turn, ...]
    setup: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class ScenarioFile:
    """A parsed scenarios file."""

    scenarios: tuple[Scenario, ...]
    intents: tuple[str, ...] = ()
    user_voice: str = "espeak"
    echo_gain: float = 0.0
    wake: WakeConfig | None = None
    """The session's wake word (None: no wake word)."""
    wake_phrase: str = "Hey Jarvis."


def load_scenarios(path: str | os.PathLike[str]) -> ScenarioFile:
    """Parse and check a scenarios file; BadInput names the first problem."""
    source = Path(path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BadInput(f"cannot read scenarios {source}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise BadInput(f"{source}: expected a mapping with a 'scenarios' list")
    base = source.parent
    voice = str(data.get("user_voice", "espeak"))
    if voice not in VOICES:
        raise BadInput(f"{source}: user_voice must be one of {', '.join(VOICES)}")
    scenarios = tuple(
        _scenario(item, base, f"{source}: scenario {i + 1}")
        for i, item in enumerate(data["scenarios"])
    )
    if not scenarios:
        raise BadInput(f"{source}: no scenarios")
    return ScenarioFile(
        scenarios=scenarios,
        intents=tuple(str((base / p).resolve()) for p in data.get("intents") or ()),
        user_voice=voice,
        echo_gain=float(data.get("echo_gain", 0.0)),
        wake=_wake(data.get("wake"), str(source)),
        wake_phrase=str(data.get("wake_phrase", "Hey Jarvis.")),
    )


def _wake(value: Any, where: str) -> WakeConfig | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadInput(f"{where}: 'wake' must be a mapping of wake settings")
    try:
        return WakeConfig(**{**value, "enabled": True})
    except (TypeError, ConfigError) as exc:
        raise BadInput(f"{where}: wake: {exc}") from None


def _scenario(item: Any, base: Path, where: str) -> Scenario:
    if not isinstance(item, dict) or not isinstance(item.get("turns"), list) or not item["turns"]:
        raise BadInput(f"{where}: needs a non-empty 'turns' list")
    name = str(item.get("name", where))
    turns = tuple(
        _turn(t, base, f"{where} ({name}), turn {k + 1}") for k, t in enumerate(item["turns"])
    )
    return Scenario(name, turns, {str(k): str(v) for k, v in (item.get("setup") or {}).items()})


def _turn(item: Any, base: Path, where: str) -> Turn:
    if not isinstance(item, dict) or (item.get("say") is None) == (item.get("audio") is None):
        raise BadInput(f"{where}: give exactly one of 'say' or 'audio'")
    plan = item.get("barge_in")
    barge = None
    if plan is not None:
        if not isinstance(plan, dict) or (plan.get("say") is None) == (plan.get("audio") is None):
            raise BadInput(f"{where}: barge_in needs after_s and one of 'say' or 'audio'")
        barge = BargeInPlan(
            float(plan.get("after_s", 1.0)), plan.get("say"), _path(plan.get("audio"), base)
        )
    expect = item.get("expect") or {}
    if not isinstance(expect, dict):
        raise BadInput(f"{where}: 'expect' must be a mapping")
    snr = item.get("noise_snr_db")
    return Turn(
        say=item.get("say"),
        audio=_path(item.get("audio"), base),
        noise_snr_db=None if snr is None else float(snr),
        barge_in=barge,
        expect=Expectation(
            intent=expect.get("intent"),
            state={str(k): str(v) for k, v in (expect.get("state") or {}).items()},
            barge_in=expect.get("barge_in", None if barge is None else True),
            heard=expect.get("heard"),
        ),
        wake_word=bool(item.get("wake_word", False)),
        wait_s=float(item.get("wait_s", 0.0)),
        **_delivery(item, where),
    )


def _delivery(item: dict[str, Any], where: str) -> dict[str, Any]:
    """How a `say:` turn is spoken: its pauses, rate and voice (checked)."""
    pauses = item.get("pauses_ms") or []
    marks = str(item.get("say") or "").count("|")
    if not isinstance(pauses, list) or len(pauses) != marks:
        raise BadInput(f"{where}: 'pauses_ms' needs one length per '|' in 'say' ({marks})")
    try:
        lengths = tuple(int(p) for p in pauses)
        speed = float(item.get("speed", 1.0))
    except (TypeError, ValueError):
        raise BadInput(f"{where}: 'pauses_ms' and 'speed' must be numbers") from None
    if any(not 0 < p <= MAX_PAUSE_MS for p in lengths) or not MIN_SPEED <= speed <= MAX_SPEED:
        raise BadInput(
            f"{where}: pauses must be 1-{MAX_PAUSE_MS} ms and speed {MIN_SPEED}-{MAX_SPEED}"
        )
    voice = item.get("voice")
    if voice is not None and voice not in VOICES:
        raise BadInput(f"{where}: voice must be one of {', '.join(VOICES)}")
    return {"pauses_ms": lengths, "speed": speed, "voice": voice}


def _path(value: Any, base: Path) -> Path | None:
    return None if value is None else (base / str(value)).resolve()
