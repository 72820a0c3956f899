"""Turns that lean on the last command: "turn it off", "and the hallway too", "the kitchen one".

A person says "turn on the kitchen light", then "turn it off"; or "and the hallway too"; or, asked
"which light do you mean?", just "the kitchen". The grammar reads one sentence at a time, and the
embedded LLM does not carry the device over (gemma-3-270m answered "turn it off" with "Sorry, I'm
not sure what you want me to do"). So a turn nothing read is tried again as the sentence it stands
for: the pronoun replaced by what the last command named, or the last command said again with
the new place or device in it. The grammar still decides: a rewrite counts only when it reads,
and a "… too" or an answer to "which one?" only as the last command's own intent.

German, French and Spanish carry the pronoun apart, in a clitic or in the verb ("schalte es
aus", "éteins-la", "apágala"): their rewrites are `follow_ups_local`'s, and a timer there is
"the timer" ("brich ihn ab"), not named by its length. The answer to "which one?" is read in any
language by `choosing.chosen`: the words said matched to the names of the devices offered.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from sayso import languages
from sayso.actions.all_except import ALL_EXCEPT_INTENT
from sayso.actions.home import DeviceSpec, HomeSpec
from sayso.actions.one_of_many import SINGULAR, words_of
from sayso.dialogue import follow_ups_local, follow_ups_zh
from sayso.dialogue.fragments import asks_state, lone_comparative, names_action
from sayso.dialogue.memory import LEAN_ON_S, ConversationMemory
from sayso.events import IntentRecognized
from sayso.events.base import now

PRONOUNS: Final[frozenset[str]] = frozenset(
    {"it", "them", "they", "that", "those", "this", "these"}
)
"""Words that stand for what the last command acted on."""
_PLURAL_PRONOUNS: Final = frozenset({"them", "they", "those", "these"})
PARTICLES: Final[frozenset[str]] = frozenset({"on", "off", "up", "down"})
"""Particles of a phrasal verb, said after the pronoun ("turn it off") or before a name."""
_ALSO = re.compile(
    r"^(?:(?:and|also|now|then|plus|oh|ok|okay)\s+)*"
    r"(?:(?:what|how)\s+about|same\s+(?:for|with)|(?:do\s+)?the\s+same\s+(?:for|with)|and)?\s*"
    r"(?P<what>.+?)\s*(?:,?\s*(?:too|as\s+well|also))?\s*$"
)
"""An "also" turn: "and the hallway too", "what about the bedroom", "same for the fan"."""
_MARKED = re.compile(
    r"^(?:and|also|plus|what about|how about|same for|same with|do the same|the same)\b|"
    r"\b(?:too|as well|also)$"
)
"""What makes a bare name an "also" turn rather than a fragment of its own."""
_FILLER: Final[frozenset[str]] = frozenset({"the", "please", "one", "in", "my", "ones", "of"})
"""Words of an answer to "which one?" that do not name the device or place."""
SPOKEN_KINDS: Final[dict[str, str]] = {
    "light": "light", "fan": "fan", "switch": "switch", "lock": "lock", "cover": "blind",
    "media_player": "speaker", "climate": "thermostat",
}  # fmt: skip
"""How a kind of device is said, by domain ("the hallway" → "the hallway light")."""
TIMER_INTENTS: Final[frozenset[str]] = frozenset({
    "HassCancelTimer", "HassPauseTimer", "HassUnpauseTimer", "HassIncreaseTimer",
    "HassDecreaseTimer", "HassTimerStatus",
})  # fmt: skip
"""What "it" can ask of a timer just set ("cancel it", "pause it", "how long is left on it")."""
TIMER: Final = "timer"
"""`Referent.domain` of a timer just set."""
TIMER_VERBS: Final[frozenset[str]] = frozenset({"cancel", "pause", "resume", "unpause"})
"""A verb said alone after a timer was set means "… it" ("set a timer for 10 minutes", "cancel")."""
BARE_VERB_S = 60.0
"""How long after a timer command a lone "pause" still means the timer, not the music, in s."""
MAX_ANSWER_WORDS = 5
"""Longest answer to "which one?" or "… too" taken as a name (words, after the filler)."""
@dataclasses.dataclass(frozen=True)
class Referent:
    """What the last command acted on, as later turns can refer to it."""

    text: str
    """The command as the grammar read it: "turn on the kitchen light"."""
    intent: str
    """Its intent ("HassTurnOn")."""
    span: str
    """The words of `text` that named the target: "kitchen light", "living room", "lamp"."""
    kind: str
    """Spoken kind of the target ("light"), for "the hallway" → "the hallway light(s)"."""
    unresolved: bool = False
    """The command was answered "which one do you mean?" and waits for a name or a place."""
    targets: tuple[str, ...] = ()
    """The session's last targets when this was recorded: if an LLM turn has acted since, its
    targets are what "it" means (`referent_to`)."""
    domain: str = ""
    """The targets' domain ("light"): an answer to "which light?" must name a light."""
    at: float = 0.0
    """When the command was made (monotonic s; 0: not known, a referent of the last targets)."""
    choices: tuple[str, ...] = ()
    """The devices "which one?" offered (entity ids), for `choosing.chosen`."""
    language: str = "en"
    """The command's language: the answer is matched to the names said in it."""


