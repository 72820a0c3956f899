"""Follow-ups in German, French and Spanish: "schalte es aus", "éteins-la", "apágala".

English swaps a pronoun for "the <name>" (`follow_ups.rewrites`). These languages put the object
elsewhere, so each has its own rules (`RULES`):

* German says the pronoun apart ("schalte es aus", "mach sie an"), or a demonstrative before the
  verb's particle ("mach das aus").
* French hangs a clitic on an imperative ("éteins-la") or sets it before an infinitive ("peux-tu
  l'éteindre", "tu peux la fermer").
* Spanish fuses it to the verb ("apágala", "puedes apagarla").

The rewrite puts the last command's object phrase there: the command's words without its verb
and particles ("schalte das Küchenlicht ein" → "das küchenlicht"; "allume la lumière de la
cuisine" → "la lumière de la cuisine"). An "also" turn ("und im Flur auch", "et celle du
couloir", "y la del pasillo") becomes the last command with the object's head ("das Licht", "la
lumière", "la luz") and the new place, or with a new name. As in English, the grammar decides:
a rewrite counts only when it reads as the last command's intent and names a target of its kind.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Final

from sayso import languages
from sayso.actions.one_of_many import SINGULAR
from sayso.dialogue.fragments import names_action

MAX_ALSO_WORDS: Final = 6
"""Longest "also" turn taken as a new place or name (words, markers dropped)."""


@dataclasses.dataclass(frozen=True)
class Rules:
    """How one language refers back to, and adds to, the last command's object."""

    conjunctions: frozenset[str]
    """Words that join two commands or open an "also" turn ("und", "et", "y")."""
    also_before: frozenset[str]
    """Words that open an "also" turn beside the conjunctions ("auch", "pareil pour")."""
    also_after: frozenset[str]
    """Words that close one ("auch", "aussi", "también")."""
    verbs: frozenset[str]
    """Verbs and polite openings a command starts with, stripped off its object phrase; a
    clitic is fused to (Spanish) or set before (French) one of these."""
    particles: frozenset[str] = frozenset()
    """Words a command ends with, stripped off its object phrase ("ein", "aus", "einschalten")."""
    pronouns: frozenset[str] = frozenset()
    """Object pronouns said apart, anywhere ("es", "ihn")."""
    demonstratives: frozenset[str] = frozenset()
    """Pronouns only at the end or before a particle ("mach das aus", "éteins la")."""
    clitics: tuple[str, ...] = ()
    """Object pronouns fused to a verb, longest first ("apágalas" before "apágala")."""
    substitutes: frozenset[str] = frozenset()
    """Words that stand for the object's head before a place ("celle du couloir", "la del
    pasillo", "die im Flur")."""
    of: dict[str, str] = dataclasses.field(default_factory=dict)
    """Article → "of" + article, to put a place after a head ("la chambre" → "de la chambre")."""
    proclitic: bool = False
    """A clitic may stand before an infinitive ("tu peux la fermer": French)."""
    fused: bool = False
    """A clitic is written onto the verb ("apágala": Spanish)."""


TIMER_SAID: Final[dict[str, str]] = {
    "de": "den Timer", "fr": "le minuteur", "es": "el temporizador",
}  # fmt: skip
"""What a timer's pronoun stands for: "brich ihn ab" → "brich den Timer ab"."""

