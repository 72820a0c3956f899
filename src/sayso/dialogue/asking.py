"""What sayso asks before acting, and the answers it hears, in the language of the turn.

A short command ("Küchenlicht an") or an unlock is asked about before it runs, and only a later
"yes" runs it (`dialogue/confirm.py`). The question was English and only English answers were
heard, so in German, French, Spanish or Chinese such a command could never run: "Turn on the
kitchen light?", then "ja" was neither a yes nor a no. These are written here for the languages
sayso ships grammars for; another language is asked in English and heard in English and its own
nothing.

The questions name the device as the home names it in that language, else as the user said it,
and need no article ("Küchenlicht einschalten?", "¿Enciendo lámpara?" would need one; the
infinitive or the first person keeps them short).
"""

from __future__ import annotations

import re
from typing import Final

from sayso.languages import base

QUESTIONS: Final[dict[str, dict[str, str]]] = {
    "de": {
        "did_you_mean": "Meintest du: {name}?",
        "turn_on": "{name} einschalten?", "turn_off": "{name} ausschalten?",
        "open": "{name} öffnen?", "close": "{name} schließen?",
        "lock": "{name} abschließen?", "unlock": "{name} aufschließen?",
        "clear_shopping": "Einkaufsliste leeren?", "clear_list": "Liste {name} leeren?",
        "inside": "Drinnen sind es {name} Grad.", "warmer": "Auf {name} Grad stellen?",
        "warmer_off": "Die Heizung ist aus. Auf {name} Grad einschalten?",
        "later": "In {duration}: {question}",
        "denied": "Okay, mache ich nicht.",
        "expired": "Die Frage ist abgelaufen, ich habe nichts getan.",
    },
    "fr": {
        "did_you_mean": "Vouliez-vous dire : {name} ?",
        "turn_on": "Allumer {name} ?", "turn_off": "Éteindre {name} ?",
        "open": "Ouvrir {name} ?", "close": "Fermer {name} ?",
        "lock": "Verrouiller {name} ?", "unlock": "Déverrouiller {name} ?",
        "clear_shopping": "Vider la liste de courses ?", "clear_list": "Vider la liste {name} ?",
        "inside": "Il fait {name} degrés à l'intérieur.", "warmer": "Régler à {name} degrés ?",
        "warmer_off": "Le chauffage est éteint. L'allumer à {name} degrés ?",
        "later": "Dans {duration} : {question}",
        "denied": "D'accord, je ne le fais pas.",
        "expired": "La demande a expiré, je n'ai rien fait.",
    },
    "es": {
        "did_you_mean": "¿Quisiste decir: {name}?",
        "turn_on": "¿Enciendo {name}?", "turn_off": "¿Apago {name}?",
        "open": "¿Abro {name}?", "close": "¿Cierro {name}?",
        "lock": "¿Bloqueo {name}?", "unlock": "¿Desbloqueo {name}?",
        "clear_shopping": "¿Vacío la lista de la compra?", "clear_list": "¿Vacío la lista {name}?",
        "inside": "Dentro hace {name} grados.", "warmer": "¿Lo pongo a {name} grados?",
        "warmer_off": "La calefacción está apagada. ¿La enciendo a {name} grados?",
        "later": "Dentro de {duration}: {question}",
        "denied": "Vale, no lo hago.",
        "expired": "La petición ha caducado, no he hecho nada.",
    },
    "zh": {
        "did_you_mean": "你是说“{name}”吗？",
        "turn_on": "要打开{name}吗？", "turn_off": "要关闭{name}吗？",
        "open": "要打开{name}吗？", "close": "要关上{name}吗？",
        "lock": "要锁上{name}吗？", "unlock": "要解锁{name}吗？",
        "clear_shopping": "要清空购物清单吗？", "clear_list": "要清空{name}清单吗？",
        "later": "{duration}后：{question}",
        "denied": "好的，不做了。",
        "expired": "请求已超时，我什么也没做。",
    },
}  # fmt: skip
"""Per base language: the question before each kind of action, and what a no or a late yes gets."""