def _named(intent: IntentRecognized, home: HomeSpec) -> DeviceSpec | None:
    named = intent.slot("name")
    return next((d for d in home.devices if d.entity_id == named), None)


def domain_of(intent: IntentRecognized, home: HomeSpec) -> str:
    """The domain of the device `intent` names, or of its `domain` slot ("" when neither)."""
    spec = _named(intent, home)
    return spec.domain if spec else str(intent.slot("domain") or "")


def kind_of(intent: IntentRecognized, home: HomeSpec) -> str:
    """The kind of device `intent` acted on, as said: "light", "curtain"; "" when not a device."""
    spec = _named(intent, home)
    domain = spec.domain if spec else str(intent.slot("domain") or "")
    device_class = spec.attributes.get("device_class") if spec else None
    if domain == "cover" and device_class:
        return str(device_class).replace("_", " ")
    return SPOKEN_KINDS.get(domain, "")


def referent_of(
    intent: IntentRecognized,
    home: HomeSpec,
    targets: tuple[str, ...],
    *,
    unresolved: bool = False,
    choices: tuple[str, ...] = (),
) -> Referent | None:
    """The referent `intent` leaves (None: it named nothing a later turn could point back to).

    In German, French and Spanish a command to a device leaves one, and one asked "which one?"
    (`choosing.chosen`); a timer is "the timer" in them (`_local_referent`). So in Chinese.
    """
    if not languages.english(intent.language):
        if not (unresolved and choices):
            return _local_referent(intent, home, targets)
        kinds = SINGULAR.get(languages.base(intent.language), SINGULAR["en"]).kinds
        said = next((w for w in reversed(words_of(intent.text)) if w in kinds), "")
        kind, domain = kind_of(intent, home), domain_of(intent, home)
        return Referent(
            intent.text, intent.intent, said, kind, True, targets, domain,
            choices=choices, language=intent.language,
        )  # fmt: skip
    if intent.intent == ALL_EXCEPT_INTENT:
        return None  # its place or name is what it spared: "and the bedroom too" is no rewrite
    text = " ".join(re.findall(r"[\w'%]+", intent.text.lower()))  # "the lamp," → "lamp"
    if intent.intent == "HassStartTimer" or intent.intent in TIMER_INTENTS:
        timer = _timer_said(intent)  # None: names no timer, the last one stays "it"
        return Referent(text, intent.intent, timer, TIMER, False, targets, TIMER) if timer else None
    kind, domain = kind_of(intent, home), domain_of(intent, home)
    for slot in ("name", "area", "floor"):
        said = _slot_text(intent, slot)
        if said and said in text:
            return Referent(text, intent.intent, said, kind, unresolved, targets, domain)
    plural = _plural(kind)
    if kind and domain and not unresolved and re.search(rf"\b{plural}\b", text):
        # "dim the lights", then "turn them off": every light, as "turn off the lights" is
        return Referent(text, intent.intent, plural, kind, False, targets, domain)
    kinds = SINGULAR["en"].kinds
    said = next((w for w in reversed(text.split()) if w in kinds), "")  # not "switch off"
    if unresolved and said:  # "turn off the lamp", asked "which light?": its kind word is the span
        return Referent(text, intent.intent, said, kind, unresolved, targets, domain, 0.0, choices)
    return None


