"""Request templates and slot values the brain's training set is generated from.

A template is a request pattern with `{slot}` fields named after the tool's arguments, so the
expected call is the pattern's slots filled with the same values. Device, area, contact and list
slots come from the home; the rest are listed here. Each template has an id: the held-out split
keeps whole templates out of training, so the gate measures paraphrases the model never saw.

Phrasings here were written to differ from the labelled benchmark set
(`sayso/data/llm/tool_requests.yaml`); any exact collision is dropped and counted by the builder.
"""

from __future__ import annotations

from typing import Final

Template = tuple[str, str, str]
"""(template id, tool, pattern)."""

CALL_TEMPLATES: Final[tuple[Template, ...]] = (
    ("on.1", "turn_on", "switch on the {device}"),
    ("on.2", "turn_on", "could you turn the {device} on"),
    ("on.3", "turn_on", "{device} on please"),
    ("on.4", "turn_on", "I want the {device} on"),
    ("on.5", "turn_on", "can you put the {device} on for me"),
    ("on.6", "turn_on", "turn on {device}"),
    ("off.1", "turn_off", "switch off the {device}"),
    ("off.2", "turn_off", "could you turn the {device} off"),
    ("off.3", "turn_off", "{device} off please"),
    ("off.4", "turn_off", "I don't need the {device} anymore, turn it off"),
    ("off.5", "turn_off", "shut the {device} off"),
    ("off.6", "turn_off", "turn off {device}"),
    ("open.1", "turn_on", "open the {cover}"),
    ("open.2", "turn_on", "can you open the {cover} please"),
    ("close.1", "turn_off", "close the {cover}"),
    ("close.2", "turn_off", "please shut the {cover}"),
    ("lock.1", "turn_on", "lock the {lock}"),
    ("lock.2", "turn_on", "make sure the {lock} is locked"),
    ("unlock.1", "turn_off", "unlock the {lock}"),
    ("bright.1", "set_brightness", "set the {light} to {percent} percent"),
    ("bright.2", "set_brightness", "dim the {light} to {percent} percent"),
    ("bright.3", "set_brightness", "{light} at {percent} percent please"),
    ("bright.4", "set_brightness", "change the {light} brightness to {percent} percent"),
    ("bright.5", "set_brightness", "brighten the {light} to {percent} percent"),
    ("temp.1", "set_temperature", "set the thermostat to {degrees} degrees"),
    ("temp.2", "set_temperature", "I'd like it to be {degrees} degrees"),
    ("temp.3", "set_temperature", "heat the house to {degrees} degrees"),
    ("temp.4", "set_temperature", "change the temperature to {degrees} degrees"),
    ("temp.5", "set_temperature", "can you make it {degrees} degrees in here"),
    ("timer.1", "start_timer", "start a timer for {minutes} minutes"),
    ("timer.2", "start_timer", "{minutes} minute timer please"),
    ("timer.3", "start_timer", "set me a {minutes} minute countdown"),
    ("timer.4", "start_timer", "time {minutes} minutes for me"),
    ("timer.5", "start_timer", "let me know when {minutes} minutes are up"),
    ("alarm.1", "set_alarm", "set an alarm for {time}"),
    ("alarm.2", "set_alarm", "wake me up at {time}"),
    ("alarm.3", "set_alarm", "I need an alarm at {time}"),
    ("alarm.4", "set_alarm", "alarm at {time} please"),
    ("msg.1", "send_message", "send {contact} a message saying {body}"),
    ("msg.2", "send_message", "text {contact} that {body}"),
    ("msg.3", "send_message", "message {contact} {body}"),
    ("msg.4", "send_message", "let {contact} know that {body}"),
    ("msg.5", "send_message", "send a text to {contact}: {body}"),
    ("list.1", "add_to_list", "add {item} to the {list_name} list"),
    ("list.2", "add_to_list", "put {item} on my {list_name} list"),
    ("list.3", "add_to_list", "{item} goes on the {list_name} list"),
    ("list.4", "add_to_list", "can you add {item} to my {list_name} list"),
    ("list.5", "add_to_list", "we need {item}, add it to the {list_name} list"),
    ("time.1", "get_time", "what's the time right now"),
    ("time.2", "get_time", "how late is it"),
    ("time.3", "get_time", "can you tell me the time please"),
    ("time.4", "get_time", "what o'clock is it"),
    ("time.5", "get_time", "time check"),
    ("time.6", "get_time", "what time is it now"),
    ("time.7", "get_time", "could you tell me what time it is"),
    ("time.8", "get_time", "have you got the time"),
    ("time.9", "get_time", "what's the current time"),
    ("time.10", "get_time", "the time please"),
    ("state.1", "get_state", "is the {device} on"),
    ("state.2", "get_state", "is the {device} still on"),
    ("state.3", "get_state", "what's the status of the {device}"),
    ("state.4", "get_state", "is the {cover} open"),
    ("state.5", "get_state", "did I leave the {device} on"),
    ("state.6", "get_state", "is the {lock} locked"),
    ("state.7", "get_state", "what's the {sensor}"),
    ("state.8", "get_state", "what does the {sensor} say"),
    ("state.9", "get_state", "is the {lock} unlocked"),
    ("state.10", "get_state", "are the {cover} closed"),
    ("area.1", "turn_on", "turn on the lights in the {area}"),
    ("area.2", "turn_off", "{area} lights off"),
    ("area.3", "turn_off", "switch everything off in the {area}"),
    ("area.4", "turn_on", "{area} lights on please"),
    ("area.5", "turn_off", "turn the lights off in the {area}"),
    ("temp.6", "set_temperature", "set the heating to {degrees}"),
    ("temp.7", "set_temperature", "turn the heat up to {degrees} degrees"),
    ("temp.8", "set_temperature", "thermostat to {degrees} please"),
    ("temp.9", "set_temperature", "put the temperature down to {degrees}"),
    ("timer.6", "start_timer", "set a timer for {hours} hours"),
    ("timer.7", "start_timer", "a {minutes} minute timer for the pasta"),
    ("timer.8", "start_timer", "count down {minutes} minutes"),
    ("timer.9", "start_timer", "give me {hours} hours on the timer"),
    ("timer.10", "start_timer", "remind me in {minutes} minutes"),
    ("alarm.5", "set_alarm", "set an alarm for {time} on {day}"),
    ("alarm.6", "set_alarm", "wake me {day} at {time}"),
    ("alarm.7", "set_alarm", "I have to get up at {time}, set an alarm"),
    ("msg.6", "send_message", "tell {contact} {body}"),
    ("msg.7", "send_message", "can you message {contact} and say {body}"),
    ("msg.8", "send_message", "send a message to {contact} saying {body}"),
    ("list.6", "add_to_list", "add {item} to the list"),
    ("list.7", "add_to_list", "put {item} on the list please"),
    ("list.8", "add_to_list", "{list_name} list: add {item}"),
    ("list.9", "add_to_list", "remember to buy {item}, put it on the list"),
    ("state.11", "get_state", "is the {device} switched off"),
    ("state.12", "get_state", "Is the {cover} open at the moment?"),
    ("state.13", "get_state", "has the {device} been left on?"),
    ("state.14", "get_state", "what is the {climate} set to"),
    ("state.15", "get_state", "were the {cover} left open"),
    ("state.16", "get_state", "did someone leave the {lock} unlocked"),
    ("state.17", "get_state", "is the {device} running right now"),
)
"""Requests that must call a tool. Slots `light`, `cover`, `lock` fill the `device` argument."""

