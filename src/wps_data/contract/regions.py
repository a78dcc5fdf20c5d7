"""Canonical Mali region names, their aliases, and how they sit on the 2015 boundary map.

One table for every spelling: sources write Timbuktu, Segou, Menaka; the
geoBoundaries layer writes Koulikouro and Segou and predates the 2016 reform that
created Ménaka and Taoudénit. Every region string in the data goes through here, compared
in Unicode NFC (a decomposed "Ségou" is Ségou).

Layer: contract (2), the data contract. Imports nothing of the package but the leaves
(``wps_data.paths``, ``wps_data.files``, ``wps_data.i18n``) and other contract modules.
"""

from __future__ import annotations

import unicodedata

NATIONAL = "Mali"
GLOBAL = "UN peacekeeping"

# Canonical regions in the order a Malian reader lists them (west to east, then new ones).
REGIONS: tuple[str, ...] = (
    "Kayes",
    "Koulikoro",
    "Sikasso",
    "Ségou",
    "Mopti",
    "Tombouctou",
    "Gao",
    "Kidal",
    "Bamako",
    "Ménaka",
    "Taoudénit",
)
ALLOWED: frozenset[str] = frozenset((NATIONAL, GLOBAL, *REGIONS))

ALIASES: dict[str, str] = {
    "Timbuktu": "Tombouctou",
    "Tombouctou": "Tombouctou",
    "Tomboctou": "Tombouctou",
    "Segou": "Ségou",
    "Ségou": "Ségou",
    "Menaka": "Ménaka",
    "Ménaka": "Ménaka",
    "Taoudeni": "Taoudénit",
    "Taoudénit": "Taoudénit",
    "Taoudenni": "Taoudénit",
    "Koulikouro": "Koulikoro",
    "Koulikoro": "Koulikoro",
    "District of Bamako": "Bamako",
    "Bamako District": "Bamako",
    "Bamako": "Bamako",
    "Kayes": "Kayes",
    "Sikasso": "Sikasso",
    "Mopti": "Mopti",
    "Gao": "Gao",
    "Kidal": "Kidal",
    "Mali": NATIONAL,
    "UN peacekeeping (all missions)": GLOBAL,
    GLOBAL: GLOBAL,
}

# Region -> the polygon of the 2015 geoBoundaries layer (shapeName) that contains it.
MAP_SHAPE: dict[str, str] = {
    "Kayes": "Kayes",
    "Koulikoro": "Koulikouro",
    "Sikasso": "Sikasso",
    "Ségou": "Segou",
    "Mopti": "Mopti",
    "Tombouctou": "Tombouctou",
    "Gao": "Gao",
    "Kidal": "Kidal",
    "Bamako": "Bamako",
    "Ménaka": "Gao",
    "Taoudénit": "Tombouctou",
}
# Regions created in 2016 that the map cannot draw on their own.
INSIDE: dict[str, str] = {"Ménaka": "Gao", "Taoudénit": "Tombouctou"}


def nfc(name: str) -> str:
    """A region name in Unicode NFC: "Se\u0301gou" (e + combining acute, as some editors and
    macOS file names write it) becomes "Ségou", the one spelling the vocabulary holds."""
    return unicodedata.normalize("NFC", name)


def canonical(name: str) -> str:
    """Canonical spelling of a region name (compared in NFC); raises KeyError for an unknown name."""
    key = nfc(name.strip())
    if key in ALIASES:
        return ALIASES[key]
    raise KeyError(f"unknown region {name!r}; known: {', '.join(sorted(ALLOWED))}")