def _plural(kind: str) -> str:
    """"lights", "switches", "garage doors"."""
    return f"{kind}es" if kind.endswith(("s", "sh", "ch", "x")) else f"{kind}s"


def _local_referent(
    intent: IntentRecognized, home: HomeSpec, targets: tuple[str, ...]
) -> Referent | None:
    """The device or place a command in another language named, as its words said it.

    A timer set or asked about is "the timer" (`follow_ups_local.TIMER_SAID`, "计时器"): with
    several running, "brich ihn ab" asks which one. Chinese is one token per clause; its slot
    text is found in it the same way.
    """
    chinese = languages.base(intent.language) == "zh"
    if follow_ups_local.rules_for(intent.language) is None and not chinese:
        return None
    if intent.intent == "HassStartTimer" or intent.intent in TIMER_INTENTS:
        said = follow_ups_zh.TIMER_SAID if chinese else (
            follow_ups_local.TIMER_SAID[languages.base(intent.language)]
        )  # fmt: skip
        return Referent(
            said, intent.intent, said, TIMER, False, targets, TIMER, language=intent.language
        )
    text = " ".join(follow_ups_local.plain_words(intent.text))
    kind, domain = kind_of(intent, home), domain_of(intent, home)
    for name in ("name", "area", "floor"):
        slot = next((s for s in intent.slots if s.name == name), None)
        said = " ".join(follow_ups_local.plain_words(slot.text if slot else ""))
        if said and said.lower() in text.lower() and domain:
            return Referent(
                text, intent.intent, said, kind, False, targets, domain, language=intent.language
            )
    return None


def _timer_said(intent: IntentRecognized) -> str | None:
    """How to name the timer `intent` set or asked about: "pizza timer", "5 minute timer".

    By its name, else by its length when it has one unit (as "cancel the 5 minute timer" picks
    it among several), else "timer" for one just set; None when a request named no timer ("how
    much time is left", "add 5 minutes": that 5 is no timer's length).
    """
    named = _slot_text(intent, "name")
    if named:
        return f"{named} timer"
    prefix = "" if intent.intent == "HassStartTimer" else "start_"
    units = [(u, intent.slot(prefix + u)) for u in ("hours", "minutes", "seconds")]
    said = [(u, n) for u, n in units if n]
    if len(said) == 1:
        unit, amount = said[0]
        return f"{amount} {unit.removesuffix('s')} timer"
    return "timer" if intent.intent == "HassStartTimer" else None


def narrows(found: IntentRecognized, referent: Referent, home: HomeSpec) -> bool:
    """`found`, a rewrite, names its own device, area or floor, of the referent's domain.

    Not every light ("lights" answering "which light?" read as "turn off the lights"), and not
    another kind of device ("TV." answering "which light?"). After a timer was set, a command to
    a timer ("cancel it" read as "cancel the timer").
    """
    if referent.domain == TIMER:
        return found.intent in TIMER_INTENTS
    if not _among_offered(found, referent, home):
        return False
    if not any(found.slot(s) for s in ("name", "area", "floor")):
        # "them" after "dim the lights" is every light of the domain, as that command said
        return referent.span == _plural(referent.kind) and found.slot("domain") == referent.domain
    domain = domain_of(found, home)
    if not languages.english(referent.language):  # "schalte im Flur ein": no kind, not taken
        return domain == referent.domain
    return not referent.domain or not domain or domain == referent.domain