RULES: Final[dict[str, Rules]] = {
    "de": Rules(
        conjunctions=frozenset({"und"}),
        also_before=frozenset({"auch", "ebenso", "genauso"}),
        also_after=frozenset({"auch", "ebenfalls", "bitte"}),
        verbs=frozenset({
            "schalte", "schalt", "mach", "mache", "stell", "stelle", "dimme", "öffne", "schließe",
            "schließ", "setz", "setze", "bitte", "kannst", "könntest", "würdest", "du", "ist",
            "sind", "stopp", "stoppe", "pausiere", "brich",
        }),
        particles=frozenset({
            "an", "aus", "ein", "ab", "auf", "zu", "hoch", "runter", "heller", "dunkler", "bitte",
            "einschalten", "ausschalten", "anmachen", "ausmachen", "anschalten", "öffnen",
            "schließen", "hochfahren", "runterfahren", "eingeschaltet", "ausgeschaltet",
            "offen", "geschlossen", "noch",
        }),
        pronouns=frozenset({"es", "ihn"}),
        demonstratives=frozenset({"das", "die", "den", "sie"}),
        substitutes=frozenset({"die", "der", "das", "den", "dem"}),
    ),
    "fr": Rules(
        conjunctions=frozenset({"et"}),
        also_before=frozenset({"aussi", "pareil", "pour", "idem", "même", "chose"}),
        also_after=frozenset({"aussi", "également"}),
        verbs=frozenset({
            "allume", "éteins", "ouvre", "ferme", "monte", "baisse", "mets", "active",
            "désactive", "verrouille", "déverrouille", "rallume", "allumer", "éteindre",
            "ouvrir", "fermer", "monter", "baisser", "mettre", "activer", "désactiver",
            "verrouiller", "déverrouiller", "peux", "pourrais", "tu", "vous", "pouvez",
            "pourriez", "peux-tu", "s'il", "te", "plaît", "plait", "est-ce", "est", "ce", "que",
            "annule", "arrête", "annuler", "arrêter",
        }),
        particles=frozenset({
            "allumée", "allumé", "allumées", "allumés", "éteinte", "éteint", "éteintes",
            "ouverte", "ouvert", "fermée", "fermé", "est", "encore",
        }),
        demonstratives=frozenset({"le", "la", "les"}),
        clitics=("les", "le", "la", "l'"),
        substitutes=frozenset({"celle", "celui", "ceux", "celles"}),
        of={"le": "du", "les": "des", "la": "de la", "l'": "de l'"},
        proclitic=True,
    ),
    "es": Rules(
        conjunctions=frozenset({"y", "e"}),
        also_before=frozenset({"también", "igual", "lo", "mismo", "con", "para"}),
        also_after=frozenset({"también", "igualmente", "tambien"}),
        verbs=frozenset({
            "enciende", "apaga", "abre", "cierra", "sube", "baja", "pon", "activa", "desactiva",
            "bloquea", "desbloquea", "prende", "encender", "apagar", "abrir", "cerrar", "subir",
            "bajar", "poner", "activar", "desactivar", "bloquear", "desbloquear", "prender",
            "puedes", "podrías", "podrias", "por", "favor", "está", "están", "cancela",
            "cancelar", "pausa", "pausar", "para", "parar", "detén", "detener",
        }),
        particles=frozenset({
            "encendida", "encendido", "encendidas", "apagada", "apagado", "apagadas",
            "abierta", "abierto", "cerrada", "cerrado", "todavía", "aún",
        }),
        clitics=("las", "los", "la", "lo"),
        substitutes=frozenset({"la", "el", "las", "los"}),
        of={"el": "del", "la": "de la", "los": "de los", "las": "de las"},
        fused=True,
    ),
}
"""Per base language (`languages.base`); English has its own (`follow_ups`)."""


def rules_for(language: str | None) -> Rules | None:
    """The rules of `language`, None for English and languages without any."""
    return RULES.get(languages.base(language or "en"))


def tokens(text: str) -> list[str]:
    """Words as written; one hyphenated onto the word before keeps its "-" ("éteins", "-la").

    Case is kept for the rewrite ("Jalousie geschlossen" is said back as written) and ignored
    where words are compared (`_low`).
    """
    return re.findall(r"-?[\w']+", text.replace("’", "'"))


def plain_words(text: str) -> list[str]:
    """`tokens` without the hyphen marks: "Éteins-la" → "Éteins", "la"."""
    return [_plain(t) for t in tokens(text)]


