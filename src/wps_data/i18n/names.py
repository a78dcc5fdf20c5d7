"""Names and dates of the Council desk in the reader's language (Babel's CLDR data).

``country`` names a Council member from its ISO 3166-1 code ("FR" -> "France" / "France",
"GB" -> "United Kingdom" / "Royaume-Uni"); ``partial_date`` writes a date as precisely as its
source gives it ("2020-08" -> "August 2020" / "août 2020").

Layer: i18n (a leaf).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date

from wps_data.i18n.formats import LOCALES


def country(code: str, lang: str = "en") -> str:
    """The country's short name in ``lang`` (the code itself when CLDR has no name for it)."""
    return Locale.parse(LOCALES.get(lang, "en")).territories.get(code, code)


def partial_date(iso: str, lang: str = "en") -> str:
    """'2023-06-16' -> '16 June 2023'; '2020-08' -> 'August 2020'; '2015' -> '2015' (never more precise)."""
    locale = LOCALES.get(lang, "en")
    try:
        if len(iso) == 10:
            return format_date(dt.date.fromisoformat(iso), format="long", locale=locale)
        if len(iso) == 7:
            return format_date(dt.date.fromisoformat(iso + "-01"), format="LLLL y", locale=locale)
    except ValueError:
        return iso
    return iso
