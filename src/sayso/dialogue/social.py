"""Thanks, greetings and small talk answered as a person would, before the brain is asked.

"thank you" after a command was answered "Sorry, I didn't catch that." by the embedded
gemma-3-270m, and "Sorry, I didn't understand that." without an LLM; "good night", "how are
you", "who are you", "help" and a "cancel" with nothing to cancel were not understood without
an LLM either (round 34 added these four; round 35 "are you there", praise and insults; round
36 "how old are you", "say hello", and what a speaker cannot do here: "call mom", "what's on my
calendar", "read my messages" are told so, not "didn't understand"; round 37 "I'm home", "what's
up", "hey sayso", and a stop word or "okay" with nothing to stop or answer, which says nothing).
These are not commands: no intent is read (nothing enters the grammar the recogniser is
constrained to, so noise heard as "Thank you." is not made more likely), and the reply stage
answers them from this table in the turn's language.
"""

from __future__ import annotations

import re
from typing import Final

from sayso import languages
from sayso.actions.handlers_lists import RESPONDS

_LEAD = r"^(?:(?:ok|okay|great|perfect|cool|awesome|nice|lovely|oh|well|alright|all right)\s+)*"
"""Words a thanks may open with ("okay thanks", "great, thank you")."""
_NAME = r"(?:sayso|say so)"
"""The assistant's name as Whisper writes it, normalised ("Hey, say so.")."""

