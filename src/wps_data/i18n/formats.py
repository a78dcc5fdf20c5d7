"""Numbers and dates as a reader of each language writes them (Babel): 22,700 / 22 700, 28.57% / 28,57 %.

Layer: i18n (a leaf: imports Babel and the message catalogues, nothing else of the package).
Values keep the precision the source gives: nothing is re-rounded here.
"""

from __future__ import annotations

import datetime as dt
import math

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
    """'2023-03-28' -> '28 March 2023' / '28 mars 2023'; a year-month or year stays as written."""
    if not iso:
        return ""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return format_date(d, format="long", locale=_locale(lang))
