"""Device rows: read and write the persisted state of the virtual home."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from typing import Any

from sayso.actions.clock import to_utc_iso
from sayso.actions.store import Store
from sayso.events.actions import StateChange


@dataclasses.dataclass(frozen=True)
class Device:
    """One device as stored: Home Assistant-like state plus attributes."""

    entity_id: str
    """e.g. "light.kitchen"."""
    domain: str
    """e.g. "light"."""
    name: str
    """Friendly spoken name, e.g. "Kitchen Light"."""
    area: str | None
    """Area name, or None."""
    state: str
    """e.g. "on", "off", "open", "locked", "heat", "playing", "21.5"."""
    attributes: dict[str, Any]
    """Domain attributes (brightness, position, temperature, volume...)."""

    @property
    def device_class(self) -> str | None:
        """Device class (e.g. "curtain", "garage_door", "temperature"), when set."""
        value = self.attributes.get("device_class")
        return str(value) if value is not None else None

    def to_dict(self) -> dict[str, Any]:
        """A template-friendly view (as Home Assistant's `state` object), with `state_with_unit`."""
        unit = self.attributes.get("unit_of_measurement")
        return {
            "entity_id": self.entity_id,
            "domain": self.domain,
            "name": self.name,
            "area": self.area,
            "state": self.state,
            "state_with_unit": f"{self.state} {unit}" if unit else self.state,
            "attributes": dict(self.attributes),
        }


def _from_row(row: sqlite3.Row) -> Device:
    return Device(
        entity_id=row["entity_id"],
        domain=row["domain"],
        name=row["name"],
        area=row["area"],
        state=row["state"],
        attributes=json.loads(row["attributes"]),
    )


def get_device(store: Store, entity_id: str) -> Device | None:
    """The device `entity_id`, or None."""
    row = store.row("SELECT * FROM devices WHERE entity_id = ?", (entity_id,))
    return _from_row(row) if row else None


def all_devices(store: Store) -> list[Device]:
    """Every device, ordered by entity id."""
    return [_from_row(r) for r in store.rows("SELECT * FROM devices ORDER BY entity_id")]


def update_device(
    store: Store,
    device: Device,
    now: dt.datetime,
    state: str | None = None,
    **attributes: Any,
) -> list[StateChange]:
    """Write a new state and/or attributes; returns the changes (nothing is written if none)."""
    changes: list[StateChange] = []
    new_state = device.state if state is None else state
    if new_state != device.state:
        changes.append(StateChange(device.entity_id, "state", device.state, new_state))
    merged = dict(device.attributes)
    for key, value in attributes.items():
        if merged.get(key) != value:
            changes.append(StateChange(device.entity_id, key, merged.get(key), value))
            merged[key] = value
    if changes:
        store.execute(
            "UPDATE devices SET state = ?, attributes = ?, updated_at = ? WHERE entity_id = ?",
            (new_state, json.dumps(merged), to_utc_iso(now), device.entity_id),
        )
    return changes


def upsert_seed(store: Store, device: Device, now: dt.datetime) -> None:
    """Add a device from the home file; a persisted device keeps its state and attributes."""
    existing = get_device(store, device.entity_id)
    if existing is None:
        store.execute(
            "INSERT INTO devices (entity_id, domain, name, area, state, attributes, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                device.entity_id,
                device.domain,
                device.name,
                device.area,
                device.state,
                json.dumps(device.attributes),
                to_utc_iso(now),
            ),
        )
        return
    # The file owns names and placement; the store owns state. New file attributes are added.
    attributes = {**device.attributes, **existing.attributes}
    store.execute(
        "UPDATE devices SET domain = ?, name = ?, area = ?, attributes = ? WHERE entity_id = ?",
        (device.domain, device.name, device.area, json.dumps(attributes), device.entity_id),
    )
