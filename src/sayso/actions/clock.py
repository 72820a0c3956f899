"""Clocks: the only source of wall time for actions, so tests can freeze and advance it."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sayso.errors import ConfigError


@runtime_checkable
class Clock(Protocol):
    """Wall-clock time, always time-zone aware."""

    def now(self) -> dt.datetime:
        """The current time in the home's time zone."""
        ...


def resolve_zone(name: str | None) -> dt.tzinfo:
    """The IANA zone `name`, or the system's local zone when None."""
    if name is None:
        local = dt.datetime.now().astimezone().tzinfo
        return local if local is not None else dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r} (use an IANA name like 'Europe/Paris')"
        ) from None


class SystemClock:
    """The real clock, in time zone `tz` (IANA name, or None for the system zone)."""

    def __init__(self, tz: str | dt.tzinfo | None = None) -> None:
        self.tz = tz if isinstance(tz, dt.tzinfo) else resolve_zone(tz)

    def now(self) -> dt.datetime:
        """The current time in `tz`."""
        return dt.datetime.now(self.tz)


class FixedClock:
    """A clock that stands still until told to move (for tests and replays)."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a time-zone aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        """The frozen time."""
        return self._now

    def advance(self, seconds: float) -> dt.datetime:
        """Move forward by `seconds`; returns the new time."""
        self._now += dt.timedelta(seconds=seconds)
        return self._now

    def set(self, when: dt.datetime) -> None:
        """Jump to `when` (time-zone aware)."""
        self._now = when


def to_utc_iso(when: dt.datetime) -> str:
    """Storage format of instants: UTC ISO 8601, which also sorts chronologically as text."""
    return when.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def from_utc_iso(text: str) -> dt.datetime:
    """Inverse of `to_utc_iso`."""
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)
