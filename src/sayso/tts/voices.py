"""A voice per reply language, chosen from the language the reply is in.

The configured Piper voice speaks its language, `tts.voices` names Piper voices per language, and
espeak-ng's voice of the language speaks any other (it has 100+ languages).

Voices other than the main one are loaded on the first reply in their language.
"""

from __future__ import annotations

import dataclasses
import logging
import threading

from sayso import languages
from sayso.config import TtsConfig
from sayso.errors import SaysoError
from sayso.tts.base import TtsEngine

log = logging.getLogger(__name__)


class VoiceBook:
    """Chooses (and loads once) the voice that speaks a reply's language."""

    def __init__(self, config: TtsConfig, main: TtsEngine) -> None:
        self.config = config
        self.main = main
        """The configured voice, speaking `config.language`."""
        self._voices: dict[str, TtsEngine] = {}
        self._lock = threading.Lock()

    def __call__(self, language: str) -> TtsEngine:
        """The voice for `language` ("" or the main voice's language: the main voice)."""
        lang = languages.canonical(language)
        if not lang or lang == self.config.language:
            return self.main
        with self._lock:
            voice = self._voices.get(lang)
            if voice is None:
                voice = self._voices[lang] = self._load(lang)
        return voice

    def loaded(self) -> dict[str, TtsEngine]:
        """The voices loaded so far for languages other than the main voice's."""
        with self._lock:
            return dict(self._voices)

    def _load(self, language: str) -> TtsEngine:
        try:
            voice = self._create(language)
            voice.load()
        except SaysoError as exc:
            # No voice for the language: the main voice reads it rather than staying silent.
            log.warning("no voice for %s (%s); using the main voice", language, exc.message)
            return self.main
        return voice

    def _create(self, language: str) -> TtsEngine:
        path = self.config.voice_for(language)
        if path is not None:
            from sayso.tts.piper import PiperTts

            return PiperTts(dataclasses.replace(self.config, voice=path, language=language))
        from sayso.tts.espeak import EspeakTts

        return EspeakTts(voice=languages.espeak_voice(language))
