"""Reply text from the response templates, rendered the way Home Assistant renders them.

Templates come from the `responses` section of Home Assistant's intents, sayso's bundled file and
the user's files. They are Jinja2 templates over `slots` (name → spoken text or value), `state`
(the first entity acted on, a mapping with `domain`, `name`, `state`, `state_with_unit`,
`attributes`...), `query` (`matched` / `unmatched` states) and any other `extra` keys.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, Final

from sayso import languages
from sayso.events.understanding import IntentRecognized
from sayso.understanding.hassil.loading import load_intents_dict

log = logging.getLogger(__name__)

FALLBACK_ERROR = "Sorry, I didn't understand that."
"""Said when no error template exists (or it fails) for a key."""

STATE_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "zh": {
        "on": "开启", "off": "关闭", "open": "打开", "closed": "关闭", "opening": "正在打开",
        "closing": "正在关闭", "locked": "已上锁", "unlocked": "已解锁", "home": "在家",
        "not_home": "不在家",
    },
    "es": {
        "on": "encendido", "off": "apagado", "open": "abierto", "closed": "cerrado",
        "opening": "abriéndose", "closing": "cerrándose", "locked": "bloqueado",
        "unlocked": "desbloqueado", "home": "en casa", "not_home": "fuera",
        "playing": "reproduciendo", "paused": "en pausa", "idle": "inactivo",
    },
}  # fmt: skip
"""A state as Home Assistant hands it to the templates of a language that read it translated
(`state.state_with_unit`): the Chinese ones say "现在{{ natural_state }}" and turn "关闭" into
"关着" themselves; given "off" they said "不是，厨房灯现在off", and the Spanish "No, su estado es
off". Per base language."""
BINARY_WORDS: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = {
    "es": {
        "battery": ("normal", "bajo"), "carbon_monoxide": ("despejado", "detectado"),
        "cold": ("normal", "frío"), "connectivity": ("desconectado", "conectado"),
        "door": ("cerrado", "abierto"), "garage_door": ("cerrado", "abierto"),
        "gas": ("despejado", "detectado"), "heat": ("normal", "caliente"),
        "light": ("sin luz", "luz detectada"), "lock": ("bloqueado", "abierto"),
        "moisture": ("seco", "húmedo"), "motion": ("despejado", "detectado"),
        "occupancy": ("despejado", "detectado"), "opening": ("cerrado", "abierto"),
        "plug": ("desenchufado", "enchufado"), "presence": ("fuera", "en casa"),
        "problem": ("ok", "problema"), "smoke": ("despejado", "detectado"),
        "sound": ("despejado", "detectado"), "update": ("actualizado", "actualización disponible"),
        "vibration": ("no vibrando", "vibrando"), "window": ("cerrado", "abierto"),
    },
}  # fmt: skip
"""A binary sensor's off / on as a language says it for its device class ("No, su estado es
seco", not "apagado"): Home Assistant's own names for these states, as its Spanish fixture home
and test replies write them."""
_WHOLE: Final = re.compile(r"(?<![\d.,])(\d+)\.0(?![\d.])")
"""A whole number written as a float ("22.0 degrees", a sensor's state): said "22 degrees", not
"twenty-two point zero" (no expected reply in Home Assistant's tests writes ".0")."""


def response_slots(intent: IntentRecognized) -> dict[str, Any]:
    """Slots as HA hands them to templates: the spoken words when there are some, else the value."""
    return {s.name: s.text or s.value for s in intent.slots}


def state_word(state: Mapping[str, Any], language: str) -> str | None:
    """The state of a device as `language` says it (None: as stored, or no words for it)."""
    lang = languages.base(language)
    raw = str(state.get("state_with_unit"))
    if state.get("domain") == "binary_sensor" and raw in ("off", "on"):
        attributes = state.get("attributes") or {}
        pair = BINARY_WORDS.get(lang, {}).get(str(attributes.get("device_class")))
        if pair:
            return pair[raw == "on"]
    return STATE_WORDS.get(lang, {}).get(raw)