def _plain(token: str) -> str:
    return token.lstrip("-")


@functools.cache
def _folded(verbs: frozenset[str]) -> frozenset[str]:
    """`verbs` without accents, as a fused clitic's stem is compared ("podrías", "detén")."""
    return frozenset(languages.fold(v) for v in verbs)


def _low(token: str) -> str:
    return _plain(token).lower()


def object_phrase(text: str, rules: Rules) -> tuple[list[str], list[str], list[str]]:
    """A command split as (opening, object, ending): its verb, what it acted on, its particle."""
    words = plain_words(text)
    start, end = 0, len(words)
    while start < end and words[start].lower() in rules.verbs:
        start += 1
    while end > start and words[end - 1].lower() in rules.particles:
        end -= 1
    return words[:start], words[start:end], words[end:]


def head(obj: list[str], language: str) -> list[str]:
    """The object's article and kind word: "das licht" of "das küchenlicht".

    "la luz" of "la luz de la cocina"; [] when it names no kind. A German compound's last part
    is its kind and gives it its gender ("die stehlampe" → "die lampe").
    """
    singular = SINGULAR.get(languages.base(language))
    if singular is None:
        return []
    german = languages.base(language) == "de"
    for i, word in enumerate(obj):
        low = word.lower()
        kind = next((k for k in singular.kinds if low == k or (german and low.endswith(k))), None)
        if kind is None:
            continue
        said = word if low == kind else (kind.capitalize() if word[:1].isupper() else kind)
        article = obj[i - 1] if i and obj[i - 1].lower() in singular.articles else ""
        return [w for w in (article, said) if w]
    return []


def rewrites(
    text: str, referent_text: str, span: str, intent: str, language: str
) -> list[tuple[str, str | None]]:
    """Sentences `text` may stand for after `referent_text`, best first, each with its intent.

    The intent it must read as is None (any) for a pronoun: it may turn a command into a
    question ("ist es an?"); an "also" turn must read as the last command's.
    """
    rules = rules_for(language)
    if rules is None:
        return []
    found = pronoun_rewrites(text, referent_text, language)
    if found:
        return [(s, None) for s in found]
    words = plain_words(text)
    low = [w.lower() for w in words]
    if not low or not (
        low[0] in rules.conjunctions | rules.also_before or low[-1] in rules.also_after
    ):
        return []
    what = _what(words, rules)
    return [(s, intent) for s in also_rewrites(what, referent_text, span, language)]


def _what(words: list[str], rules: Rules) -> list[str]:
    """An "also" turn without its markers: "und im Flur auch" → "im flur"."""
    start, end = 0, len(words)
    while start < end and words[start].lower() in rules.conjunctions | rules.also_before:
        start += 1
    while end > start and words[end - 1].lower() in rules.also_after:
        end -= 1
    return words[start:end]


def more(text: str, referent_text: str, span: str, language: str) -> list[str]:
    """The second half of two joined commands as the first one's "also" turn.

    "das Flurlicht aus" of "schalte das Küchenlicht und das Flurlicht aus" → "schalte das
    flurlicht aus".
    """
    rules = rules_for(language)
    if rules is None:
        return []
    words = plain_words(text)
    while words and words[-1].lower() in rules.particles:
        words.pop()  # the shared particle, put back from the first command's own ending
    return also_rewrites(_what(words, rules), referent_text, span, language)