DEVICE_SLOTS: Final[dict[str, tuple[str, ...]]] = {
    "device": ("light", "switch", "fan", "media_player"),
    "light": ("light",),
    "cover": ("cover",),
    "lock": ("lock",),
    "sensor": ("sensor", "binary_sensor"),
    "climate": ("climate",),
    "media": ("media_player",),
}
"""Slot → the home's device domains whose names fill it (all fill the `device` argument)."""

VALUES: Final[dict[str, tuple[str, ...]]] = {
    "percent": ("10", "15", "25", "35", "40", "55", "65", "75", "85", "100"),
    "degrees": ("16", "17", "18", "19", "21", "23", "24", "25"),
    "minutes": ("1", "4", "6", "7", "8", "15", "25", "35", "40", "60"),
    "time": ("7:30", "6 am", "6:15 tomorrow", "8 pm", "noon", "5:45 tomorrow", "9:10 pm"),
    "body": ("I'm on my way", "dinner is in the oven", "don't forget your keys",
             "call me when you land", "the parcel arrived", "see you tomorrow",
             "I'll be home at 6", "can you pick up bread"),
    "item": ("bananas", "olive oil", "dish soap", "fix the gate", "renew the passport",
             "toothpaste", "rice", "book the dentist", "light bulbs", "paper towels"),
}
"""Values of slots that do not come from the home."""

INTEGER_SLOTS: Final[frozenset[str]] = frozenset({"percent", "degrees", "minutes"})
"""Slots whose argument is an integer."""

HOURS: Final[tuple[str, ...]] = ("2", "3", "4")
"""Values of the `hours` slot; the call says them in minutes (the tool's unit)."""
DAYS: Final[tuple[str, ...]] = ("tomorrow", "saturday", "monday", "friday")
"""Values of the `day` slot; the call's time says "<time> <day>"."""
DEFAULT_LIST: Final = "shopping"
"""The list a request that names none goes to (the tool's default)."""
AREA_TARGETS: Final[dict[str, str]] = {
    "area.1": "{area} lights", "area.2": "{area} lights", "area.3": "{area}",
    "area.4": "{area} lights", "area.5": "{area} lights",
}
"""Area templates → the `device` argument they call with (an area plus a kind)."""

