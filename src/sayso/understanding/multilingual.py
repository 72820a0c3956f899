"""One understanding step per language, chosen per turn by the language the transcript is in.

The default language's recogniser is loaded at start; every other configured language gets its
own recogniser (Home Assistant's templates, slot lists and the home's names in that language) on
its first turn. A transcript in a language that is not configured is read in the default one
(Whisper may misdetect a short command); a typed turn with no language ("") is tried in the
default language first, then in the others.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Sequence

from sayso import languages
from sayso.config import AsrConfig
from sayso.events import IntentRecognized, Transcript
from sayso.understanding.base import IntentRecognizer
from sayso.understanding.grammar.constrain import ConstrainedReader
from sayso.understanding.script import transcript_in_script
from sayso.understanding.understand import (
    LEGACY_PATHS,
    Asides,
    Sensible,
    Understander,
    Understood,
)

RecognizerFactory = Callable[[str], IntentRecognizer]
"""Builds and loads the recogniser of one language (with the home's names in it)."""
ReaderFactory = Callable[[IntentRecognizer], ConstrainedReader | None]
"""Builds the constrained reader of one language's recogniser (None: constrained decoding off)."""
SPACELESS_PATHS = ("nbest",)
"""Paths after constrained decoding for languages written without spaces (Chinese): text
correction and the shortlist compare words, and a character is no word to compare."""


def understander_for(
    recognizer: IntentRecognizer,
    rescoring: AsrConfig | None = None,
    constrained: ConstrainedReader | None = None,
    asides: Asides | None = None,
    sensible: Sensible | None = None,
) -> Understander:
    """The understanding step for one recogniser.

    Languages written without spaces (Chinese) are read by exact N-best matching and
    constrained decoding over their characters (`automaton_bytes`), without the word-based
    correction and shortlist.
    """
    language = getattr(recognizer, "language", "en")
    if languages.spaceless(language):
        return Understander(
            recognizer,
            constrained=constrained,
            paths=SPACELESS_PATHS,
            asides=asides,
            sensible=sensible,
        )
    return Understander(
        recognizer, rescoring=rescoring, constrained=constrained, asides=asides, sensible=sensible
    )


class MultilingualUnderstander(Understander):
    """The default language's understanding step, handing other languages to their own."""

    def __init__(
        self,
        recognizer: IntentRecognizer,
        *,
        language: str,
        others: Iterable[str] = (),
        build: RecognizerFactory | None = None,
        rescoring: AsrConfig | None = None,
        constrained: ConstrainedReader | None = None,
        readers: ReaderFactory | None = None,
        asides: Asides | None = None,
        sensible: Sensible | None = None,
    ) -> None:
        """`constrained` decodes the default language's grammar, `readers` the others'."""
        self.language = languages.canonical(language)
        spaceless = languages.spaceless(self.language)
        super().__init__(
            recognizer,
            rescoring=None if spaceless else rescoring,
            constrained=constrained,
            paths=SPACELESS_PATHS if spaceless else LEGACY_PATHS,
            asides=asides,
            sensible=sensible,
        )
        self._readers = readers
        self.others = tuple(c for c in map(languages.canonical, others) if c != self.language)
        self._build = build
        self._rescoring_cfg = rescoring
        self._loaded: dict[str, Understander] = {}
        self._lock = threading.Lock()

    @property
    def grammar_aware(self) -> bool:
        """Whether the default language's grammar graph is used (corrections or decoding)."""
        return not languages.spaceless(self.language) or self.constrained is not None

    def language_of(self, transcript: Transcript) -> str:
        """The configured language a transcript is read in ("" when it carries none)."""
        code = languages.canonical(transcript.language)
        if not code:
            return ""
        if code == self.language or code in self.others:
            return code
        # A regional variant of a configured language ("de-CH" detected, "de" configured).
        base = languages.base(code)
        return next((c for c in self.others if languages.base(c) == base), self.language)

    def for_language(self, language: str) -> Understander:
        """The understanding step of `language` (loaded on first use)."""
        if language == self.language or self._build is None or language not in self.others:
            return self._default()
        with self._lock:
            found = self._loaded.get(language)
            if found is None:
                recognizer = self._build(language)
                reader = self._readers(recognizer) if self._readers is not None else None
                found = understander_for(
                    recognizer, self._rescoring_cfg, reader, self.asides, self.sensible
                )
                self._loaded[language] = found
        return found

    def understand(self, transcript: Transcript, expected: Sequence[str] = ()) -> Understood:
        """Read `transcript` in its language; the result names the language it was read in.

        `expected`: the answers to the question just asked, decoded first in the language the
        turn is read in (not by the other languages a typed turn is tried in after the default).
        """
        language = self.language_of(transcript)
        if language:
            return self._read(language, transcript, expected)
        # No language (a typed turn): the default first, then the first other that understands.
        first = self._read(self.language, transcript, expected)
        if isinstance(first, IntentRecognized) or self._build is None:
            return first
        for other in self.others:
            found = self._read(other, transcript)
            if isinstance(found, IntentRecognized):
                return found
        return first

    def _read(
        self, language: str, transcript: Transcript, expected: Sequence[str] = ()
    ) -> Understood:
        tagged = transcript_in_script(dataclasses.replace(transcript, language=language), language)
        understander = self.for_language(language)
        if understander is self:
            return super().understand(tagged, expected)
        return understander.understand(tagged, expected)

    def _default(self) -> Understander:
        return self
