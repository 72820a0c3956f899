""""What did you say?": the session's last reply said again.

A reply spoken over a running tap or cut short by a cough is lost to the listener; people ask
for it again ("say that again", "wie bitte?", "tu peux répéter ?", "¿qué dijiste?", "再说一遍").
Without this the turn went to the brain, which has no record of replies it did not write
(gemma-3-270m answered "Sorry, I didn t catch that."), or was "not understood".

As with thanks (`dialogue.social`), these phrases are not commands: nothing enters the grammar the
recogniser is constrained to, and the whole turn must be the request. A lone "what?" or "sorry?"
is not taken (nor "comment ?", "¿cómo?", "什么？"): Whisper writes such words for noise.
"""

from __future__ import annotations

import re
from typing import Final

from sayso import languages
from sayso.dialogue import social

_EN_PLEASE = r"(?: please)?"
PHRASES: Final[dict[str, re.Pattern[str]]] = {
    "en": re.compile(
        r"^(?:sorry |excuse me |pardon )?(?:"
        r"(?:can|could|would) you (?:please )?(?:repeat|say) (?:that|it|this)(?: again)?"
        r"|(?:please )?(?:repeat|say) (?:that|it|this) again|(?:please )?repeat(?: that| it)?"
        r"|say again|come again|pardon(?: me)?|i beg your pardon"
        r"|what (?:did|was) (?:you|that) (?:say|said|just say)|what was that"
        r"|i (?:didn t|did not|couldn t|could not) (?:hear|catch|get) (?:that|it|you)"
        r"|what did you just say|one more time"
        r")" + _EN_PLEASE + "$"
    ),
    "de": re.compile(
        r"^(?:wie bitte|was hast du (?:gerade )?gesagt|wiederhole? (?:das|es)(?: bitte)?"
        r"|(?:kannst|könntest) du (?:das|es) (?:bitte )?"
        r"(?:wiederholen|nochmal sagen|noch mal sagen)"
        r"|sag (?:das|es) (?:bitte )?(?:nochmal|noch mal|noch einmal)|nochmal bitte|noch mal bitte"
        r"|ich habe (?:das|dich) nicht verstanden)$"
    ),
    "fr": re.compile(
        r"^(?:pardon|répète|répète ça|répète s il te plaît|répétez|répétez s il vous plaît"
        r"|(?:tu peux|peux tu|pouvez vous|vous pouvez) répéter(?: s il te plaît| s il vous plaît)?"
        r"|qu est ce que tu as dit|qu as tu dit|tu as dit quoi|je n ai pas compris)$"
    ),
    "es": re.compile(
        r"^(?:repite|repítelo|repite eso|repite por favor|perdón|qué dijiste"
        r"|(?:puedes|podrías) repetir(?:lo)?(?: por favor)?|qué has dicho|no te he oído"
        r"|no te oí|no entendí)$"
    ),
    "zh": re.compile(r"^(?:请)?(?:再说一遍|再说一次|你说什么|你刚才说什么|重复一下|请重复)$"),
}  # fmt: skip
"""Per language: the whole turn asking for the last reply, as `social.normalised` writes it
(lower case; punctuation, hyphens and apostrophes are spaces: "didn t", "qu est ce que")."""

HEARD_PHRASES: Final[dict[str, re.Pattern[str]]] = {
    "en": re.compile(
        r"^(?:what did i (?:just )?say|what did you (?:just )?hear|what did you think i said"
        r"|what do you think i said|what did you understand)" + _EN_PLEASE + "$"
    ),
    "de": re.compile(
        r"^(?:was hast du (?:gerade )?(?:gehört|verstanden)|was habe ich (?:gerade )?gesagt)$"
    ),
    "fr": re.compile(
        r"^(?:qu est ce que tu as (?:entendu|compris)|qu as tu (?:entendu|compris)"
        r"|qu est ce que j ai dit|j ai dit quoi)$"
    ),
    "es": re.compile(
        r"^(?:qué (?:has oído|oíste|entendiste|has entendido)|qué (?:dije|he dicho))$"
    ),
    "zh": re.compile(r"^(?:你听到了什么|你听到什么|我刚才说了什么|我说了什么)$"),
}  # fmt: skip
"""Per language: the whole turn asking what sayso heard last ("what did you hear?"): after a
"Sorry, I didn't understand that." the words it read tell the speaker what went wrong."""

HEARD: Final[dict[str, str]] = {
    "en": 'I heard: "{text}".',
    "de": "Ich habe verstanden: „{text}“.",
    "fr": "J'ai entendu : « {text} ».",
    "es": "He oído: «{text}».",
    "zh": "我听到的是：“{text}”。",
}
"""How the last turn's words are said back."""

NOTHING_HEARD_YET: Final[dict[str, str]] = {
    "en": "I haven't heard anything yet.",
    "de": "Ich habe noch nichts gehört.",
    "fr": "Je n'ai encore rien entendu.",
    "es": "Todavía no he oído nada.",
    "zh": "我还什么都没听到。",
}

NOTHING_YET: Final[dict[str, str]] = {
    "en": "I haven't said anything yet.",
    "de": "Ich habe noch nichts gesagt.",
    "fr": "Je n'ai encore rien dit.",
    "es": "Todavía no he dicho nada.",
    "zh": "我还什么都没说。",
}
"""The answer when the session has had no reply yet."""


def asked(text: str, language: str) -> str | None:
    """The language `text` asks for the last reply in (the turn's first), or None."""
    return _asked_in(text, language, PHRASES)


def heard_asked(text: str, language: str) -> str | None:
    """The language `text` asks what was heard last in (the turn's first), or None."""
    return _asked_in(text, language, HEARD_PHRASES)


def _asked_in(text: str, language: str, phrases: dict[str, re.Pattern[str]]) -> str | None:
    """The language whose `phrases` the whole turn is: the turn's own first, then any other."""
    said = social.normalised(text)
    own = languages.base(language or "en")
    for lang in (own, *(code for code in phrases if code != own)):
        pattern = phrases.get(lang)
        if pattern is not None and pattern.match(said):
            return language if lang == own else lang
    return None


def heard(text: str, language: str) -> str:
    """The last turn's words said back in `language` ("I heard: …"), or that there were none."""
    lang = languages.base(language or "en")
    if not text:
        return NOTHING_HEARD_YET.get(lang, NOTHING_HEARD_YET["en"])
    return HEARD.get(lang, HEARD["en"]).format(text=text.strip().rstrip(".?!。？！"))


def nothing_yet(language: str) -> str:
    """"I haven't said anything yet." in `language` (English where there is none)."""
    return NOTHING_YET.get(languages.base(language or "en"), NOTHING_YET["en"])