class ResponseRenderer:
    """Renders intent and error responses; a template that fails gives None, never an exception."""

    def __init__(self, language: str = "en", custom: tuple[str, ...] = ()) -> None:
        self._language = language
        self._custom = custom
        self._intents: dict[str, dict[str, str]] | None = None
        self._errors: dict[str, str] = {}
        self._env: Any = None
        self._cache: dict[str, Any] = {}

    def load(self) -> None:
        """Read the templates (also done on first use)."""
        # Deferred: jinja2 is only needed once a reply is rendered.
        import jinja2
        import jinja2.sandbox

        responses = load_intents_dict(self._language, self._custom).get("responses", {})
        self._intents = responses.get("intents", {})
        self._errors = responses.get("errors", {})
        # Sandboxed: user files can hold templates. Strict: a missing `state` must fail the
        # template (caller falls back) rather than speak "Turned on None".
        self._env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined)

    def has(self, intent: str, response_key: str | None) -> bool:
        """True when a template exists for this intent and key."""
        return self._template_text(intent, response_key) is not None

    def render(
        self,
        intent: str,
        response_key: str | None,
        slots: Mapping[str, Any],
        extra: Mapping[str, Any] | None = None,
    ) -> str | None:
        """The reply for `intent`/`response_key`, or None when there is no template or it fails."""
        source = self._template_text(intent, response_key)
        if source is None:
            return None
        extra = dict(extra or {})
        state = extra.get("state")
        if isinstance(state, Mapping):
            said = state_word(state, self._language)
            extra["state"] = {**state, "state_with_unit": said} if said else state
        variables = {
            "query": {"matched": [], "unmatched": []},
            "state": None,
            **extra,
            "slots": dict(slots),
        }
        return self._render(source, variables, extra.get("state"))

    def for_action(self, intent: IntentRecognized, extra: Mapping[str, Any]) -> str | None:
        """Responder for the action handler: the template reply with the action's variables.

        The action's slot values win (it passes friendly names), except where it only echoes the
        raw intent value (an entity id): then the words the user said are kept. An action may
        name the response key (`extra["response"]`: a label found in a label-less template's
        time is a reminder).
        """
        spoken = response_slots(intent)
        raw = intent.slot_dict()
        slots = {**spoken}
        for name, value in dict(extra.get("slots", {})).items():
            if name not in raw or value != raw[name]:
                slots[name] = value
        key = extra.get("response") or intent.response_key
        return self.render(intent.intent, key, slots, extra)

    def error_text(self, key: str = "no_intent", values: Mapping[str, Any] | None = None) -> str:
        """HA's error reply for `key` (e.g. "no_intent", "no_area" with values={"area": ...})."""
        return self.error_or_none(key, values) or FALLBACK_ERROR

    def error_or_none(self, key: str, values: Mapping[str, Any] | None = None) -> str | None:
        """HA's error reply for `key`; None when there is no template or it fails."""
        if self._intents is None:
            self.load()
        source = self._errors.get(key)
        return self._render(source, dict(values or {}), None) if source else None

    def _template_text(self, intent: str, response_key: str | None) -> str | None:
        if self._intents is None:
            self.load()
        assert self._intents is not None
        template = self._intents.get(intent, {}).get(response_key or "default")
        return template if isinstance(template, str) else None

    def _render(self, source: str, variables: dict[str, Any], state: Any) -> str | None:
        try:
            template = self._cache.get(source)
            if template is None:
                template = self._cache[source] = self._env.from_string(source)
            text = template.render(**variables, state_attr=_state_attr(state))
        except Exception as exc:  # any template error: the caller has its own words
            log.debug("response template failed: %s", exc)
            return None
        text = _WHOLE.sub(r"\1", " ".join(str(text).split()))
        return text or None


def _state_attr(state: Any) -> Any:
    """HA's `state_attr(entity_id, name)`, answered from the `state` the action passed."""

    def lookup(entity_id: str, name: str) -> Any:
        if isinstance(state, Mapping) and state.get("entity_id") == entity_id:
            return (state.get("attributes") or {}).get(name)
        return None

    return lookup