def _among_offered(found: IntentRecognized, referent: Referent, home: HomeSpec) -> bool:
    """After "which one?", a rewrite names an offered device or the place of one.

    "The bedroom" answering "which curtain: the bedroom curtains or …?" rewrites to "close the
    bedroom blind" (a cover's spoken kind), which names the bedroom's blinds, never offered.
    """
    if not (referent.unresolved and referent.choices):
        return True
    name, area = found.slot("name"), found.slot("area")
    if name and name not in referent.choices:
        return False
    places = {d.area for d in (home.device(e) for e in referent.choices) if d is not None}
    return not area or area in places


def current(memory: ConversationMemory, home: HomeSpec) -> Referent | None:
    """What a follow-up of this session would lean on now (nothing after `LEAN_ON_S`).

    The last command's referent while the session's last targets are still its own; after an
    LLM turn acted (or across a restart, which keeps only the targets), the one device acted on.
    """
    referent = memory.referent
    if referent is not None and referent.at and now() - referent.at > LEAN_ON_S:
        return None
    if referent is not None and (referent.unresolved or referent.targets == memory.last_targets):
        return referent
    return referent_to(memory.last_targets, home)


def leans_on(text: str, memory: ConversationMemory, home: HomeSpec) -> bool:
    """True when `text` may stand for a rewrite of the last command (worth no LLM prefetch)."""
    referent = current(memory, home)
    return referent is not None and bool(rewrites(text, referent))


def referent_to(targets: tuple[str, ...], home: HomeSpec) -> Referent | None:
    """The referent of "it": the one device an action (the LLM's, or before a restart) acted on."""
    spec = next((d for d in home.devices if (d.entity_id,) == targets), None)
    if spec is None:
        return None
    kind = SPOKEN_KINDS.get(spec.domain, "")
    return Referent("", "", spec.name.lower(), kind, targets=targets, domain=spec.domain)


def _slot_text(intent: IntentRecognized, name: str) -> str:
    slot = next((s for s in intent.slots if s.name == name), None)
    return " ".join(slot.text.lower().split()) if slot is not None else ""


def bare_timer_verb(text: str, referent: Referent) -> bool:
    """`text` is a lone "pause" / "cancel" after a timer was set: the timer, not the music.

    The grammar reads "pause" and "resume" as media commands, exactly; said right after a timer
    was set (`BARE_VERB_S`) they mean the timer, as "pause it" would.
    """
    words = re.findall(r"[\w']+", text.lower())
    if referent.domain != TIMER or len(words) != 1 or words[0] not in TIMER_VERBS:
        return False
    return not referent.at or now() - referent.at <= BARE_VERB_S


def rewrites(text: str, referent: Referent) -> list[tuple[str, str | None]]:
    """Sentences `text` may stand for, best first, each with the intent it must read as.

    None as the intent: any reading will do ("is it on" after "turn on the fan" is a question).
    """
    if not languages.english(referent.language):
        if referent.unresolved:
            return []  # answered by `choosing.chosen`
        if languages.base(referent.language) == "zh":
            return [(s, None) for s in follow_ups_zh.pronoun_rewrites(text, referent.text)]
        if referent.domain == TIMER:  # leaned on by a pronoun only, as in English
            said = follow_ups_local.pronoun_rewrites(text, referent.text, referent.language)
            return [(s, None) for s in said]
        return follow_ups_local.rewrites(
            text, referent.text, referent.span, referent.intent, referent.language
        )
    words = re.findall(r"[\w']+", text.lower())
    if not words:
        return []
    if bare_timer_verb(text, referent):
        words = [*words, "it"]
    comparative = "" if referent.unresolved else lone_comparative(words, referent.domain)
    if comparative:  # "brighter" after "turn on the kitchen light" is "make it brighter"
        return [(s, None) for s in _with_pronoun_replaced(["make", "it", comparative], "it",
                                                          referent)]  # fmt: skip
    said = [w for w in words if w in PRONOUNS]
    if referent.domain == TIMER and len(said) != 1:
        return []  # a timer is leaned on by "it" only ("and the pizza too" sets no timer)
    if len(said) == 1 and not referent.unresolved:
        if not names_action(text, "en") and not asks_state(words, PRONOUNS):
            return []  # "that.", "It.": a pronoun alone would read as the bare name, "turn on"
        return [(s, None) for s in _with_pronoun_replaced(words, said[0], referent)]
    if referent.unresolved:
        named = [w for w in words if w not in _FILLER]
        return [(s, referent.intent) for s in _renamed(named, referent)]
    if _MARKED.search(" ".join(words)):
        found = _ALSO.match(" ".join(words))
        named = [w for w in (found.group("what") if found else "").split() if w not in _FILLER]
        return [(s, referent.intent) for s in _renamed(named, referent)]
    return []


