"""Device commands in other languages for `sayso bench turn --language`, on the demo home."""

from __future__ import annotations

from typing import Final

COMMANDS: Final[dict[str, tuple[str, ...]]] = {
    "de": (
        "Schalte das Licht in der Küche ein",
        "Schalte die Wohnzimmerlampe aus",
        "Öffne die Wohnzimmervorhänge",
        "Mach die Kaffeemaschine an",
        "Schließe die Schlafzimmerjalousien",
    ),
    "fr": (
        "Allume la lumière de la cuisine",
        "Éteins la lampe du salon",
        "Ouvre les rideaux du salon",
        "Allume la machine à café",
        "Ferme les stores de la chambre",
    ),
    "es": (
        "Enciende la luz de la cocina",
        "Apaga la lámpara del salón",
        "Abre las cortinas del salón",
        "Enciende la cafetera",
        "Cierra las persianas del dormitorio",
    ),
    "zh-CN": ("打开厨房灯", "关闭客厅台灯", "打开客厅窗帘", "打开咖啡机", "关闭卧室百叶窗"),
}
"""Five commands per language, as a speaker of it would say them to the demo home."""