PHRASES: Final[dict[str, tuple[tuple[re.Pattern[str], str], ...]]] = {
    "en": (
        (re.compile(_LEAD + r"(?:thank you|thanks|cheers|ta)(?: (?:so|very) much| a lot)?"
                    r"(?: (?:" + _NAME + "|assistant))?$"), "You're welcome."),
        (re.compile(r"^(?:good ?night|night night|nighty night)$"), "Good night!"),
        (re.compile(r"^good morning$"), "Good morning!"),
        (re.compile(r"^good (?:afternoon|evening)$"), "Hello! What can I do for you?"),
        (re.compile(r"^(?:bye|goodbye|bye bye|see you|see you later)$"), "Bye!"),
        (re.compile(r"^(?:(?:hi |hello |hey )?how are you(?: doing| today)?|how s it going)$"),
         "I'm fine, thanks. What can I do for you?"),
        (re.compile(r"^(?:who are you|what are you|what(?: s| is) your name"
                    r"|who am i (?:talking|speaking) (?:to|with))$"),
         "I'm sayso, an open voice assistant."),
        (re.compile(r"^(?:help|help me|i need help|what can i say|can you help(?: me)?"
                    r"|what can you help (?:me )?with)$"), RESPONDS["commands"]),
        (re.compile(r"^(?:tell me about yourself|are you (?:a robot|human|a person|real|an ai))$"),
         "I'm sayso, an open voice assistant that runs on this machine."),
        (re.compile(r"^(?:hey |hi |ok |okay )?" + _NAME + "$"), "Yes? What can I do for you?"),
        (re.compile(r"^(?:what s up|whats up|sup|yo)$"), "Not much. What can I do for you?"),
        (re.compile(r"^(?:ok|okay)$"), ""),
        (re.compile(r"^(?:(?:hello |hey )?are you (?:there|listening|awake)|can you hear me"
                    r"|do you hear me)$"), "Yes, I'm here."),
        (re.compile(r"^(?:(?:good|great|nice) (?:job|work)|well done|you re (?:great|the best))$"),
         "Thank you!"),
        (re.compile(r"^(?:i love you|love you)$"),
         "That's kind of you. I'm here when you need me."),
        (re.compile(r"^(?:you re (?:stupid|useless|dumb|an idiot)|you suck)$"),
         "Sorry about that. Say it another way, or say help."),
        (re.compile(r"^(?:how old are you|when were you (?:born|made))$"),
         "I'm new: I was first built in 2026."),
        (re.compile(r"^say (?:hello|hi)(?: to (?:everyone|everybody|us))?$"), "Hello!"),
        (re.compile(r"^(?:i m|i am) (?:home|back)(?: now)?$"), "Welcome home!"),
        (re.compile(r"^(?:i m|i am) (?:leaving|going out|off|heading out)(?: now)?$"),
         "See you later!"),
        # Stop words (`config/session.DEFAULT_STOP_WORDS`: over a reply or a ring they stop it)
        # said with nothing to stop: nothing is said, as for "never mind".
        (re.compile(r"^(?:be quiet|quiet|shut up|stop talking|enough)$"), ""),
        # What a speaker cannot do here, said as such rather than "didn't understand".
        (re.compile(r"^(?:call|phone|dial) (?:911|999|112|an ambulance|the police|the fire "
                    r"(?:brigade|department)|emergency(?: services)?)$"),
         "I can't make phone calls. If this is an emergency, please call from a phone now."),
        (re.compile(r"^(?:call|phone|video call|facetime) (?!(?:it|me|that|this|us)\b)\w+"
                    r"(?: \w+)?$"), "I can't make phone calls, but I can send a message."),
        (re.compile(r"^(?:create|make|start|add) (?:a |an )?(?:new )?(?:\w+ )?list"
                    r"(?: (?:called|named|for) .+)?$"),
         "I can't make new lists yet. I can add to the lists you have."),
        (re.compile(r"^(?:what s|what is) (?:on )?my (?:calendar|agenda|schedule)"
                    r"(?: for)?(?: today| tomorrow)?$"
                    r"|^do i have any (?:appointments|meetings)(?: today| tomorrow)?$"),
         "I don't have your calendar. I can tell you your alarms and reminders."),
        (re.compile(r"^(?:read|check) my (?:messages|texts|email|emails|mail)$"
                    r"|^do i have any (?:new )?(?:messages|texts|emails|mail)$"),
         "I can send messages, but I don't receive them."),
        # HA's English HassNevermind reads "never mind" only; these say the same.
        (re.compile(r"^(?:cancel|cancel that|forget it|forget about it|no forget it|nothing"
                    r"|nothing thanks|no thanks|no thank you|no|nope)$"), "Okay."),
        # A yes with no question asked (the question expired, or was never heard).
        (re.compile(r"^(?:yes|yeah|yep|yes please)$"), "What can I do for you?"),
    ),
    "de": (
        (re.compile(r"^(?:ok(?:ay)? |super |prima )?(?:danke|dankeschön|vielen dank)"
                    r"(?: schön| sehr)?$"), "Gern geschehen."),
        (re.compile(r"^gute nacht$"), "Gute Nacht!"),
        (re.compile(r"^(?:sei still|ruhe)$"), ""),
        (re.compile(r"^ich bin (?:zu hause|zuhause|wieder da)$"), "Willkommen zu Hause!"),
        (re.compile(r"^guten morgen$"), "Guten Morgen!"),
        (re.compile(r"^(?:tschüss|tschüs|auf wiedersehen|bis später)$"), "Tschüss!"),
        (re.compile(r"^(?:wie geht(?: s| es)(?: dir)?|wie geht es ihnen)$"),
         "Gut, danke. Was kann ich für dich tun?"),
        (re.compile(r"^(?:wer bist du|wie heißt du|was bist du)$"),
         "Ich bin sayso, ein offener Sprachassistent."),
        (re.compile(r"^(?:hilfe|was kann ich sagen|was kannst du)$"),
         "Ich kann Lichter und Geräte schalten, Timer und Wecker stellen und Listen führen."),
        (re.compile(r"^(?:bist du (?:da|wach)|hörst du mich|hörst du zu)$"), "Ja, ich bin da."),
        (re.compile(r"^wie alt bist du$"), "Ich bin neu: Ich wurde 2026 gebaut."),
        (re.compile(r"^sag (?:hallo|hi)$"), "Hallo!"),
    ),
    "fr": (
        (re.compile(r"^(?:ok |super |parfait )?merci(?: beaucoup| bien)?$"), "De rien."),
        (re.compile(r"^bonne nuit$"), "Bonne nuit !"),
        (re.compile(r"^(?:tais toi|chut)$"), ""),
        (re.compile(r"^(?:je suis rentré|je suis rentrée|je suis de retour|je suis là)$"),
         "Bon retour à la maison !"),
        (re.compile(r"^(?:au revoir|à plus tard|à plus)$"), "Au revoir !"),
        (re.compile(r"^(?:bonjour|bonsoir|salut)$"), "Bonjour ! Que puis-je faire pour vous ?"),
        (re.compile(r"^(?:comment (?:ça va|vas tu|allez vous)|ça va)$"),
         "Très bien, merci. Que puis-je faire pour vous ?"),
        (re.compile(r"^(?:qui es tu|comment tu t appelles|comment t appelles tu|tu es qui)$"),
         "Je suis sayso, un assistant vocal ouvert."),
        (re.compile(r"^(?:aide|aide moi|que peux tu faire|qu est ce que tu sais faire)$"),
         "Je peux allumer les lumières et les appareils, régler des minuteurs et des alarmes, "
         "et tenir vos listes."),
        (re.compile(r"^(?:tu es là|es tu là|tu m entends|vous êtes là|tu m écoutes)$"),
         "Oui, je suis là."),
        (re.compile(r"^(?:quel âge as tu|tu as quel âge|quel âge avez vous)$"),
         "Je suis tout neuf : j'ai été créé en 2026."),
        (re.compile(r"^dis bonjour$"), "Bonjour !"),
    ),
    "es": (
        (re.compile(r"^(?:vale |genial |perfecto )?(?:gracias|muchas gracias|mil gracias)$"),
         "De nada."),
        (re.compile(r"^buenas noches$"), "¡Buenas noches!"),
        (re.compile(r"^cállate$"), ""),
        (re.compile(r"^(?:ya estoy en casa|ya llegué|estoy en casa|he vuelto)$"),
         "¡Bienvenido a casa!"),
        (re.compile(r"^buenos días$"), "¡Buenos días!"),
        (re.compile(r"^(?:adiós|hasta luego|chao)$"), "¡Adiós!"),
        (re.compile(r"^(?:hola|buenas tardes)$"), "¡Hola! ¿Qué puedo hacer por ti?"),
        (re.compile(r"^(?:(?:hola )?(?:cómo estás|qué tal))$"),
         "Bien, gracias. ¿Qué puedo hacer por ti?"),
        (re.compile(r"^(?:quién eres|cómo te llamas|qué eres)$"),
         "Soy sayso, un asistente de voz abierto."),
        (re.compile(r"^(?:ayuda|ayúdame|qué puedes hacer)$"),
         "Puedo encender luces y aparatos, poner temporizadores y alarmas y llevar tus listas."),
        (re.compile(r"^(?:estás ahí|me oyes|me escuchas|estás escuchando)$"), "Sí, aquí estoy."),
        (re.compile(r"^(?:cuántos años tienes|qué edad tienes)$"),
         "Soy nuevo: me crearon en 2026."),
        (re.compile(r"^di hola$"), "¡Hola!"),
    ),
    "zh": (
        (re.compile(r"^(?:好的)?(?:谢谢|谢谢你|多谢|谢了)$"), "不客气。"),
        (re.compile(r"^晚安$"), "晚安！"),
        (re.compile(r"^早上好$|^早安$"), "早上好！"),
        (re.compile(r"^(?:再见|拜拜)$"), "再见！"),
        (re.compile(r"^(?:你好吗|你怎么样)$"), "我很好，谢谢。有什么可以帮你？"),
        (re.compile(r"^(?:你是谁|你叫什么名字|你叫什么)$"), "我是 sayso，一个开放的语音助手。"),
        (re.compile(r"^(?:帮助|帮帮我|你能做什么)$"),
         "我可以开关灯和设备，设置计时器和闹钟，管理你的清单。"),
        (re.compile(r"^(?:你在吗|你在不在|你听得到吗|你能听到我吗)$"), "我在。"),
    ),
}  # fmt: skip
"""Per language: (the whole turn, normalised: an apostrophe is a space; the answer)."""


def reply(text: str, language: str) -> str | None:
    """The answer to a thanks or a greeting, or None when `text` is something else."""
    found = answer(text, language)
    return found[0] if found else None


def answer(text: str, language: str) -> tuple[str, str] | None:
    """The answer to a thanks or a greeting and its language: the turn's first, then any other.

    A typed "Danke" in a German-and-English assistant is a NoIntent in the default language
    (nothing read it); it is still a German thanks, answered in German.
    """
    said = normalised(text)
    own = languages.base(language or "en")
    for lang in (own, *(code for code in PHRASES if code != own)):
        table = PHRASES.get(lang, ())
        found = next((reply for pattern, reply in table if pattern.match(said)), None)
        if found is not None:
            return found, (language if lang == own else lang)
    return None


def is_aside(text: str, language: str) -> bool:
    """Whether `text` is small talk this table answers (read as heard, never as a command)."""
    return answer(text, language) is not None


def normalised(text: str) -> str:
    """Lower case, punctuation dropped, single spaces: "Thanks, Sayso!" → "thanks sayso"."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