def more(text: str, referent: Referent) -> list[tuple[str, str | None]]:
    """The second half of two joined commands as "… too" of the first, each with its intent."""
    if languages.english(referent.language):
        return rewrites(f"and {text} too", referent)
    found = follow_ups_local.more(text, referent.text, referent.span, referent.language)
    return [(s, referent.intent) for s in found]


def _with_pronoun_replaced(words: list[str], pronoun: str, referent: Referent) -> list[str]:
    """The pronoun replaced: "turn it off" → "turn off the kitchen light" (and in place)."""
    at = words.index(pronoun)
    if words[at + 1 : at + 2] == ["back"] and words[at + 2 : at + 3] in (["on"], ["off"]):
        words = [*words[: at + 1], *words[at + 2 :]]  # "turn it back off" is "turn it off"
    out = []
    after = words[at + 1] if at + 1 < len(words) else ""
    for phrase in _phrases(referent, pronoun):
        if after in PARTICLES:  # the particle before the name reads in more of HA's templates
            out.append(" ".join([*words[:at], after, phrase, *words[at + 2 :]]))
        out.append(" ".join([*words[:at], phrase, *words[at + 1 :]]))
    return out


def _phrases(referent: Referent, pronoun: str) -> list[str]:
    """How to name the referent, best first: its place with its kind, then as named.

    "Turn on the lights in the kitchen", then "turn them off": the kitchen's lights, not
    everything in the kitchen that "turn off the kitchen" reads as; "set them to 50 percent"
    still reads as the kitchen (HA's brightness templates take a place, not "kitchen lights").
    """
    phrase, kind = f"the {referent.span}", referent.kind
    if not kind or kind in referent.span.split() or _plural(kind) in referent.span.split():
        return [phrase]
    plural = pronoun in _PLURAL_PRONOUNS or len(referent.targets) > 1
    plural = plural or _plural(kind) in referent.text.split()
    return [f"{phrase} {_plural(kind) if plural else kind}", phrase]


def _renamed(named: list[str], referent: Referent) -> list[str]:
    """The last command with its target replaced by `named`: "turn on the hallway light(s)"."""
    if not named or len(named) > MAX_ANSWER_WORDS or any(w in PRONOUNS for w in named):
        return []
    new = " ".join(named)
    pattern = re.compile(rf"\b{re.escape(referent.span)}\b")
    if not pattern.search(referent.text):
        return []
    out = []
    if not any(w in (referent.kind, f"{referent.kind}s") for w in named):
        # The kind first: "the bedroom" after "turn on the kitchen light" is the bedroom light,
        # not every light of the bedroom that "turn on the bedroom" now reads as.
        kinds = (f"{new} {referent.kind}", f"{new} {referent.kind}s")
        if referent.span == _plural(referent.kind):  # "and the kitchen too" after "the lights"
            kinds = kinds[::-1]
        for said in kinds:
            out.append(pattern.sub(said, referent.text, count=1))
    out.append(pattern.sub(new, referent.text, count=1))
    return list(dict.fromkeys(out))
