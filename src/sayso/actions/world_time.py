"""The time somewhere else: "what time is it in Tokyo?", read from the machine's time zone data.

Without an LLM the question was not understood, and the embedded gemma-3-270m cannot know the
hour anywhere. The IANA time zone database (the `tzdata` package, else the system's) names a zone
by a city of it ("Asia/Tokyo", "America/New_York"); those cities are found by name, and a few
places people ask for that are no zone's city (countries, states, big cities of a zone named
after another) by `ALIASES`. A place it does not know gets one clear sentence. Read-only: nothing
is stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Final

from sayso.actions.outcome import ActionFailed, Context, HandlerFn, Outcome
from sayso.actions.timeparse import english_clock
from sayso.events.understanding import IntentRecognized

WORLD_TIME: Final = "SaysoWorldTime"

ALIASES: Final[dict[str, str]] = {
    # Cities that share a zone named after another.
    "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles",
    "las vegas": "America/Los_Angeles", "san diego": "America/Los_Angeles",
    "washington": "America/New_York", "boston": "America/New_York", "miami": "America/New_York",
    "atlanta": "America/New_York", "philadelphia": "America/New_York",
    "dallas": "America/Chicago", "houston": "America/Chicago", "austin": "America/Chicago",
    "beijing": "Asia/Shanghai", "hong kong": "Asia/Hong_Kong", "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
    "osaka": "Asia/Tokyo", "kyoto": "Asia/Tokyo", "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin", "hamburg": "Europe/Berlin", "cologne": "Europe/Berlin",
    "barcelona": "Europe/Madrid", "milan": "Europe/Rome", "venice": "Europe/Rome",
    "geneva": "Europe/Zurich", "st petersburg": "Europe/Moscow", "edinburgh": "Europe/London",
    "manchester": "Europe/London", "montreal": "America/Toronto", "rio de janeiro":
    "America/Sao_Paulo", "cape town": "Africa/Johannesburg", "dubai": "Asia/Dubai",
    # Countries and states with one zone, or one most people mean.
    "california": "America/Los_Angeles", "texas": "America/Chicago", "hawaii": "Pacific/Honolulu",
    "new york city": "America/New_York", "japan": "Asia/Tokyo", "china": "Asia/Shanghai",
    "india": "Asia/Kolkata", "germany": "Europe/Berlin", "france": "Europe/Paris",
    "spain": "Europe/Madrid", "italy": "Europe/Rome", "england": "Europe/London",
    "the uk": "Europe/London", "britain": "Europe/London", "scotland": "Europe/London",
    "ireland": "Europe/Dublin", "the netherlands": "Europe/Amsterdam", "holland":
    "Europe/Amsterdam", "switzerland": "Europe/Zurich", "austria": "Europe/Vienna",
    "poland": "Europe/Warsaw", "greece": "Europe/Athens", "turkey": "Europe/Istanbul",
    "egypt": "Africa/Cairo", "south korea": "Asia/Seoul", "korea": "Asia/Seoul",
    "singapore": "Asia/Singapore", "thailand": "Asia/Bangkok", "israel": "Asia/Jerusalem",
    "new zealand": "Pacific/Auckland", "argentina": "America/Argentina/Buenos_Aires",
    # The same places in German, French and Spanish where their names differ.
    "london": "Europe/London", "londres": "Europe/London", "tokio": "Asia/Tokyo",
    "peking": "Asia/Shanghai", "pékin": "Asia/Shanghai", "pekín": "Asia/Shanghai",
    "new york": "America/New_York", "nueva york": "America/New_York",
    "münchen": "Europe/Berlin", "köln": "Europe/Berlin", "wien": "Europe/Vienna",
    "vienne": "Europe/Vienna", "viena": "Europe/Vienna", "rom": "Europe/Rome",
    "rome": "Europe/Rome", "roma": "Europe/Rome", "moskau": "Europe/Moscow",
    "moscou": "Europe/Moscow", "moscú": "Europe/Moscow", "lissabon": "Europe/Lisbon",
    "lisbonne": "Europe/Lisbon", "lisboa": "Europe/Lisbon", "warschau": "Europe/Warsaw",
    "varsovie": "Europe/Warsaw", "varsovia": "Europe/Warsaw", "athen": "Europe/Athens",
    "athènes": "Europe/Athens", "atenas": "Europe/Athens", "kairo": "Africa/Cairo",
    "le caire": "Africa/Cairo", "el cairo": "Africa/Cairo", "genf": "Europe/Zurich",
    "genève": "Europe/Zurich", "ginebra": "Europe/Zurich", "zürich": "Europe/Zurich",
    "deutschland": "Europe/Berlin", "allemagne": "Europe/Berlin", "alemania": "Europe/Berlin",
    "frankreich": "Europe/Paris", "francia": "Europe/Paris", "spanien": "Europe/Madrid",
    "espagne": "Europe/Madrid", "españa": "Europe/Madrid", "japon": "Asia/Tokyo",
    "japón": "Asia/Tokyo", "chine": "Asia/Shanghai", "inde": "Asia/Kolkata",
    "indien": "Asia/Kolkata", "méxico": "America/Mexico_City", "mexiko": "America/Mexico_City",
    "mexico": "America/Mexico_City",
}  # fmt: skip
"""Place (lower case, as said) → IANA zone, where no zone is named after it."""

_ARTICLE: Final = re.compile(r"^(?:the|der|die|das|le|la|les|l'|el|los|las)\s+")


@functools.cache
def _zones() -> dict[str, str]:
    """Every zone by its city as said ("new york" → "America/New_York"), then the aliases."""
    import zoneinfo  # deferred: the database is read on the first question

    found: dict[str, str] = {}
    for key in sorted(zoneinfo.available_timezones()):
        if "/" not in key or key.startswith(("Etc/", "SystemV/", "US/")):
            continue
        city = key.rsplit("/", 1)[1].replace("_", " ").lower()
        found.setdefault(city, key)
    return found | ALIASES


def zone_of(place: str) -> str | None:
    """The IANA zone of a place as said ("Tokyo", "new york", "the UK"), or None."""
    said = " ".join(re.sub(r"[^\w\s']", " ", place.lower()).split())
    zones = _zones()
    return zones.get(said) or zones.get(_ARTICLE.sub("", said))


def world_time(ctx: Context, intent: IntentRecognized) -> Outcome:
    """SaysoWorldTime: the time now in the place said (slot `place`)."""
    import zoneinfo

    place = str(intent.slot("place") or "").strip()
    zone = zone_of(place)
    if zone is None:
        raise ActionFailed(
            "no_match", f"Sorry, I don't know the time zone of {place}.", "unknown_place",
            {"place": place},
        )  # fmt: skip
    there = ctx.now.astimezone(zoneinfo.ZoneInfo(zone))
    named = place.title() if place.islower() else place
    day = _day(there.date(), ctx.now.date())
    said = english_clock(there) + (f" {day}" if day else "")
    clock = f"{there.hour}:{there.minute:02d}"  # 24-hour, as said in de/fr/es ("3:45 Uhr")
    return Outcome(
        f"It's {said} in {named}.",
        data={"zone": zone, "time": there.isoformat()},
        extra={"slots": {"place": named, "time": clock}},
    )


def _day(there: dt.date, here: dt.date) -> str:
    """Tomorrow or yesterday when the place's date is not ours (said in English only)."""
    if there > here:
        return "tomorrow"
    if there < here:
        return "yesterday"
    return ""


HANDLERS: Final[dict[str, HandlerFn]] = {WORLD_TIME: world_time}
"""Intent name → handler for this module."""
