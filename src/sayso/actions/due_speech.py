"""What a due timer or alarm says, in the assistant's language.

Home Assistant's response templates have no sentence for a timer that ends (its satellites
play a sound), so these are sayso's own, one set per language it ships a voice and a grammar
fixture for; any other language gets English.
"""

from __future__ import annotations

from typing import Final

from sayso.languages import base

SENTENCES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "timer": "Your timer is done.",
        "named": "Your {name} timer is done.",
        "timer_missed": "Your timer finished while I was off.",
        "named_missed": "Your {name} timer finished while I was off.",
        "alarm": "It's {clock}. Your alarm is ringing.",
        "alarm_labelled": "It's {clock}. Reminder: {label}.",  # labels come from "remind me to"
        "alarm_missed": "You missed your {clock} alarm.",
        "alarm_labelled_missed": "You missed your {clock} reminder: {label}.",
        "command_not_run": '"{command}" was due at {clock} and did not run.',
    },
    "de": {
        "timer": "Dein Timer ist abgelaufen.",
        "named": "Dein Timer {name} ist abgelaufen.",
        "timer_missed": "Dein Timer ist abgelaufen, während ich aus war.",
        "named_missed": "Dein Timer {name} ist abgelaufen, während ich aus war.",
        "alarm": "Es ist {clock} Uhr. Dein Wecker klingelt.",
        "alarm_labelled": "Es ist {clock} Uhr. Dein Wecker klingelt ({label}).",
        "alarm_missed": "Du hast deinen Wecker um {clock} Uhr verpasst.",
        "alarm_labelled_missed": "Du hast deinen Wecker um {clock} Uhr verpasst ({label}).",
        "command_not_run": "„{command}“ war um {clock} Uhr fällig und wurde nicht ausgeführt.",
    },
    "fr": {
        "timer": "Votre minuteur est terminé.",
        "named": "Votre minuteur {name} est terminé.",
        "timer_missed": "Votre minuteur s'est terminé pendant que j'étais éteint.",
        "named_missed": "Votre minuteur {name} s'est terminé pendant que j'étais éteint.",
        "alarm": "Il est {clock}. Votre alarme sonne.",
        "alarm_labelled": "Il est {clock}. Votre alarme sonne ({label}).",
        "alarm_missed": "Vous avez manqué votre alarme de {clock}.",
        "alarm_labelled_missed": "Vous avez manqué votre alarme de {clock} ({label}).",
        "command_not_run": "« {command} » était prévu à {clock} et n'a pas été exécuté.",
    },
    "es": {
        "timer": "Tu temporizador ha terminado.",
        "named": "Tu temporizador {name} ha terminado.",
        "timer_missed": "Tu temporizador terminó mientras estaba apagado.",
        "named_missed": "Tu temporizador {name} terminó mientras estaba apagado.",
        "alarm": "Son las {clock}. Tu alarma está sonando.",
        "alarm_labelled": "Son las {clock}. Tu alarma está sonando ({label}).",
        "alarm_missed": "Te perdiste la alarma de las {clock}.",
        "alarm_labelled_missed": "Te perdiste la alarma de las {clock} ({label}).",
        "command_not_run": "«{command}» tocaba a las {clock} y no se ejecutó.",
    },
    "zh": {
        "timer": "计时器时间到了。",
        "named": "{name}计时器时间到了。",
        "timer_missed": "计时器在我关闭期间结束了。",
        "named_missed": "{name}计时器在我关闭期间结束了。",
        "alarm": "现在是{clock}，闹钟响了。",
        "alarm_labelled": "现在是{clock}，闹钟响了（{label}）。",
        "alarm_missed": "你错过了{clock}的闹钟。",
        "alarm_labelled_missed": "你错过了{clock}的闹钟（{label}）。",
        "command_not_run": "“{command}”原定于{clock}执行，但没有执行。",
    },
}
"""Per base language, each kind of announcement; `{clock}` is "7:05" (24-hour), in English
"7:05 AM" (`timeparse.english_clock`)."""


def due_sentence(key: str, language: str, **fields: str) -> str:
    """The sentence `key` in `language` (English when the language has none)."""
    table = SENTENCES.get(base(language) or "en", SENTENCES["en"])
    return table[key].format(**fields)