FIXED_CALLS: Final[tuple[tuple[str, str, str, dict[str, object]], ...]] = (
    ("dur.1", "start_timer", "set a timer for half an hour", {"minutes": 30}),
    ("dur.2", "start_timer", "timer for an hour please", {"minutes": 60}),
    ("dur.3", "start_timer", "start a timer for a minute", {"minutes": 1}),
    ("dur.4", "start_timer", "an hour and a half timer", {"minutes": 90}),
    ("dur.5", "start_timer", "half an hour countdown please", {"minutes": 30}),
    ("dur.6", "start_timer", "I need a timer for one hour", {"minutes": 60}),
    ("dim.1", "set_brightness", "set the bedroom light to half", {"device": "bedroom light",
                                                                  "percent": 50}),
    ("dim.2", "set_brightness", "office light to full brightness", {"device": "office light",
                                                                    "percent": 100}),
)
"""Requests whose arguments are not words of the request (durations in other units, "half")."""

CANT_LOOK_UP: Final = "Say: Sorry, I can't look that up offline."
CANT_HELP: Final = "Say: Sorry, I can't help with that."
DIDNT_CATCH: Final = "Say: Sorry, I didn't catch that."
NOTHING_PENDING: Final = "Say: There's nothing waiting for a yes or no."

NO_TOOL: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "question": (CANT_LOOK_UP, (
        "who wrote pride and prejudice", "what is the capital of italy", "how tall is mount fuji",
        "when did the second world war end", "what's the population of japan",
        "who invented the telephone", "how many planets are there", "what is 7 times 8",
        "who is the president of brazil", "how deep is the ocean", "what's the weather tomorrow",
        "what is the speed of light", "who won the world cup in 2010",
        "how many days are in a leap year", "what does photosynthesis mean",
        "what language do they speak in peru", "how old is the universe",
        "who painted starry night", "what's the square root of 81", "where is the eiffel tower",
    )),
    "chat": ("Say: I'm here to help.", (
        "hi", "good evening", "how are you today", "you're great", "what's your name",
        "nice to meet you", "I'm bored", "are you a robot", "do you like music", "good night",
        "thank you so much", "bye for now",
    )),
    "near": (CANT_HELP, (
        "I bought a new lamp for the bedroom", "the kitchen light looks nice",
        "how do I change a light bulb", "what does a thermostat do", "my old timer broke",
        "who invented the light bulb", "the garage door is noisy", "I love my coffee machine",
        "do alarms wake you up", "why do lights flicker", "my friend Alice is visiting",
        "shopping is so expensive", "the office is cold today", "tv shows are boring lately",
        "is it good to sleep with the fan on", "what is a smart lock",
    )),
    "fragment": (DIDNT_CATCH, (
        "one", "watch time", "the", "light", "kitchen", "um", "okay so", "two", "uh the",
        "set", "turn", "and then", "hmm what", "five", "lamp", "off",
    )),
    "negated": ("Say: Okay, I won't.", (
        "don't switch on the {device}", "please do not turn off the {device}",
        "never unlock the {lock}", "don't add {item} to the list", "do not text {contact}",
    )),
    "report": ("Say: Okay.", (
        "I switched on the {device} an hour ago", "{contact} texted me earlier",
        "I already put {item} on the list", "the {device} turned off by itself",
        "we set an alarm last night", "I locked the {lock} when I left",
    )),
    # The form of a sentence, not its words, says it asks for nothing (`sayso.dialogue.forms`):
    # a statement of a state, a hypothetical, someone else's words; and actions no tool has.
    "statement": ("Say: Okay.", (
        "the {cover} was left open yesterday", "the {device} is on again",
        "the {lock} is still unlocked", "the {device} was off when I came home",
        "the {cover} has been closed since the morning", "the {device} is already off",
        "the {cover} is open a bit", "the {lock} was locked this morning",
    )),
    "hypothetical": (CANT_LOOK_UP, (
        "what would happen if I turned off the {device}", "what if I set the heating to {degrees}",
        "if I open the {cover} will it get cold", "suppose I unlocked the {lock}",
        "what happens if the {device} stays on all night",
        "if we lock the {lock} can the kids get in", "hypothetically, what if I switched on the "
        "{device}", "what would it cost to leave the {device} on",
    )),
    "others": ("Say: Okay.", (
        "{contact} said she'd send me the photos", "my brother says the {device} is broken",
        "{contact} told me to buy {item}", "the neighbour said he'll close the {cover}",
        "{contact} asked if the {lock} was locked", "my dad thinks the {device} should be off",
        "the kids said they'd turn off the {device}", "{contact} mentioned she'll text you",
    )),
    "unsupported": (CANT_HELP, (
        "turn the volume down on the {media}", "take {item} off my {list_name} list",
        "remove {item} from the list", "change the channel on the {media}",
        "how much is {degrees} degrees in fahrenheit", "cross {item} off the list",
        "mute the {media}", "make the {media} louder", "delete {item} from my {list_name} list",
        "what's {degrees} celsius in fahrenheit",
    )),
    "confirm": (NOTHING_PENDING, (
        "yes", "yes please", "no", "sure", "do it", "go ahead", "nope", "yeah go on",
    )),
}
"""Requests that must not call a tool: category → (the answer line, the requests)."""
