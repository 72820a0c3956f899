"""Failure replies in the turn's language, where Home Assistant's error templates have none.

The actions speak English ("There's no timer running."). A turn in another language is answered
from Home Assistant's error templates where one fits (`HA_KEYS`: "no_area", "timer_not_found",
...). For what HA's templates cannot say ("nothing is playing", "for how long?", "must be between
7 and 35") its only other key is "handle_error" ("An unexpected error occurred"), which tells the
user the machine broke when they only asked for something that is not there. These sentences,
written here for the languages sayso's tests and evaluations cover, say what went wrong; a
language without them falls back to HA's keys, then to "handle_error".

Keys are `ActionFailed.key` (the failure code unless the action names a finer one); values are
`str.format` fields the action passes (`ActionFailed.values`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Protocol

from sayso.languages import listed


class Failure(Protocol):
    """What an action says failed (`actions.outcome.ActionFailed`)."""

    code: str
    key: str
    values: Mapping[str, object]


HA_KEYS: Final[Mapping[str, str]] = {
    "no_such_area": "no_area",
    "no_such_floor": "no_floor",
    "no_such_device": "no_domain",
    "no_such_entity": "no_entity",
    "no_timer": "timer_not_found",
    "not_supported": "feature_not_supported",
    "internal": "handle_error",
}
"""sayso's failure keys → Home Assistant's error response keys (others: `SENTENCES`)."""

SENTENCES: Final[Mapping[str, Mapping[str, str]]] = {
    "de": {
        "no_weather": "Das Wetter kann ich ohne Internet nicht abrufen.",
        "nothing_playing": "Es läuft gerade nichts.",
        "nothing_paused": "Gerade ist nichts pausiert.",
        "nothing_queued": "In der Wiedergabeliste ist nichts.",
        "no_timer_running": "Es läuft kein Timer.",
        "no_such_timer": "Ein Timer dieser Länge läuft nicht.",
        "no_timer_paused": "Kein Timer ist pausiert.",
        "which_timer": "Es gibt {count} Timer. Welchen meinst du?",
        "timer_length": "Wie lange soll der Timer laufen?",
        "timer_too_long": "Ein Timer läuft höchstens 24 Stunden. Nimm dafür einen Wecker.",
        "how_much": "Um wie viel?",
        "which_value": "Auf welchen Wert?",
        "out_of_range": "Das geht nur zwischen {low} und {high}, nicht {value}.",
        "not_a_number": "Das ist keine Zahl.",
        "unknown_place": "Die Zeitzone von {place} kenne ich nicht.",
        "unavailable": "Dafür gibt es gerade keinen Messwert.",
        "which_device": "Welches Gerät meinst du?",
        "nothing_ringing": "Gerade klingelt nichts.",
        "already_off": "Das Licht ist aus.",
        "no_light_on": "Es ist kein Licht an.",
        "nothing_to_undo": "Da gibt es nichts rückgängig zu machen.",
        "divide_by_zero": "Durch null kann man nicht teilen.",
        "no_undo": (
            "Ein Schloss mache ich nicht rückgängig. Sag, welche Tür ich ver- oder entriegeln soll."
        ),
        "which_one": "Welches Gerät meinst du? Es gibt {count}: sag den Raum oder den Namen.",
        "which_one_of": "Welches Gerät meinst du: {names}?",
        "unknown_color": "Die Farbe {color} kenne ich nicht.",
        "which_list": "Welche Liste?",
        "no_such_list": "Eine Liste {list} gibt es nicht.",
        "which_item": "Was soll auf die Liste?",
        "no_such_item": "{item} steht nicht auf der Liste {list}.",
        "no_alarm": "Es ist kein Wecker gestellt.",
        "no_alarm_at": "Für {time} ist kein Wecker gestellt.",
        "which_alarm": "Es gibt {count} Wecker. Welchen meinst du?",
        "alarm_time": "Für wann?",
        "invalid_time": "Diese Zeit verstehe ich nicht.",
        "which_contact": "An wen soll ich sie schicken?",
        "no_such_contact": "{contact} kenne ich nicht.",
        "message_body": "Was soll in der Nachricht stehen?",
    },
    "fr": {
        "no_weather": "Je ne peux pas consulter la météo hors ligne.",
        "nothing_playing": "Rien n'est en cours de lecture.",
        "nothing_paused": "Rien n'est en pause.",
        "nothing_queued": "La file de lecture est vide.",
        "no_timer_running": "Aucun minuteur n'est en cours.",
        "no_such_timer": "Aucun minuteur de cette durée n'est en cours.",
        "no_timer_paused": "Aucun minuteur n'est en pause.",
        "which_timer": "Il y a {count} minuteurs. Lequel ?",
        "timer_length": "Pour combien de temps ?",
        "timer_too_long": "Un minuteur dure au plus 24 heures. Utilisez plutôt une alarme.",
        "how_much": "De combien ?",
        "which_value": "À quelle valeur ?",
        "out_of_range": "Ce doit être entre {low} et {high}, pas {value}.",
        "not_a_number": "Ce n'est pas un nombre.",
        "unknown_place": "Je ne connais pas le fuseau horaire de {place}.",
        "unavailable": "Il n'y a pas de mesure pour le moment.",
        "which_device": "Quel appareil ?",
        "nothing_ringing": "Rien ne sonne.",
        "already_off": "La lumière est éteinte.",
        "no_light_on": "Aucune lumière n'est allumée.",
        "nothing_to_undo": "Il n'y a rien à annuler.",
        "divide_by_zero": "On ne peut pas diviser par zéro.",
        "no_undo": "Je n'annule pas une serrure. Dites quelle porte verrouiller ou déverrouiller.",
        "which_one": "Quel appareil ? Il y en a {count} : dites la pièce ou le nom.",
        "which_one_of": "Quel appareil : {names} ?",
        "unknown_color": "Je ne connais pas la couleur {color}.",
        "which_list": "Quelle liste ?",
        "no_such_list": "Il n'y a pas de liste {list}.",
        "which_item": "Qu'est-ce que j'ajoute ?",
        "no_such_item": "{item} n'est pas sur la liste {list}.",
        "no_alarm": "Aucune alarme n'est réglée.",
        "no_alarm_at": "Aucune alarme n'est réglée pour {time}.",
        "which_alarm": "Il y a {count} alarmes. Laquelle ?",
        "alarm_time": "Pour quelle heure ?",
        "invalid_time": "Je ne comprends pas cette heure.",
        "which_contact": "À qui dois-je l'envoyer ?",
        "no_such_contact": "Je ne connais pas {contact}.",
        "message_body": "Que doit dire le message ?",
    },
    "es": {
        "no_weather": "No puedo consultar el tiempo sin conexión.",
        "nothing_playing": "No se está reproduciendo nada.",
        "nothing_paused": "No hay nada en pausa.",
        "nothing_queued": "La lista de reproducción está vacía.",
        "no_timer_running": "No hay ningún temporizador en marcha.",
        "no_such_timer": "No hay ningún temporizador de esa duración en marcha.",
        "no_timer_paused": "No hay ningún temporizador en pausa.",
        "which_timer": "Hay {count} temporizadores. ¿Cuál?",
        "timer_length": "¿Por cuánto tiempo?",
        "timer_too_long": "Un temporizador dura como máximo 24 horas. Usa una alarma.",
        "how_much": "¿Cuánto?",
        "which_value": "¿A qué valor?",
        "out_of_range": "Tiene que ser entre {low} y {high}, no {value}.",
        "not_a_number": "Eso no es un número.",
        "unknown_place": "No conozco la zona horaria de {place}.",
        "unavailable": "Ahora no hay ninguna lectura.",
        "which_device": "¿Qué dispositivo?",
        "nothing_ringing": "No está sonando nada.",
        "already_off": "La luz está apagada.",
        "no_light_on": "No hay ninguna luz encendida.",
        "nothing_to_undo": "No hay nada que deshacer.",
        "divide_by_zero": "No se puede dividir entre cero.",
        "no_undo": "No deshago una cerradura. Di qué puerta bloquear o desbloquear.",
        "which_one": "¿Qué dispositivo? Hay {count}: di la habitación o el nombre.",
        "which_one_of": "¿Qué dispositivo: {names}?",
        "unknown_color": "No conozco el color {color}.",
        "which_list": "¿Qué lista?",
        "no_such_list": "No hay ninguna lista {list}.",
        "which_item": "¿Qué añado?",
        "no_such_item": "{item} no está en la lista {list}.",
        "no_alarm": "No hay ninguna alarma.",
        "no_alarm_at": "No hay ninguna alarma para {time}.",
        "which_alarm": "Hay {count} alarmas. ¿Cuál?",
        "alarm_time": "¿Para qué hora?",
        "invalid_time": "No entiendo esa hora.",
        "which_contact": "¿A quién se lo envío?",
        "no_such_contact": "No conozco a {contact}.",
        "message_body": "¿Qué debe decir el mensaje?",
    },
    "zh": {
        "no_weather": "离线时我查不了天气。",
        "nothing_playing": "现在没有在播放。",
        "nothing_paused": "没有暂停的内容。",
        "nothing_queued": "播放列表是空的。",
        "no_timer_running": "没有正在运行的计时器。",
        "no_such_timer": "没有这个时长的计时器在运行。",
        "no_timer_paused": "没有暂停的计时器。",
        "which_timer": "有{count}个计时器，是哪一个？",
        "timer_length": "计时多长时间？",
        "timer_too_long": "计时器最长二十四小时，请用闹钟。",
        "how_much": "多少？",
        "which_value": "设成多少？",
        "out_of_range": "只能在{low}到{high}之间，不能是{value}。",
        "not_a_number": "这不是数字。",
        "unknown_place": "我不知道{place}的时区。",
        "unavailable": "现在没有读数。",
        "which_device": "哪个设备？",
        "nothing_ringing": "现在没有响铃。",
        "already_off": "灯是关着的。",
        "no_light_on": "没有开着的灯。",
        "nothing_to_undo": "没有可以撤销的操作。",
        "divide_by_zero": "不能除以零。",
        "no_undo": "门锁的操作不能撤销。请说要锁上或打开哪扇门。",
        "which_one": "哪一个？一共有{count}个，请说房间或名称。",
        "which_one_of": "哪一个：{names}？",
        "unknown_color": "我不知道{color}这个颜色。",
        "which_list": "哪个清单？",
        "no_such_list": "没有叫{list}的清单。",
        "which_item": "加什么？",
        "no_such_item": "{list}清单上没有{item}。",
        "no_alarm": "没有设置闹钟。",
        "no_alarm_at": "{time}没有闹钟。",
        "which_alarm": "有{count}个闹钟，是哪一个？",
        "alarm_time": "几点？",
        "invalid_time": "我听不懂这个时间。",
        "which_contact": "发给谁？",
        "no_such_contact": "我不认识{contact}。",
        "message_body": "消息要说什么？",
    },
}
"""Failure sentences per base language (`languages.base`) and key."""

OR: Final[Mapping[str, str]] = {"de": "oder", "fr": "ou", "es": "o", "zh": "还是", "en": "or"}
"""The word between the last two of several choices ("A, B oder C")."""

DECIMAL_COMMA: Final[frozenset[str]] = frozenset({"de", "fr", "es"})
"""Languages that write 7.5 as "7,5" (so their voice reads it as a number)."""


def sentence(language: str, key: str, values: Mapping[str, object]) -> str | None:
    """The failure sentence for `key` in `language` (a base code), None when there is none."""
    template = SENTENCES.get(language, {}).get(key)
    if template is None:
        return None
    try:
        return template.format(**{k: written(v, language) for k, v in values.items()})
    except (KeyError, IndexError, ValueError):  # a field the action did not pass
        return None


def written(value: object, language: str) -> str:
    """`value` as `language` (a base code) writes it in a sentence: "7,5" in German."""
    if isinstance(value, list | tuple) and value:
        return listed([written(v, language) for v in value], OR.get(language, "or"))
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else str(value)
        return text.replace(".", ",") if language in DECIMAL_COMMA else text
    return str(value)