def also_rewrites(what: list[str], referent_text: str, span: str, language: str) -> list[str]:
    """The last command with a new place or name in its object, best first.

    After "allume la lumière de la cuisine": "celle du couloir" → "la lumière du couloir", "dans
    le couloir" → "la lumière dans le couloir", "la chambre" → "la lumière de la chambre", "la
    lumière du salon" as said. After "schalte das Licht in der Küche ein": "im Flur" and "das
    Wohnzimmer" (its place swapped: "das licht in der wohnzimmer").
    """
    rules = rules_for(language)
    singular = SINGULAR.get(languages.base(language))
    if rules is None or singular is None or not what or len(what) > MAX_ALSO_WORDS:
        return []
    opening, obj, ending = object_phrase(referent_text, rules)
    if not obj:
        return []
    top, first = head(obj, language), what[0].lower()
    phrases = []
    if top and first in rules.substitutes and len(what) > 1:
        phrases.append([*top, *what[1:]])
    if top and first not in singular.articles:
        phrases.append([*top, *what])
    if top and first in rules.of:
        phrases.append([*top, *rules.of[first].split(), *what[1:]])
    phrases.append(what)
    named = plain_words(span)
    place = what[1:] if first in singular.articles or first in rules.substitutes else what
    at = _find(obj, named)
    if at >= 0 and place:
        phrases.append([*obj[:at], *place, *obj[at + len(named) :]])
    return list(dict.fromkeys(" ".join([*opening, *p, *ending]) for p in phrases))


def _find(words: list[str], part: list[str]) -> int:
    low, part = [w.lower() for w in words], [w.lower() for w in part]
    for i in range(len(low) - len(part) + 1):
        if part and low[i : i + len(part)] == part:
            return i
    return -1


def pronoun_rewrites(text: str, referent_text: str, language: str) -> list[str]:
    """`text` with its object pronoun replaced by the object of `referent_text` (best first).

    "schalte es aus" after "schalte das küchenlicht ein" → "schalte das küchenlicht aus";
    "éteins-la" → "éteins la lumière de la cuisine"; "puedes apagarla" → "puedes apagar la luz
    de la cocina". Only where the rest of the turn names an action ("es." alone is no command).
    """
    rules = rules_for(language)
    if rules is None:
        return []
    _, obj, _ = object_phrase(referent_text, rules)
    said = tokens(text)
    if not obj or not said:
        return []
    out = []
    for before, after in _spots(said, rules):
        if _acts([*before, *after], language, rules):
            out.append(" ".join([*before, *obj, *after]))
    return list(dict.fromkeys(out))


def _spots(said: list[str], rules: Rules) -> list[tuple[list[str], list[str]]]:
    """Where the object goes, one per pronoun: (the words before it, the words after it).

    A pronoun said apart is replaced where it is; a fused or elided one leaves its verb before
    the object ("apágala" → "apaga …", "l'éteindre" → "éteindre …"); a French clitic before an
    infinitive moves after it ("tu peux la fermer" → "tu peux fermer …").
    """
    out = []
    for i, token in enumerate(said):
        word = _low(token)
        before = [_plain(t) for t in said[:i]]
        after = [_plain(t) for t in said[i + 1 :]]
        next_word = after[0].lower() if after else ""
        if (
            word in rules.pronouns
            or (word in rules.demonstratives and (not after or next_word in rules.particles))
            or (token.startswith("-") and word in rules.clitics)
        ):
            out.append((before, after))
        elif "l'" in rules.clitics and word.startswith("l'") and word[2:] in rules.verbs:
            out.append(([*before, _plain(token)[2:]], after))
        elif rules.proclitic and word in rules.clitics and _infinitive(next_word, rules):
            out.append(([*before, after[0]], after[1:]))
        elif rules.fused:
            for clitic in rules.clitics:
                stem = languages.fold(word.removesuffix(clitic))
                if word.endswith(clitic) and len(stem) > 2 and stem in _folded(rules.verbs):
                    out.append(([*before, stem], after))
                    break
    return out


def _infinitive(word: str, rules: Rules) -> bool:
    return word in rules.verbs and word.endswith(("er", "re", "ir"))


def _acts(rest: list[str], language: str, rules: Rules) -> bool:
    low = [w.lower() for w in rest]
    return any(w in rules.verbs or w in rules.particles for w in low) or names_action(
        " ".join(rest), language
    )
