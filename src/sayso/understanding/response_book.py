"""Replies in the language of the turn: one `ResponseRenderer` per language, loaded on first use.

A turn understood in German is answered from Home Assistant's German response templates
("Licht eingeschaltet"); a device is named the way the home names it in that language
(`localize`), not by its English name. Custom intent files belong to the default language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from sayso import languages
from sayso.events.understanding import IntentRecognized
from sayso.understanding import failures
from sayso.understanding.failures import Failure
from sayso.understanding.responses import ResponseRenderer

Localize = Callable[[str, str], str | None]
"""(entity id, language) → the device's name in that language, or None when it has none."""

class ResponseBook:
    """Response renderers per language; the default one is the `ResponseRenderer` of old."""

    def __init__(self, language: str = "en", custom: tuple[str, ...] = ()) -> None:
        self.language = languages.canonical(language) or "en"
        self._custom = custom
        self._renderers: dict[str, ResponseRenderer] = {}
        self._lock = threading.Lock()
        self.localize: Localize | None = None
        """Names devices in a turn's language (set once the home is loaded)."""

    def renderer(self, language: str | None = None) -> ResponseRenderer:
        """The renderer of `language` (the default language when None or "")."""
        lang = languages.canonical(language) or self.language
        with self._lock:
            found = self._renderers.get(lang)
            if found is None:
                custom = self._custom if lang == self.language else ()
                found = self._renderers[lang] = ResponseRenderer(lang, custom)
        return found

    def for_action(self, intent: IntentRecognized, extra: Mapping[str, Any]) -> str | None:
        """The reply to a done action, from the templates of the intent's language."""
        variables = dict(extra)
        state = variables.get("state")
        entity_id = state.get("entity_id") if isinstance(state, Mapping) else None
        language = languages.canonical(intent.language)
        if self.localize is not None and isinstance(entity_id, str) and isinstance(state, Mapping):
            name = self.localize(entity_id, language)
            if name:
                variables["slots"] = {**dict(variables.get("slots", {})), "name": name}
                variables["state"] = {**state, "name": name}
        query = variables.get("query")
        if self.localize is not None and isinstance(query, Mapping):
            # "Welche Lichter sind an?" named them in English ("Living Room Light und …").
            variables["query"] = {
                key: [self._named(s, language) for s in found] if isinstance(found, list) else found
                for key, found in query.items()
            }
        return self.renderer(intent.language).for_action(intent, variables)

    def _named(self, state: Any, language: str) -> Any:
        """A state of `query.matched` with the device's name in `language`, where it has one."""
        entity_id = state.get("entity_id") if isinstance(state, Mapping) else None
        name = self.localize(entity_id, language) if self.localize and entity_id else None
        return {**state, "name": name} if name else state

    def failure(self, intent: IntentRecognized, failed: Failure) -> str | None:
        """The reply to a failed action in the intent's language; None for English.

        English keeps the action's own, more specific sentence (the actions speak English). Other
        languages say sayso's sentence for the failure (`failures.SENTENCES`), else Home
        Assistant's error template for it, else HA's "unexpected error".
        """
        lang = languages.canonical(intent.language) or self.language
        if languages.base(lang) == "en":
            return None
        said = failures.sentence(languages.base(lang), failed.key, failed.values)
        if said:
            return said
        slots = {s.name: s.text or s.value for s in intent.slots}
        values = {"area": slots.get("area", ""), "floor": slots.get("floor", "")}
        values["domain"] = slots.get("domain", "")
        values.update({k: str(v) for k, v in failed.values.items()})
        key = failures.HA_KEYS.get(failed.key) or failures.HA_KEYS.get(failed.code, "handle_error")
        if key == "no_domain" and values["area"]:
            key = "no_domain_in_area"
        renderer = self.renderer(lang)
        return renderer.error_or_none(key, values) or renderer.error_text("handle_error")

    def not_understood(self, language: str | None) -> str | None:
        """HA's "did not understand" in `language`; None for English (the reply stage's own)."""
        lang = languages.canonical(language) or self.language
        if languages.base(lang) == "en":
            return None
        return self.renderer(lang).error_text("no_intent")
