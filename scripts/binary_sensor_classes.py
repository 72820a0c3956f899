"""Binary-sensor classes per language: their names and what their two states are called.

The first table behind `binary_sensor_intents.py`: edit it here and rerun the generator.
"""

from __future__ import annotations

# German nouns of things in general, with the dative plural ("welche Anzahl an Geräten"): these
# classes are also asked without a noun ("ist etwas kalt?", `THING_FORMS`).
THINGS_DE = "(Ding[e|en]|Gerät[e|en]|Gegenst(and|ände|änden)|Sensor[en])"

# class → (plural nouns, "on" words, "off" words, substance (for "is there any …") or "")
# A class's "off" words are never another class's "on" words: "¿cuántas cosas hay calientes?"
# was read as things *not cold* (cold's "off"), not things hot.
CLASSES: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "en": {
        "battery": ("batter(y|ies)", "low", "(normal|charged|full|ok|okay)", ""),
        "battery_charging": ("(batter(y|ies)|devices)", "charging", "not charging", ""),
        "carbon_monoxide": (
            "(carbon monoxide|co) (sensors|detectors)",
            "(on|detected|triggered)",
            "(off|clear)",
            "carbon monoxide",
        ),
        "cold": ("(things|devices|sensors)", "(cold|freezing)", "(normal|warm)", ""),
        "connectivity": ("(devices|things)", "(connected|online)", "(disconnected|offline)", ""),
        "gas": ("gas (sensors|detectors)", "(on|detected|triggered)", "(off|clear)", "gas"),
        "heat": ("(things|devices|sensors)", "hot", "(normal|cool)", "heat"),
        "light": ("(light sensors|lights)", "detected", "not detected", "light"),
        "moisture": ("(water|leak|moisture) sensors", "(wet|leaking)", "dry", "(water|a leak)"),
        "motion": ("motion sensors", "(on|detected|triggered)", "(off|clear)", "motion"),
        "occupancy": (
            "(occupancy|presence) sensors",
            "(on|detected|triggered|occupied)",
            "(off|clear|empty)",
            "(someone|anyone|occupancy)",
        ),
        "opening": ("openings", "open", "(closed|shut)", ""),
        "plug": ("(devices|things|plugs)", "plugged in", "unplugged", ""),
        "power": ("(devices|things)", "powered [on]", "(powered off|unpowered)", "power"),
        "presence": ("(devices|people)", "(home|present)", "(away|not home)", ""),
        "problem": (
            "(devices|things)",
            "(having (problems|a problem)|failing)",
            "(ok|okay|fine)",
            "(a problem|problems)",
        ),
        "running": ("(devices|things|machines)", "running", "(not running|stopped)", ""),
        "safety": ("(devices|things|sensors)", "unsafe", "safe", ""),
        "smoke": (
            "smoke (sensors|detectors|alarms)",
            "(on|detected|triggered)",
            "(off|clear)",
            "smoke",
        ),
        "sound": (
            "(sound|noise) sensors",
            "(on|detected|triggered)",
            "(off|clear)",
            "(noise|sound)",
        ),
        "tamper": ("(devices|sensors)", "(tampered [with]|triggered)", "(clear|ok)", "tampering"),
        "update": ("updates", "available", "(installed|up[ ]to[ ]date)", "updates"),
        "vibration": (
            "(vibration sensors|things|devices)",
            "(vibrating|detected|triggered)",
            "(still|clear)",
            "(vibration|shaking)",
        ),
    },
    "es": {
        "battery": ("(batería[s]|pila[s])", "baja[s]", "(normal[es]|cargada[s]|bien)", ""),
        "battery_charging": (
            "(batería[s]|dispositivo[s])",
            "(cargándose|cargando[se]|en carga)",
            "(sin cargar|no (cargando|cargándose))",
            "",
        ),
        "carbon_monoxide": (
            "(sensor|sensores|detector|detectores) de (monóxido de carbono|co)",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "monóxido de carbono",
        ),
        "cold": (
            "(cosa[s]|sensor|sensores|dispositivo[s])",
            "frío[s]|fría[s]",
            "normal[es]",
            "frío",
        ),
        "connectivity": ("(dispositivo[s]|aparato[s])", "conectado[s]", "desconectado[s]", ""),
        "gas": (
            "(sensor|sensores|detector|detectores) de gas",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "gas",
        ),
        "heat": (
            "(cosa[s]|sensor|sensores|dispositivo[s])",
            "caliente[s]",
            "normal[es]",
            "calor",
        ),
        "light": (
            "(sensor|sensores) de luz",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "luz",
        ),
        "moisture": (
            "(sensor|sensores|detector|detectores) de (agua|humedad|fugas)",
            "(mojado[s]|húmedo[s]|inundado[s]|activo[s])",
            "seco[s]",
            "(agua|humedad|inundación|una fuga)",
        ),
        "motion": (
            "(sensor|sensores|detector|detectores) de movimiento",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "movimiento",
        ),
        "occupancy": (
            "(sensor|sensores) de (ocupación|presencia)",
            "(activo[s]|activado[s]|ocupado[s])",
            "(inactivo[s]|desactivado[s]|libre[s]|vacío[s])",
            "[alguna] presencia",
        ),
        "opening": ("(apertura[s]|abertura[s])", "abierta[s]", "cerrada[s]", ""),
        "plug": ("(dispositivo[s]|enchufe[s])", "enchufado[s]", "desenchufado[s]", ""),
        "power": (
            "(dispositivo[s]|aparato[s])",
            "alimentado[s]",
            "(sin alimentación|apagado[s])",
            "",
        ),
        "presence": ("(dispositivo[s]|persona[s])", "en casa", "fuera [de casa]", ""),
        "problem": (
            "(dispositivo[s]|aparato[s])",
            "con (problemas|un problema|fallos)",
            "bien",
            "(algún problema|problemas)",
        ),
        "running": (
            "(dispositivo[s]|aparato[s]|máquina[s])",
            "(en marcha|funcionando)",
            "(parado[s]|detenido[s])",
            "",
        ),
        "safety": ("(dispositivo[s]|sensor|sensores)", "inseguro[s]", "seguro[s]", ""),
        "smoke": (
            "(sensor|sensores|detector|detectores) de humo",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "humo",
        ),
        "sound": (
            "(sensor|sensores|detector|detectores) de (sonido|ruido)",
            "(activo[s]|activado[s]|encendido[s])",
            "(inactivo[s]|desactivado[s]|apagado[s])",
            "(sonido|ruido)",
        ),
        "tamper": (
            "(dispositivo[s]|sensor|sensores)",
            "manipulado[s]",
            "(intacto[s]|bien)",
            "manipulación",
        ),
        "update": (
            "actualizaci(ón|ones)",
            "disponible[s]",
            "(instalada[s]|al día|actualizad(o|a)[s])",
            "",
        ),
        "vibration": (
            "(sensor|sensores) de vibración",
            "(activo[s]|activado[s]|vibrando)",
            "(inactivo[s]|quieto[s])",
            "vibración",
        ),
    },
    "de": {
        "battery": (
            "(Batterie[n]|Akku[s])",
            "(schwach|niedrig|leer|gering)",
            "(normal|voll|geladen|ok)",
            "",
        ),
        "battery_charging": (
            "(Batterie[n]|Akku[s]|Geräte)",
            "(lädt|laden|am Laden|[im Moment|gerade] auf[ge]laden)",
            "(lädt nicht|laden nicht)",
            "",
        ),
        "carbon_monoxide": (
            "(Kohlenmonoxid[-| ]Sensor[en]|Kohlenmonoxidsensor[en]"
            "|CO[-| ]Sensor[en]|Kohlenmonoxidmelder)",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "Kohlenmonoxid",
        ),
        "cold": (THINGS_DE, "kalt", "(normal|warm)", ""),
        "connectivity": (
            THINGS_DE,
            "(verbunden|online)",
            "(getrennt|offline)",
            "",
        ),
        "gas": (
            "(Gas[-| ]Sensor[en]|Gassensor[en]|Gasmelder)",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "Gas",
        ),
        "heat": (THINGS_DE, "heiß", "normal", ""),
        "light": (
            "(Lichtsensor[en]|Licht[-| ]Sensor[en])",
            "(an|aktiv|ausgelöst|erkannt)",
            "(aus|inaktiv)",
            "Licht",
        ),
        "moisture": (
            "(Wassersensor[en]|Feuchtigkeitssensor[en]|Wassermelder)",
            "(nass|feucht|ausgelöst)",
            "trocken",
            "(Wasser|Feuchtigkeit)",
        ),
        "motion": (
            "(Bewegungs(sensor|melder)[en])",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "Bewegung",
        ),
        "occupancy": (
            "(Anwesenheits(sensor|melder)[en])",
            "(an|aktiv|ausgelöst|belegt)",
            "(aus|inaktiv|frei|leer)",
            "(jemand|Anwesenheit)",
        ),
        "plug": (
            "(Gerät[e|en]|Stecker[n])",
            "(eingesteckt|angeschlossen)",
            "(ausgesteckt|nicht angeschlossen)",
            "",
        ),
        "power": (
            "(Gerät[e|en]|Ding[e|en])",
            "(mit Strom versorgt|unter Strom)",
            "(ohne Strom|stromlos)",
            "",
        ),
        "problem": (
            "(Gerät[e|en]|Ding[e|en])",
            "(fehlerhaft|gestört)",
            "(ok|in Ordnung)",
            "(ein Problem|Probleme)",
        ),
        "running": ("(Gerät[e|en]|Maschine[n])", "(in Betrieb|aktiv)", "(aus|außer Betrieb)", ""),
        "safety": (
            "(Gerät[e|en]|Sensor[en])",
            "(unsicher|gefährlich)",
            "(sicher|ungefährlich)",
            "",
        ),
        "smoke": ("(Rauch(sensor|melder)[en])", "(an|aktiv|ausgelöst)", "(aus|inaktiv)", "Rauch"),
        "sound": (
            "(Geräusch(sensor|melder)[en]|Schallsensor[en])",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "(Geräusch[e]|Lärm)",
        ),
        "update": ("(Update[s]|Aktualisierung[en])", "verfügbar", "(installiert|aktuell)", ""),
        "vibration": (
            "(Vibrations(sensor|melder)[en])",
            "(an|aktiv|ausgelöst)",
            "(aus|inaktiv)",
            "(Vibration|Erschütterung)",
        ),
    },
}