UNITS: Final[dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]]] = {
    "de": (("Stunde", "Stunden"), ("Minute", "Minuten"), ("Sekunde", "Sekunden")),
    "fr": (("heure", "heures"), ("minute", "minutes"), ("seconde", "secondes")),
    "es": (("hora", "horas"), ("minuto", "minutos"), ("segundo", "segundos")),
    "zh": (("小时", "小时"), ("分钟", "分钟"), ("秒", "秒")),
}
"""Hours, minutes, seconds (one, many) per base language."""

YES: Final[dict[str, str]] = {
    "de": r"(ja|jawohl|jep|klar|genau|okay|ok|richtig|gerne|sicher|mach das|mach es|bestätigt)"
          r"( bitte| danke| mach das| mach es| gerne| genau)*",
    "fr": r"(oui|ouais|d'accord|vas y|allez y|bien sûr|exactement|c'est ça|ok|okay|confirme)"
          r"( s'il te plaît| s'il vous plaît| merci| vas y| allez y)*",
    "es": r"(sí|si|claro|vale|de acuerdo|hazlo|adelante|correcto|por supuesto|ok|okay|venga)"
          r"( por favor| gracias| hazlo| adelante)*",
    "zh": r"(是|是的|对|对的|好|好的|好啊|好吧|可以|可以的|确定|确认|行|嗯|没错)",
}  # fmt: skip
"""A whole answer that is a yes, per base language (words lower-cased, punctuation dropped)."""

NO: Final[dict[str, str]] = {
    "de": r"(nein|nee|nö|lieber nicht|nicht|abbrechen|stopp|auf keinen fall|vergiss es)\b",
    "fr": r"(non|annule|laisse tomber|pas maintenant|surtout pas|arrête)\b",
    "es": r"(no|cancela|déjalo|mejor no|para|olvídalo)\b",
    "zh": r"(不|别|取消|算了|没有)",
}
"""The start of an answer that is a no, per base language."""


ANSWERS: Final[dict[str, tuple[str, ...]]] = {
    "de": ("ja", "ja bitte", "genau", "klar", "nein", "nein danke", "lieber nicht"),
    "fr": ("oui", "oui merci", "d'accord", "non", "non merci"),
    "es": ("sí", "sí por favor", "vale", "claro", "no", "no gracias"),
    "zh": ("是", "是的", "好", "好的", "可以", "不", "不要", "取消"),
}  # fmt: skip
"""Answers to a question in each language, decoded first after it is asked (beside English's
`confirm.ANSWERS`); each is a yes or a no by `answer`."""


def answers(language: str) -> tuple[str, ...]:
    """The answers to decode first after a question asked in `language` (none: English only)."""
    return ANSWERS.get(base(language), ())


def question(kind: str, name: str, language: str) -> str | None:
    """The question before action `kind` on `name` in `language`; None: ask in English."""
    template = QUESTIONS.get(base(language), {}).get(kind)
    return template.format(name=name) if template else None


def later(asked: str, seconds: float, language: str) -> str | None:
    """`asked`, for a command a timer runs in `seconds`; None: ask in English."""
    template = QUESTIONS.get(base(language), {}).get("later")
    units = UNITS.get(base(language))
    if template is None or units is None:
        return None
    total = round(seconds)
    amounts = (total // 3600, total % 3600 // 60, total % 60)
    parts = [f"{n} {unit[n != 1]}" for n, unit in zip(amounts, units, strict=True) if n]
    return template.format(duration=" ".join(parts) or f"0 {units[2][1]}", question=asked)


def said(kind: str, language: str) -> str | None:
    """What a no ("denied") or a late yes ("expired") gets in `language`; None: English."""
    return QUESTIONS.get(base(language), {}).get(kind)


def answer(cleaned: str, language: str) -> bool | None:
    """True for a yes, False for a no in `language`, None when it is neither (or no table)."""
    lang = base(language)
    if lang not in YES:
        return None
    if re.fullmatch(YES[lang], cleaned):
        return True
    if re.match(NO[lang], cleaned):
        return False
    return None
