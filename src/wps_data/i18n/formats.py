"""Numbers and dates as a reader of each language writes them (Babel): 22,700 / 22 700, 28.57% / 28,57 %.

Layer: i18n (a leaf: imports Babel and the message catalogues, nothing else of the package).
Values keep the precision the source gives (at most ``MAX_DECIMALS`` on screen); derived
numbers are rounded by their caller (gaps to 2 decimals, changes to 1). Dates: ``fmt_date``
writes them in words in every language; ``fmt_when`` is the date of a source or a mandate
in running text: as the catalogue writes it in English (2023-03-28), in words elsewhere
(28 mars 2023), never more precise than it is (2025-08 -> août 2025; 2015 -> 2015). Plotly
draws its own tick numbers: ``plotly_separators`` and ``percent_suffix`` make them French.
"""

from __future__ import annotations

import datetime as dt
import math

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

NBSP = "\u00a0"  # before % and units in French
LOCALES = {"en": "en_GB", "fr": "fr"}  # en_GB: dates as the UN writes them (30 June 2023)


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "en")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


MAX_DECIMALS = 2  # shown on screen and in images; files keep every digit the source gives


def fmt_plain(value: float, lang: str = "en") -> str:
    """A number with the language's separators: every decimal the source wrote, at most ``MAX_DECIMALS``.

    A source (a dataset computing 41 / 147) may carry twelve decimals no reader can use:
    27.891156462585 is shown 27.89; CSV, data packs and the explorer keep the full value.
    """
    v = round(float(value), MAX_DECIMALS)
    if v.is_integer():
        return format_decimal(int(v), locale=_locale(lang))
    return format_decimal(v, locale=_locale(lang), decimal_quantization=False)


def fmt_number(value: float, lang: str = "en") -> str:
    """14264 -> '14,264' / '14 264'; 8800000 -> '8.8 million' / '8,8 millions'; keeps the source's precision."""
    v = float(value)
    for size, en, fr_one, fr_many in (
        (1e9, "billion", "milliard", "milliards"),
        (1e6, "million", "million", "millions"),
    ):
        if abs(v) >= size and (v / size) == round(v / size, 3):
            n = v / size
            word = en if lang != "fr" else (fr_many if abs(n) >= 2 else fr_one)
            return f"{fmt_plain(n, lang)} {word}"
    return fmt_plain(v, lang)


def fmt_value(value: float | None, unit: str, lang: str = "en") -> str:
    """A value as a reader would write it: 28.57% / 28,57 %, 14,264, 8.8 million, USD 751 million."""
    if _missing(value):
        return "pas de donnée" if lang == "fr" else "no data"
    v = float(value)  # type: ignore[arg-type]
    if unit == "percent":
        return f"{fmt_plain(v, lang)}{NBSP}%" if lang == "fr" else f"{fmt_plain(v, lang)}%"
    if unit == "usd":
        return f"{fmt_number(v, lang)} USD" if lang == "fr" else f"USD {fmt_number(v, lang)}"
    if unit == "per_100000":
        return f"{fmt_plain(v, lang)} pour 100 000" if lang == "fr" else f"{fmt_plain(v, lang)} per 100,000"
    if unit in ("date", "year", "paragraph"):
        return f"{int(v)}"
    return fmt_number(v, lang)


def fmt_signed(value: float, lang: str = "en", *, decimals: int = 1) -> str:
    """+49.5 / +49,5 with the language's decimal separator (for changes in percent or points)."""
    text = fmt_plain(round(float(value), decimals), lang)
    return text if text.startswith("-") else "+" + text


def fmt_date(iso: str | None, lang: str = "en") -> str:
    """'2023-03-28' -> '28 March 2023' / '28 mars 2023'; '2025-08' -> 'August 2025' / 'août 2025'; a year stays."""
    if not isinstance(iso, str) or not iso:  # None, NaN
        return ""
    text = iso
    try:
        if len(text) == 7:
            return format_date(dt.date.fromisoformat(text + "-01"), format="LLLL y", locale=_locale(lang))
        return format_date(dt.date.fromisoformat(text), format="long", locale=_locale(lang))
    except ValueError:
        return text


def fmt_when(iso: str | None, lang: str = "en") -> str:
    """A catalogue date in running text: '2023-03-28' in English (as catalogued), '28 mars 2023' in French."""
    if not isinstance(iso, str) or not iso:  # None, NaN
        return ""
    return str(iso) if lang == "en" else fmt_date(iso, lang)


def percent_suffix(lang: str = "en") -> str:
    """What follows a number on a percent axis: '%' / ' %' (no-break space in French)."""
    return f"{NBSP}%" if lang == "fr" else "%"


def plotly_separators(lang: str = "en") -> str:
    """Plotly's ``layout.separators`` (decimal point, then thousands): '.,' / ',' and a narrow no-break space."""
    return ",\u202f" if lang == "fr" else ".,"


def plural_form(n: float, lang: str = "en") -> str:
    """CLDR plural category of ``n`` in ``lang`` ('one' or 'other'): 1.4 points in English, 1,4 point in French."""
    return "one" if Locale.parse(_locale(lang)).plural_form(abs(n)) == "one" else "other"
