"""A joke when asked for one: "tell me a joke", "tell me another one" (SaysoTellJoke).

Until round 36 jokes were left to the brain, on the view that a user's own LLM tells better
ones than a list. The embedded gemma-3-270m tells none ("Sorry, I'm not sure what you want me
to do."), and without an LLM the request was not understood; commercial speakers tell jokes
from a written list for the same reason, a list is short, kind and safe for children. These
are written here (short puns that read well aloud), in each language the grammar serves.

Each language's jokes are told in a shuffled order, all before any comes again, so "another
one" is another one. The order is the process's (`_DECKS`): one household's jokes, not
stored, since a joke told again after a restart harms nothing.
"""

from __future__ import annotations

import random
import threading
from typing import Final

from sayso import languages
from sayso.actions.outcome import Context, HandlerFn, Outcome
from sayso.events.understanding import IntentRecognized

JOKE: Final = "SaysoTellJoke"

JOKES: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "Why don't scientists trust atoms? Because they make up everything.",
        "What do you call a fake noodle? An impasta.",
        "Why did the scarecrow win an award? Because he was outstanding in his field.",
        "Why can't a bicycle stand up by itself? Because it's two tired.",
        "What do you call a bear with no teeth? A gummy bear.",
        "Why don't eggs tell jokes? They'd crack each other up.",
        "What do you call a sleeping dinosaur? A dino-snore.",
        "Why did the coffee call the police? It got mugged.",
        "Why was the math book sad? It had too many problems.",
        "What did the ocean say to the beach? Nothing, it just waved.",
        "Why did the cookie go to the doctor? Because it felt crummy.",
        "How does a penguin build its house? Igloos it together.",
        "Why did the voice assistant go to school? To work on its listening skills.",
        "What do you call a belt made of watches? A waist of time.",
        "Why are elevator jokes so good? They work on so many levels.",
    ),
    "de": (
        "Was ist orange und läuft durch den Wald? Eine Wanderine.",
        "Was ist grün und klopft an die Tür? Ein Klopfsalat.",
        "Treffen sich zwei Magnete. Sagt der eine: Was soll ich heute bloß anziehen?",
        "Warum können Geister so schlecht lügen? Weil man durch sie hindurchsieht.",
        "Was macht ein Pirat am Computer? Er drückt die Enter-Taste.",
        "Was sagt der große Stift zum kleinen Stift? Wachsmalstift.",
        "Wie nennt man einen Bumerang, der nicht zurückkommt? Stock.",
    ),
    "fr": (
        "Quel est le comble pour un électricien ? De ne pas être au courant.",
        "Pourquoi les plongeurs plongent-ils toujours en arrière ? Parce que sinon, ils "
        "tombent dans le bateau.",
        "Que dit une imprimante dans l'eau ? J'ai papier.",
        "Quel est le comble pour un jardinier ? Raconter des salades.",
        "Que fait une fraise sur un cheval ? Tagada, tagada.",
        "Pourquoi les poissons détestent-ils l'ordinateur ? À cause du net.",
    ),
    "es": (
        "¿Qué le dice un techo a otro techo? Techo de menos.",
        "¿Cuál es el café más peligroso del mundo? El ex-preso.",
        "¿Qué le dice un pez a otro pez? Nada.",
        "¿Por qué el libro de matemáticas está triste? Porque tiene muchos problemas.",
        "¿Cómo se despiden los químicos? Ácido un placer.",
        "¿Qué hace una abeja en el gimnasio? ¡Zumba!",
    ),
}
"""Per language, the jokes told (question and answer, one turn)."""


class _Deck:
    """One language's jokes in a shuffled order, dealt one by one, then shuffled again."""

    def __init__(self, jokes: tuple[str, ...]) -> None:
        self._jokes = jokes
        self._left: list[str] = []
        self._last = ""
        self._lock = threading.Lock()  # two sessions may ask at once

    def deal(self) -> str:
        with self._lock:
            if not self._left:
                self._left = random.sample(self._jokes, len(self._jokes))
                if len(self._left) > 1 and self._left[-1] == self._last:  # not twice in a row
                    self._left[0], self._left[-1] = self._left[-1], self._left[0]
            self._last = self._left.pop()
            return self._last


_DECKS: Final[dict[str, _Deck]] = {lang: _Deck(jokes) for lang, jokes in JOKES.items()}


def tell_joke(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoTellJoke: the next joke of the request's language (English where it has none)."""
    lang = languages.base(intent.language or "en")
    joke = _DECKS.get(lang, _DECKS["en"]).deal()
    return Outcome(joke, data={"joke": joke})


HANDLERS: Final[dict[str, HandlerFn]] = {JOKE: tell_joke}
"""Intent name → handler for this module."""
